import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, isWebhookSecret, signStandardWebhook, verifyStandardWebhook } from './standardWebhooks';

// The Standard Webhooks reference vector (also in svix's test suites).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR_TIME = new Date(VECTOR.timestamp * 1000);

const nowS = (): number => Math.floor(Date.now() / 1000);

describe('signStandardWebhook', () => {
  it('matches the reference known answer', () => {
    const headers = signStandardWebhook({ id: VECTOR.id, timestamp: VECTOR.timestamp, body: VECTOR.body, secrets: [VECTOR.secret] });
    expect(headers).toEqual({ 'webhook-id': VECTOR.id, 'webhook-timestamp': '1614265330', 'webhook-signature': VECTOR.signature });
  });

  it('signs bytes and strings alike', () => {
    const args = { id: VECTOR.id, timestamp: VECTOR.timestamp, secrets: [VECTOR.secret] };
    expect(signStandardWebhook({ ...args, body: Buffer.from(VECTOR.body) })).toEqual(signStandardWebhook({ ...args, body: VECTOR.body }));
  });

  it('gives one signature per secret, space-separated, for rotations', () => {
    const next = generateWebhookSecret();
    const headers = signStandardWebhook({ id: VECTOR.id, timestamp: VECTOR.timestamp, body: VECTOR.body, secrets: [next, VECTOR.secret] });
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[1]).toBe(VECTOR.signature);
  });

  it('refuses a malformed secret without echoing it', () => {
    expect(() => signStandardWebhook({ id: 'evt_1', timestamp: 1, body: '{}', secrets: ['whsec_notbase64!!'] })).toThrow(/secrets\[0\] is not a webhook secret/);
    expect(() => signStandardWebhook({ id: 'evt_1', timestamp: 1, body: '{}', secrets: ['whsec_notbase64!!'] })).not.toThrow(/notbase64/);
    expect(() => signStandardWebhook({ id: 'evt_1', timestamp: 1, body: '{}', secrets: [] })).toThrow(/at least one secret/);
  });
});

describe('verifyStandardWebhook', () => {
  const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };

  it('accepts the reference vector, with headers in any case', () => {
    expect(verifyStandardWebhook({ headers, body: VECTOR.body, secrets: [VECTOR.secret], now: AT_VECTOR_TIME })).toEqual({ ok: true, id: VECTOR.id, timestamp: VECTOR.timestamp });
    const shouting = { 'Webhook-Id': VECTOR.id, 'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp), 'Webhook-Signature': VECTOR.signature };
    expect(verifyStandardWebhook({ headers: shouting, body: VECTOR.body, secrets: [VECTOR.secret], now: AT_VECTOR_TIME }).ok).toBe(true);
  });

  it('names the failure: tampered body, wrong secret, missing headers, no secret', () => {
    const check = (overrides: Partial<Parameters<typeof verifyStandardWebhook>[0]>) =>
      verifyStandardWebhook({ headers, body: VECTOR.body, secrets: [VECTOR.secret], now: AT_VECTOR_TIME, ...overrides });
    expect(check({ body: '{"test": 2432232315}' })).toMatchObject({ ok: false, reason: 'no_matching_signature', message: expect.stringMatching(/raw request body/) });
    expect(check({ secrets: [generateWebhookSecret()] })).toMatchObject({ ok: false, reason: 'no_matching_signature' });
    expect(check({ headers: { ...headers, 'webhook-signature': 'v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' } })).toMatchObject({ ok: false, reason: 'no_matching_signature' });
    expect(check({ headers: { 'webhook-id': VECTOR.id } })).toMatchObject({ ok: false, reason: 'missing_headers', message: expect.stringMatching(/webhook-timestamp, webhook-signature/) });
    expect(check({ headers: { ...headers, 'webhook-timestamp': '1614265330.5' } })).toMatchObject({ ok: false, reason: 'invalid_timestamp' });
    expect(check({ secrets: [] })).toMatchObject({ ok: false, reason: 'no_secret_configured' });
  });

  it('allows 300 s of clock skew either way, and no more', () => {
    const at = (offset_s: number) => new Date((VECTOR.timestamp + offset_s) * 1000);
    const check = (offset_s: number) => verifyStandardWebhook({ headers, body: VECTOR.body, secrets: [VECTOR.secret], now: at(offset_s) });
    expect(check(300).ok).toBe(true);
    expect(check(-300).ok).toBe(true);
    expect(check(301)).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
    expect(check(-301)).toMatchObject({ ok: false, reason: 'timestamp_too_new' });
    expect(verifyStandardWebhook({ headers, body: VECTOR.body, secrets: [VECTOR.secret], now: at(301), tolerance_s: 600 }).ok).toBe(true);
  });

  it('accepts either secret during a rotation, whichever the sender still uses', () => {
    const old = generateWebhookSecret();
    const current = generateWebhookSecret();
    const body = '{"id":"evt_1"}';
    const signedWithOld = signStandardWebhook({ id: 'evt_1', timestamp: nowS(), body, secrets: [old] });
    const signedWithBoth = signStandardWebhook({ id: 'evt_1', timestamp: nowS(), body, secrets: [current, old] });
    expect(verifyStandardWebhook({ headers: signedWithOld, body, secrets: [current, old] }).ok).toBe(true);
    expect(verifyStandardWebhook({ headers: signedWithBoth, body, secrets: [current] }).ok).toBe(true);
    expect(verifyStandardWebhook({ headers: signedWithOld, body, secrets: [current] }).ok).toBe(false);
  });
});

describe('interoperability with the standardwebhooks package', () => {
  it('their verifier accepts our signatures, and ours accepts theirs, for any body', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.stringMatching(/^evt_[0-9a-z]{1,26}$/), (body, id) => {
        const secret = generateWebhookSecret();
        const timestamp = nowS();
        const ours = signStandardWebhook({ id, timestamp, body, secrets: [secret] });
        expect(() => new Webhook(secret).verify(body, { ...ours }, { jsonParse: false })).not.toThrow();
        const theirs = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
        expect(theirs).toBe(ours['webhook-signature']);
        const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': theirs };
        expect(verifyStandardWebhook({ headers, body, secrets: [secret] }).ok).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('their verifier accepts a rotation header carrying two signatures', () => {
    const [old, current] = [generateWebhookSecret(24), generateWebhookSecret()];
    const body = JSON.stringify({ id: 'evt_1', type: 'payment_intent.captured' });
    const headers = signStandardWebhook({ id: 'evt_1', timestamp: nowS(), body, secrets: [current, old] });
    expect(new Webhook(old).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });
});

describe('generateWebhookSecret', () => {
  it('makes distinct whsec_ secrets of 24 to 64 bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret(generateWebhookSecret(24))).toBe(true);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(() => generateWebhookSecret(16)).toThrow(RangeError);
  });

  it('recognises well-formed secrets only', () => {
    expect(isWebhookSecret(VECTOR.secret)).toBe(true);
    expect(isWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(isWebhookSecret('whsec_c2hvcnQ=')).toBe(false);
    expect(isWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!')).toBe(false);
    expect(isWebhookSecret(42)).toBe(false);
  });
});
