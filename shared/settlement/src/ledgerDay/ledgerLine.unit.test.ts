import { GENESIS_HASH, sealEvent } from '@payrail/journal';
import fc from 'fast-check';
import { LineReader, parseLine, type CaptureFields } from './ledgerLine';

function sealed(overrides: { correlation_id?: string; merchant_id?: string; timestamp?: string } = {}): string {
  const { line } = sealEvent({
    event_id: 'evt_01kh0000000000000000000000',
    type: 'payment_intent.captured',
    ref: 'pi_01kh0000000000000000000001',
    seq: 1,
    timestamp: overrides.timestamp ?? '2026-02-09T10:00:00.123Z',
    prev_hash: GENESIS_HASH,
    merchant_id: overrides.merchant_id ?? 'm_demo',
    correlation_id: overrides.correlation_id ?? 'corr_1',
    data: { amount_captured: 1099, processor: 'providerA', processor_reference: 'ch_1', fee: 62 },
    postings: [
      { account: 'processor_receivable:providerA', amount: 1099, currency: 'USD' },
      { account: 'merchant_payable:m_demo', amount: -1099, currency: 'USD' },
    ],
  });
  return line.slice(0, -1);
}

/** The line inside a chunk, with the neighbours a read chunk has. */
const inChunk = (line: string): [Buffer, number, number] => {
  const before = '{"type":"x","timestamp":"2026-01-01T00:00:00.000Z","ref":"pi_before","currency":"EUR"}\n';
  const buffer = Buffer.from(`${before}${line}\n{"ref":"pi_after","merchant_id":"m_after","type":"z"}`);
  const start = Buffer.byteLength(before);
  return [buffer, start, start + Buffer.byteLength(line)];
};

const fields = (): CaptureFields => ({ ref_start: 0, ref_end: 0, merchant: '', currency: '', processor: '', amount: 0 });
/** What readCapture found, with the payment id read from where it points. */
const read = (buffer: Buffer, { ref_start, ref_end, ...rest }: CaptureFields) => ({ payment_id: buffer.toString('utf8', ref_start, ref_end), ...rest });

describe('reading canonical ledger lines', () => {
  it('reads the type, time and capture fields of a line the journal sealed, without parsing it', () => {
    const reader = new LineReader();
    const [buffer, start, end] = inChunk(sealed());
    expect(reader.at(buffer, start, end)).toBe(true);
    expect(reader.typeIs(Buffer.from('payment_intent.captured'))).toBe(true);
    expect(reader.typeIs(Buffer.from('payment_intent.capture'))).toBe(false);
    expect(reader.timestampMs()).toBe(Date.parse('2026-02-09T10:00:00.123Z'));
    const out = fields();
    expect(reader.readCapture(out)).toBe(true);
    expect(read(buffer, out)).toEqual({ payment_id: 'pi_01kh0000000000000000000001', merchant: 'm_demo', currency: 'USD', processor: 'providerA', amount: 1099 });
  });

  it('reads the same as JSON.parse, or declines, whatever a client put in the strings around', () => {
    const reader = new LineReader();
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ minLength: 1, maxLength: 64 }), fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (correlation, merchant, time) => {
        const line = sealed({ correlation_id: `x"ref":"pi_forged","merchant_id":"m_x${correlation}`.slice(0, 128), merchant_id: merchant, timestamp: time.toISOString() });
        const [buffer, start, end] = inChunk(line);
        const parsed = JSON.parse(line) as { ref: string; merchant_id: string; timestamp: string };
        expect(reader.at(buffer, start, end)).toBe(true);
        expect(reader.timestampMs()).toBe(Date.parse(parsed.timestamp));
        const out = fields();
        // An escaped merchant id is left to the JSON parser; otherwise every field is exactly right.
        if (reader.readCapture(out)) expect(read(buffer, out)).toEqual({ payment_id: parsed.ref, merchant: parsed.merchant_id, currency: 'USD', processor: 'providerA', amount: 1099 });
        else expect(JSON.stringify(parsed.merchant_id)).toContain('\\');
      }),
    );
  });

  it('says a line is not canonical when a tool rewrote it, so it gets parsed instead', () => {
    const reader = new LineReader();
    const reordered = JSON.stringify((({ type, ...rest }) => ({ type, ...rest }))(JSON.parse(sealed()) as { type: string }));
    const [buffer, start, end] = inChunk(reordered);
    expect(reader.at(buffer, start, end)).toBe(false);
    expect(parseLine(buffer, start, end)).toMatchObject({ type: 'payment_intent.captured', ref: 'pi_01kh0000000000000000000001' });
    const [broken, from, to] = inChunk('{"type":');
    expect(reader.at(broken, from, to)).toBe(false);
    expect(parseLine(broken, from, to)).toBeNull();
  });
});
