/**
 * Pix "copia e cola" payloads: the BR Code, Brazil's Central Bank (Bacen) profile of EMV® QRCPS-MPM
 * (Merchant-Presented Mode), as specified in the "Manual de Padrões para Iniciação do Pix" and the
 * "Manual do BR Code". A payload is a string of TLV fields: a 2-digit ID, a 2-digit length (of the
 * value, in characters), the value. Templates (26 merchant account, 62 additional data) hold TLV
 * fields of their own. The last field is always 63, the CRC16-CCITT (polynomial 0x1021, initial value
 * 0xFFFF, no reflection, no final XOR; "CRC-16/CCITT-FALSE") of everything before its value,
 * including its own ID and length "6304", written as 4 upper-case hex digits.
 *
 * Pure: no I/O. Known-answer vectors (Bacen's and others' published payloads) are in brCode.unit.test.ts.
 */

/** The Globally Unique Identifier of the Pix arrangement in a merchant account template (field 26, subfield 00). */
export const PIX_GUI = 'br.gov.bcb.pix';

/** EMV's largest payload. */
export const BR_CODE_CHARS_MAX = 512;
/** Field 59: the receiver's name, at most 25 characters. */
export const MERCHANT_NAME_CHARS_MAX = 25;
/** Field 60: the receiver's city, at most 15 characters. */
export const MERCHANT_CITY_CHARS_MAX = 15;
/** Field 54: the amount, at most 13 characters ("9999999999.99"). */
const AMOUNT_CHARS_MAX = 13;
/** Field 62-05 (reference label): at most 25 characters; `***` when the txid lives at the location (dynamic). */
const REFERENCE_LABEL_CHARS_MAX = 25;
/** Field 26-25: the location of a dynamic payload (a URL without its scheme), at most 77 characters. */
const LOCATION_CHARS_MAX = 77;
/** Field 26-01: a Pix key (CPF, CNPJ, e-mail, +55 phone or random EVP key), at most 77 characters. */
const KEY_CHARS_MAX = 77;
/** At most this many fields in the payload or in one template (a 512-character payload holds fewer). */
const FIELDS_PER_LEVEL_MAX = 128;

const ID = {
  payloadFormat: '00',
  pointOfInitiation: '01',
  merchantAccountFirst: 26,
  merchantAccountLast: 51,
  merchantCategoryCode: '52',
  currency: '53',
  amount: '54',
  country: '58',
  merchantName: '59',
  merchantCity: '60',
  postalCode: '61',
  additionalData: '62',
  crc: '63',
} as const;
const ACCOUNT = { gui: '00', key: '01', description: '02', location: '25' } as const;
const ADDITIONAL = { referenceLabel: '05' } as const;

/** ISO 4217 numeric code of the Brazilian real: the only currency of a Pix payload. */
const BRL_NUMERIC = '986';
/** Point of initiation: 11 a payload that can be paid again and again, 12 one that can be paid once. */
const INITIATION = { static: '11', dynamic: '12' } as const;

/** Why a payload is not a BR Code: `field` names the EMV ID (`26.01`, `63`), or null for the whole string. */
export class BrCodeError extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'BrCodeError';
  }
}

/** One TLV field as it appears in a payload, with its subfields when it is a template (26–51, 62). */
export interface BrCodeField {
  id: string;
  value: string;
}

/** A parsed Pix payload: every field PayRail reads, and all the fields as they appeared. */
export interface PixBrCode {
  /** 01 absent (it may be paid several times, like 11), 11 static, 12 dynamic (one payment). */
  point_of_initiation: 'static' | 'dynamic' | null;
  /** The Pix merchant account template (26; a payload may carry other arrangements beside it). */
  merchant_account: { gui: string; key: string | null; description: string | null; location: string | null };
  merchant_category_code: string;
  currency: typeof BRL_NUMERIC;
  /** Field 54 as written ("123.45"), and in centavos; null when the payer chooses the amount. */
  amount: string | null;
  amount_minor: number | null;
  country: 'BR';
  merchant_name: string;
  merchant_city: string;
  postal_code: string | null;
  /** Field 62-05: the txid of a static payload, `***` for a dynamic one; null when absent. */
  reference_label: string | null;
  crc: string;
  fields: BrCodeField[];
}

/**
 * CRC16-CCITT-FALSE of the UTF-8 bytes of `text`, as 4 upper-case hex digits. Known answer: "123456789"
 * → "29B1" (the catalogue check value of CRC-16/CCITT-FALSE).
 */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** `12345` centavos → `"123.45"`: field 54 always with two decimals. */
export function brCodeAmount(amount_minor: number): string {
  if (!Number.isSafeInteger(amount_minor) || amount_minor <= 0) throw new RangeError(`a Pix amount is a positive integer of centavos, got ${amount_minor}`);
  const digits = String(amount_minor).padStart(3, '0');
  const text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  if (text.length > AMOUNT_CHARS_MAX) throw new RangeError(`a Pix amount has at most ${AMOUNT_CHARS_MAX} characters, ${text} has ${text.length}`);
  return text;
}

/** What a payload is built from. Exactly one of `key` (static) and `location` (dynamic) is given. */
export interface BrCodeInput {
  /** A Pix key: the payload can be paid again and again (static, point of initiation absent). */
  key?: string;
  /** A free text for the payer (26-02), static payloads only. */
  description?: string;
  /** Where the payer's bank fetches the charge (26-25, a URL without `https://`): a dynamic payload (12). */
  location?: string;
  /** In centavos; absent leaves the amount to the payer. */
  amount_minor?: number;
  merchant_name: string;
  merchant_city: string;
  /** ISO 18245 merchant category code, 4 digits; "0000" when not given. */
  merchant_category_code?: string;
  postal_code?: string;
  /** 62-05: the txid of a static payload (letters and digits); `***` when not given (always, for dynamic). */
  reference_label?: string;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function tlv(id: string, value: string): string {
  if (value.length === 0 || value.length > 99) throw new BrCodeError(`field ${id} must have 1 to 99 characters, it has ${value.length}`, id);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

function text(value: string, field: string, max: number, what: string): string {
  if (value.length === 0 || value.length > max) throw new BrCodeError(`${what} (field ${field}) must have 1 to ${max} characters, it has ${value.length}`, field);
  if (!PRINTABLE_ASCII.test(value)) throw new BrCodeError(`${what} (field ${field}) must be printable ASCII (letters without accents, digits, spaces, punctuation)`, field);
  return value;
}

/**
 * Builds a payload: static with a key, or dynamic (point of initiation 12, one payment) with a
 * location. Throws BrCodeError naming the field when an input cannot be written as one.
 */
export function buildBrCode(input: BrCodeInput): string {
  if ((input.key === undefined) === (input.location === undefined)) throw new BrCodeError('give exactly one of key (static payload) and location (dynamic payload)', '26');
  if (input.location !== undefined && input.description !== undefined) throw new BrCodeError('a dynamic payload carries its description at the location, not in field 26-02', '26.02');
  const mcc = input.merchant_category_code ?? '0000';
  if (!/^\d{4}$/.test(mcc)) throw new BrCodeError('the merchant category code (field 52) is 4 digits', '52');
  const label = input.location !== undefined ? '***' : (input.reference_label ?? '***');
  if (label !== '***' && !/^[A-Za-z0-9]{1,25}$/.test(label)) throw new BrCodeError(`the reference label (field 62-05) is '***' or 1 to ${REFERENCE_LABEL_CHARS_MAX} letters and digits`, '62.05');
  const account =
    tlv(ACCOUNT.gui, PIX_GUI) +
    (input.key !== undefined ? tlv(ACCOUNT.key, text(input.key, '26.01', KEY_CHARS_MAX, 'the Pix key')) : '') +
    (input.description !== undefined ? tlv(ACCOUNT.description, text(input.description, '26.02', 99, 'the description')) : '') +
    (input.location !== undefined ? tlv(ACCOUNT.location, text(input.location, '26.25', LOCATION_CHARS_MAX, 'the location')) : '');
  if (input.location !== undefined && /^https?:\/\//i.test(input.location)) throw new BrCodeError('the location (field 26-25) is written without its scheme (no https://)', '26.25');
  const body =
    tlv(ID.payloadFormat, '01') +
    (input.location !== undefined ? tlv(ID.pointOfInitiation, INITIATION.dynamic) : '') +
    tlv(String(ID.merchantAccountFirst), account) +
    tlv(ID.merchantCategoryCode, mcc) +
    tlv(ID.currency, BRL_NUMERIC) +
    (input.amount_minor !== undefined ? tlv(ID.amount, amountText(input.amount_minor)) : '') +
    tlv(ID.country, 'BR') +
    tlv(ID.merchantName, text(input.merchant_name, ID.merchantName, MERCHANT_NAME_CHARS_MAX, 'the merchant name')) +
    tlv(ID.merchantCity, text(input.merchant_city, ID.merchantCity, MERCHANT_CITY_CHARS_MAX, 'the merchant city')) +
    (input.postal_code !== undefined ? tlv(ID.postalCode, text(input.postal_code, ID.postalCode, 99, 'the postal code')) : '') +
    tlv(ID.additionalData, tlv(ADDITIONAL.referenceLabel, label)) +
    `${ID.crc}04`;
  const payload = body + crc16Ccitt(body);
  if (payload.length > BR_CODE_CHARS_MAX) throw new BrCodeError(`a BR Code has at most ${BR_CODE_CHARS_MAX} characters, this one would have ${payload.length}`, null);
  return payload;
}

function amountText(amount_minor: number): string {
  try {
    return brCodeAmount(amount_minor);
  } catch (error) {
    throw new BrCodeError((error as Error).message, ID.amount);
  }
}

/** Splits a string of TLV fields; `where` prefixes the IDs in errors (`26.` inside field 26). */
function splitFields(text: string, where: string): BrCodeField[] {
  const chars = Array.from(text); // lengths count characters, not UTF-16 units or bytes
  const fields: BrCodeField[] = [];
  const seen = new Set<string>();
  let at = 0;
  while (at < chars.length) {
    if (fields.length >= FIELDS_PER_LEVEL_MAX) throw new BrCodeError(`more than ${FIELDS_PER_LEVEL_MAX} fields`, where === '' ? null : where.slice(0, -1));
    const head = chars.slice(at, at + 4).join('');
    if (!/^\d{4}$/.test(head)) {
      const after = fields.length === 0 ? '' : ` (after field ${where}${fields[fields.length - 1]?.id} of ${fields[fields.length - 1]?.value.length} characters: is its length right?)`;
      throw new BrCodeError(`expected a 2-digit ID and a 2-digit length at character ${at + 1}${where === '' ? '' : ` of field ${where.slice(0, -1)}`}${after}, found ${JSON.stringify(head)}`, where === '' ? null : where.slice(0, -1));
    }
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    if (length === 0) throw new BrCodeError(`field ${where}${id} has length 00; a present field has 1 to 99 characters`, `${where}${id}`);
    if (at + 4 + length > chars.length) throw new BrCodeError(`field ${where}${id} announces ${length} characters but only ${chars.length - at - 4} follow`, `${where}${id}`);
    if (seen.has(id)) throw new BrCodeError(`field ${where}${id} appears twice`, `${where}${id}`);
    seen.add(id);
    fields.push({ id, value: chars.slice(at + 4, at + 4 + length).join('') });
    at += 4 + length;
  }
  return fields;
}

const valueOf = (fields: BrCodeField[], id: string): string | null => fields.find((field) => field.id === id)?.value ?? null;

function required(fields: BrCodeField[], id: string, what: string): string {
  const value = valueOf(fields, id);
  if (value === null) throw new BrCodeError(`field ${id} (${what}) is missing`, id);
  return value;
}

/**
 * Reads a Pix payload and checks it: the CRC (field 63, last), the payload format (00 = "01", first),
 * a Pix merchant account (GUI `br.gov.bcb.pix` in one of 26–51, with a key or a location), the
 * currency (986), the country (BR), the name (≤ 25) and city (≤ 15), a well-formed amount and
 * reference label. Fields of other arrangements (27, 80...) are kept in `fields`. Throws BrCodeError
 * saying what is wrong and where.
 */
export function parseBrCode(payload: unknown): PixBrCode {
  if (typeof payload !== 'string' || payload.length === 0) throw new BrCodeError('a BR Code is a non-empty string', null);
  if (payload.length > BR_CODE_CHARS_MAX) throw new BrCodeError(`a BR Code has at most ${BR_CODE_CHARS_MAX} characters, this one has ${payload.length}`, null);
  if (/[\x00-\x1f\x7f]/.test(payload)) throw new BrCodeError('a BR Code holds no control characters (a line break pasted with it?)', null);
  const tail = /6304([0-9A-Fa-f]{4})$/.exec(payload);
  if (tail === null) throw new BrCodeError('a BR Code ends with its CRC field: "6304" and 4 hex digits', ID.crc);
  const crc = (tail[1] as string).toUpperCase();
  const expected = crc16Ccitt(payload.slice(0, -4));
  if (crc !== expected) throw new BrCodeError(`the CRC (field 63) is ${crc} but the payload's CRC16-CCITT is ${expected}: the payload was changed or cut`, ID.crc);
  // The CRC field is known to be last: the fields before it must end exactly where it starts.
  const fields = [...splitFields(payload.slice(0, -8), ''), { id: ID.crc, value: crc }];
  if (fields[0]?.id !== ID.payloadFormat) throw new BrCodeError('the first field must be 00 (payload format indicator)', ID.payloadFormat);
  if (fields[0].value !== '01') throw new BrCodeError(`the payload format indicator (field 00) must be "01", it is ${JSON.stringify(fields[0].value)}`, ID.payloadFormat);
  if (fields.filter((field) => field.id === ID.crc).length > 1) throw new BrCodeError('field 63 (CRC) appears twice', ID.crc);

  const initiation = valueOf(fields, ID.pointOfInitiation);
  if (initiation !== null && initiation !== INITIATION.static && initiation !== INITIATION.dynamic) {
    throw new BrCodeError(`the point of initiation (field 01) is 11 (static) or 12 (dynamic), not ${JSON.stringify(initiation)}`, ID.pointOfInitiation);
  }
  const merchant_account = pixAccount(fields);
  if (initiation === INITIATION.dynamic && merchant_account.location === null) throw new BrCodeError('a dynamic payload (01 = 12) needs a location (field 26-25)', '26.25');

  const merchant_category_code = required(fields, ID.merchantCategoryCode, 'merchant category code');
  if (!/^\d{4}$/.test(merchant_category_code)) throw new BrCodeError('the merchant category code (field 52) is 4 digits', ID.merchantCategoryCode);
  const currency = required(fields, ID.currency, 'transaction currency');
  if (currency !== BRL_NUMERIC) throw new BrCodeError(`the currency (field 53) of a Pix payload is 986 (BRL), not ${JSON.stringify(currency)}`, ID.currency);
  const amount = valueOf(fields, ID.amount);
  const amount_minor = amount === null ? null : amountMinor(amount);
  const country = required(fields, ID.country, 'country code');
  if (country !== 'BR') throw new BrCodeError(`the country (field 58) of a Pix payload is BR, not ${JSON.stringify(country)}`, ID.country);
  const merchant_name = required(fields, ID.merchantName, 'merchant name');
  if (Array.from(merchant_name).length > MERCHANT_NAME_CHARS_MAX) throw new BrCodeError(`the merchant name (field 59) has at most ${MERCHANT_NAME_CHARS_MAX} characters`, ID.merchantName);
  const merchant_city = required(fields, ID.merchantCity, 'merchant city');
  if (Array.from(merchant_city).length > MERCHANT_CITY_CHARS_MAX) throw new BrCodeError(`the merchant city (field 60) has at most ${MERCHANT_CITY_CHARS_MAX} characters`, ID.merchantCity);

  const additional = valueOf(fields, ID.additionalData);
  const reference_label = additional === null ? null : valueOf(splitFields(additional, '62.'), ADDITIONAL.referenceLabel);
  // EMV allows any printable character here (Bacen's own example has "RP12345678-2019"); Pix's txid
  // rule (letters and digits) binds those who write one, so only the builder enforces it.
  if (reference_label !== null && Array.from(reference_label).length > REFERENCE_LABEL_CHARS_MAX) {
    throw new BrCodeError(`the reference label (field 62-05) has at most ${REFERENCE_LABEL_CHARS_MAX} characters`, '62.05');
  }
  return {
    point_of_initiation: initiation === null ? null : initiation === INITIATION.dynamic ? 'dynamic' : 'static',
    merchant_account,
    merchant_category_code,
    currency: BRL_NUMERIC,
    amount,
    amount_minor,
    country: 'BR',
    merchant_name,
    merchant_city,
    postal_code: valueOf(fields, ID.postalCode),
    reference_label,
    crc,
    fields,
  };
}

/** The first merchant account template (26–51) whose GUI is Pix's (case does not matter, as Bacen's examples show both). */
function pixAccount(fields: BrCodeField[]): PixBrCode['merchant_account'] {
  for (const field of fields) {
    const number = Number(field.id);
    if (number < ID.merchantAccountFirst || number > ID.merchantAccountLast) continue;
    const inner = splitFields(field.value, `${field.id}.`);
    const gui = valueOf(inner, ACCOUNT.gui);
    if (gui === null || gui.toLowerCase() !== PIX_GUI) continue;
    const key = valueOf(inner, ACCOUNT.key);
    const location = valueOf(inner, ACCOUNT.location);
    if (key === null && location === null) throw new BrCodeError(`the Pix merchant account (field ${field.id}) needs a key (${field.id}-01) or a location (${field.id}-25)`, field.id);
    if (key !== null && location !== null) throw new BrCodeError(`the Pix merchant account (field ${field.id}) has both a key and a location; a payload is static or dynamic`, field.id);
    return { gui, key, description: valueOf(inner, ACCOUNT.description), location };
  }
  throw new BrCodeError(`no merchant account template (fields 26 to 51) has the Pix GUI ${PIX_GUI}`, '26');
}

/** Field 54 in centavos: digits with an optional point and at most two decimals ("66.66", "100.5", "7"). */
function amountMinor(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (match === null || amount.length > AMOUNT_CHARS_MAX) throw new BrCodeError(`the amount (field 54) is a decimal number with a point and at most two decimals, not ${JSON.stringify(amount)}`, ID.amount);
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (minor <= 0) throw new BrCodeError('the amount (field 54), when present, is above zero', ID.amount);
  return minor;
}
