import { BODY_STORED_BYTES_MAX, payloadFields, storedBody } from './storedBody';

describe('storedBody', () => {
  it('keeps JSON parsed, and its size', () => {
    const raw = Buffer.from('{"id":"evt_1","created":1700000000}');
    expect(storedBody(raw)).toEqual({ body: { id: 'evt_1', created: 1700000000 }, body_bytes: raw.length });
  });

  it('keeps what is not JSON as text, and what does not fit cut and flagged', () => {
    expect(storedBody(Buffer.from('hello'))).toEqual({ body: 'hello', body_bytes: 5 });
    const big = storedBody(Buffer.from('x'.repeat(BODY_STORED_BYTES_MAX * 2)));
    expect(big).toMatchObject({ body_truncated: true, body_bytes: BODY_STORED_BYTES_MAX * 2 });
    expect(Buffer.byteLength(JSON.stringify(big.body))).toBeLessThanOrEqual(BODY_STORED_BYTES_MAX);
    const escapes = storedBody(Buffer.from('\u0001'.repeat(BODY_STORED_BYTES_MAX)));
    expect(Buffer.byteLength(JSON.stringify(escapes.body))).toBeLessThanOrEqual(BODY_STORED_BYTES_MAX);
  });

  it('keeps as text JSON that cannot be stored as JSON: infinite numbers, deep nesting, numbers that grow', () => {
    expect(storedBody(Buffer.from('{"a":1e400}')).body).toBe('{"a":1e400}');
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(storedBody(Buffer.from(deep)).body).toBe(deep);
    const growing = `[${Array(6000).fill('1e20').join(',')}]`;
    expect(typeof storedBody(Buffer.from(growing)).body).toBe('string');
  });

  it('masks card numbers before anything is stored', () => {
    expect(storedBody(Buffer.from('{"note":"4111111111111111"}'))).toEqual({ body: { note: '411111******1111' }, body_bytes: 27, body_masked: true });
  });
});

describe('payloadFields', () => {
  it('picks id, type, created and data.object, ignoring what has the wrong type', () => {
    expect(payloadFields({ id: 'evt_1', type: 'refund.created', created: 5, data: { object: { id: 're_1' } } })).toEqual({ id: 'evt_1', type: 'refund.created', created: 5, object: { id: 're_1' } });
    expect(payloadFields({ id: 1, created: 1.5, data: { object: [] } })).toEqual({});
    expect(payloadFields('text')).toEqual({});
  });
});
