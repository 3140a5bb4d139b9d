import fc from 'fast-check';
import { BrCodeError, brCodeAmount, buildBrCode, crc16Ccitt, parseBrCode } from './brCode';

/*
 * Known answers: payloads other people published, each with the CRC its author printed. Our CRC and
 * parser must agree with every one of them, byte for byte.
 */
const PUBLISHED = {
  // Banco Central do Brasil, "Manual do BR Code" / "Manual de Padrões para Iniciação do Pix", the
  // static example (EVP key, no amount): https://www.bcb.gov.br/content/estabilidadefinanceira/spb_docs/ManualBRCode.pdf
  bacenStatic: '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D',
  // matheusb-comp, "Exemplos de formato PIX" (section 6.2 of the Manual de Padrões):
  // https://gist.github.com/matheusb-comp/1efa205b3c0ffd7af1e8ce63a10e02dc — a dynamic payload
  // (01 = 12) with a location URL.
  gistDynamic: '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB',
  // naomijub/brcode, dartbrcode/test/lib.dart and its JS tests (github.com/naomijub/brcode): Pix in 26
  // beside another arrangement (04, 27, 80), a postal code (61) and a reference label in 62-05.
  naomijub: '00020104141234567890123426580014BR.GOV.BCB.PIX0136123e4567-e12b-12d1-a456-42665544000027300012BR.COM.OUTRO011001234567895204000053039865406123.455802BR5917NOME DO RECEBEDOR6008BRASILIA61087007490062190515RP12345678-201980390012BR.COM.OUTRO01190123.ABCD.3456.WXYZ6304AD38',
};

describe('crc16Ccitt (CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF)', () => {
  it('gives the catalogue check value and the published answers', () => {
    expect(crc16Ccitt('123456789')).toBe('29B1'); // the check value of CRC-16/CCITT-FALSE
    expect(crc16Ccitt('biscuit')).toBe('B8CE'); // naomijub/brcode's test of crc16Ccitt
    for (const payload of Object.values(PUBLISHED)) expect(crc16Ccitt(payload.slice(0, -4))).toBe(payload.slice(-4));
  });
});

describe('parseBrCode on published payloads', () => {
  it("reads Bacen's static example", () => {
    expect(parseBrCode(PUBLISHED.bacenStatic)).toMatchObject({
      point_of_initiation: null,
      merchant_account: { gui: 'br.gov.bcb.pix', key: '123e4567-e12b-12d1-a456-426655440000', location: null, description: null },
      merchant_category_code: '0000',
      currency: '986',
      amount: null,
      amount_minor: null,
      country: 'BR',
      merchant_name: 'Fulano de Tal',
      merchant_city: 'BRASILIA',
      reference_label: '***',
      crc: '1D3D',
    });
  });

  it('reads a dynamic payload with a location', () => {
    expect(parseBrCode(PUBLISHED.gistDynamic)).toMatchObject({
      point_of_initiation: 'dynamic',
      merchant_account: { gui: 'BR.GOV.BCB.PIX', key: null, location: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99' },
      amount: null,
      merchant_name: 'EMPRESA',
      merchant_city: 'SAO PAULO',
      reference_label: '***',
      crc: 'EEAB',
    });
  });

  it('finds Pix among other arrangements and keeps their fields', () => {
    const parsed = parseBrCode(PUBLISHED.naomijub);
    expect(parsed).toMatchObject({ amount_minor: 12345, postal_code: '70074900', reference_label: 'RP12345678-2019' });
    expect(parsed.fields.map((field) => field.id)).toEqual(['00', '04', '26', '27', '52', '53', '54', '58', '59', '60', '61', '62', '80', '63']);
  });

  it('rejects published payloads that are broken, saying how', () => {
    // The same gist's static example (6.1): its CRC matches, but field 62 announces 8 characters and
    // holds 7 ("0503***"), so the CRC field's "6" is read as data.
    const gistStatic = '00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E';
    expect(crc16Ccitt(gistStatic.slice(0, -4))).toBe('170E');
    expect(() => parseBrCode(gistStatic)).toThrow('field 62 announces 8 characters but only 7 follow');
    // Printed in an API's documentation (simpay-prod.readme.io, "Create copy and paste transfer") with
    // the CRC of Bacen's example, 1D3D (its own is 2715), and a name of 13 characters announced as 25.
    const simpay = '00020126360014br.gov.bcb.pix0114+55119999999995204000053039865406100.505802BR5925FULANO DE TAL6014BELO HORIZONTE62070503***63041D3D';
    expect(() => parseBrCode(simpay)).toThrow("the CRC (field 63) is 1D3D but the payload's CRC16-CCITT is 2715");
    expect(() => parseBrCode(`${simpay.slice(0, -4)}2715`)).toThrow('after field 59 of 25 characters: is its length right?');
    // Both, repaired, read as their authors meant them.
    const repaired = (body: string): string => `${body}6304${crc16Ccitt(`${body}6304`)}`;
    expect(parseBrCode(repaired(gistStatic.slice(0, -8).replace('62080503***', '62070503***')))).toMatchObject({ merchant_account: { key: '+5511943214321' }, amount: '66.66', amount_minor: 6666 });
    expect(parseBrCode(repaired(simpay.slice(0, -8).replace('5925FULANO', '5913FULANO')))).toMatchObject({ amount_minor: 10050, merchant_name: 'FULANO DE TAL', merchant_city: 'BELO HORIZONTE' });
  });
});

describe('parseBrCode refuses what is not a Pix BR Code, saying where', () => {
  // A payload with its CRC recomputed: so the check under test is the one that fails.
  const withCrc = (body: string): string => `${body}6304${crc16Ccitt(`${body}6304`)}`;
  const staticBody = (fields: { account?: string; currency?: string; amount?: string; country?: string; name?: string; city?: string; extra?: string; format?: string; initiation?: string; label?: string } = {}): string => {
    const tlv = (id: string, value: string): string => `${id}${String(value.length).padStart(2, '0')}${value}`;
    return (
      tlv('00', fields.format ?? '01') +
      (fields.initiation === undefined ? '' : tlv('01', fields.initiation)) +
      tlv('26', fields.account ?? '0014br.gov.bcb.pix0109123456789') +
      '52040000' +
      tlv('53', fields.currency ?? '986') +
      (fields.amount === undefined ? '' : tlv('54', fields.amount)) +
      tlv('58', fields.country ?? 'BR') +
      tlv('59', fields.name ?? 'LOJA') +
      tlv('60', fields.city ?? 'RECIFE') +
      tlv('62', tlv('05', fields.label ?? '***')) +
      (fields.extra ?? '')
    );
  };

  it.each([
    ['not a string', 42, null, 'a BR Code is a non-empty string'],
    ['empty', '', null, 'a BR Code is a non-empty string'],
    ['no CRC field', '000201', '63', 'ends with its CRC field'],
    ['a changed character', PUBLISHED.bacenStatic.replace('Fulano', 'Fulana'), '63', 'the payload was changed or cut'],
    ['a pasted line break', `${PUBLISHED.bacenStatic}\n`, null, 'no control characters'],
    ['a length running past the end', withCrc('000201269999'), '26', 'announces 99 characters'],
    ['letters where the length goes', withCrc('0002012AXX'), null, 'expected a 2-digit ID and a 2-digit length'],
    ['a field twice', withCrc(`${staticBody()}5802BR`), '58', 'field 58 appears twice'],
    ['the wrong payload format', withCrc(staticBody({ format: '02' })), '00', 'must be "01"'],
    ['an unknown point of initiation', withCrc(staticBody({ initiation: '13' })), '01', '11 (static) or 12 (dynamic)'],
    ['no Pix arrangement', withCrc(staticBody({ account: '0012BR.COM.OUTRO0109123456789' })), '26', 'no merchant account template'],
    ['Pix with neither key nor location', withCrc(staticBody({ account: '0014br.gov.bcb.pix' })), '26', 'needs a key (26-01) or a location (26-25)'],
    ['a dynamic payload without a location', withCrc(staticBody({ initiation: '12' })), '26.25', 'needs a location'],
    ['another currency', withCrc(staticBody({ currency: '840' })), '53', '986 (BRL)'],
    ['another country', withCrc(staticBody({ country: 'US' })), '58', 'is BR'],
    ['an amount with a comma', withCrc(staticBody({ amount: '10,00' })), '54', 'decimal number with a point'],
    ['an amount with three decimals', withCrc(staticBody({ amount: '1.005' })), '54', 'at most two decimals'],
    ['a zero amount', withCrc(staticBody({ amount: '0.00' })), '54', 'above zero'],
    ['a name of 26 characters', withCrc(staticBody({ name: 'A'.repeat(26) })), '59', 'at most 25 characters'],
    ['a city of 16 characters', withCrc(staticBody({ city: 'B'.repeat(16) })), '60', 'at most 15 characters'],
    ['a reference label of 26 characters', withCrc(staticBody({ label: 'T'.repeat(26) })), '62.05', 'at most 25 characters'],
    ['a field after the CRC', withCrc(`${staticBody()}6304ABCD`), '63', 'field 63 (CRC) appears twice'],
  ])('%s', (_what, payload, field, message) => {
    let error: unknown;
    try {
      parseBrCode(payload);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BrCodeError);
    expect({ field: (error as BrCodeError).field, message: (error as BrCodeError).message }).toEqual({ field, message: expect.stringContaining(message) });
  });
});

describe('buildBrCode', () => {
  it("writes Bacen's static example byte for byte", () => {
    expect(buildBrCode({ key: '123e4567-e12b-12d1-a456-426655440000', merchant_name: 'Fulano de Tal', merchant_city: 'BRASILIA' })).toBe(PUBLISHED.bacenStatic);
  });

  it('writes the published dynamic payload byte for byte (with the GUI in lower case, which Bacen also uses)', () => {
    const built = buildBrCode({ location: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99', merchant_name: 'EMPRESA', merchant_city: 'SAO PAULO' });
    expect(built).toBe(withLowerGui(PUBLISHED.gistDynamic));
  });

  it('writes a one-time charge with an amount that parses back to what was given', () => {
    const payload = buildBrCode({ location: 'pix.provider-sim.payrail.test/qr/v2/cob/TXID0123456789ABCDEFGHIJKLMN', amount_minor: 12345, merchant_name: 'PAYRAIL DEMO', merchant_city: 'SAO PAULO', merchant_category_code: '5999' });
    expect(payload).toContain('5406123.45');
    expect(payload).toMatch(/6304[0-9A-F]{4}$/);
    expect(parseBrCode(payload)).toMatchObject({ point_of_initiation: 'dynamic', amount: '123.45', amount_minor: 12345, merchant_category_code: '5999', reference_label: '***' });
  });

  it('refuses what it cannot write, naming the field', () => {
    const base = { merchant_name: 'LOJA', merchant_city: 'RECIFE' };
    expect(() => buildBrCode(base)).toThrow(expect.objectContaining({ field: '26', message: expect.stringContaining('exactly one of key') }));
    expect(() => buildBrCode({ ...base, key: 'k', location: 'l' })).toThrow(expect.objectContaining({ field: '26' }));
    expect(() => buildBrCode({ ...base, key: 'k', merchant_name: 'N'.repeat(26) })).toThrow(expect.objectContaining({ field: '59' }));
    expect(() => buildBrCode({ ...base, key: 'k', merchant_city: 'São Paulo' })).toThrow(expect.objectContaining({ field: '60', message: expect.stringContaining('printable ASCII') }));
    expect(() => buildBrCode({ ...base, location: 'https://pix.example.com/qr/1' })).toThrow(expect.objectContaining({ field: '26.25' }));
    expect(() => buildBrCode({ ...base, key: 'k', amount_minor: 0 })).toThrow(expect.objectContaining({ field: '54' }));
    expect(() => buildBrCode({ ...base, key: 'k', amount_minor: 1.5 })).toThrow(expect.objectContaining({ field: '54' }));
    expect(() => buildBrCode({ ...base, key: 'k', reference_label: 'a-b' })).toThrow(expect.objectContaining({ field: '62.05' }));
  });

  it('writes amounts with two decimals', () => {
    expect([1, 10, 100, 12345, 99_999_999_999].map(brCodeAmount)).toEqual(['0.01', '0.10', '1.00', '123.45', '999999999.99']);
  });

  it('round-trips any payload it can build, and any single changed character breaks the CRC or the shape', () => {
    const printable = fc.stringMatching(/^[A-Za-z0-9 .]{1,15}$/).filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(printable, printable, fc.integer({ min: 1, max: 9_999_999_999 }), fc.stringMatching(/^[A-Za-z0-9]{26,35}$/), fc.nat(), (name, city, amount, txid, at) => {
        const payload = buildBrCode({ location: `pix.provider-sim.payrail.test/qr/v2/cob/${txid}`, amount_minor: amount, merchant_name: name, merchant_city: city });
        const parsed = parseBrCode(payload);
        if (parsed.amount_minor !== amount || parsed.merchant_name !== name || parsed.merchant_city !== city || !parsed.merchant_account.location?.endsWith(txid)) return false;
        const index = at % payload.length;
        const changed = payload.slice(0, index) + (payload[index] === 'A' ? 'B' : 'A') + payload.slice(index + 1);
        expect(() => parseBrCode(changed)).toThrow(BrCodeError);
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

/** The same payload with the GUI in lower case, and its CRC recomputed. */
function withLowerGui(payload: string): string {
  const body = payload.slice(0, -4).replace('BR.GOV.BCB.PIX', 'br.gov.bcb.pix');
  return body + crc16Ccitt(body);
}
