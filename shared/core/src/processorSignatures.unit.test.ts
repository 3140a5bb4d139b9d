import {
  adyenHmacSignature,
  adyenSigningString,
  stripeSignatureHeader,
  verifyAdyenHmacSignature,
  verifyStripeSignature,
  type AdyenSignedFields,
} from './processorSignatures';

describe('Stripe-style signatures (providerA)', () => {
  // Known answer, reproduced independently with:
  //   printf '%s' '1700000000.{"id":"evt_test_webhook","object":"event"}' | openssl dgst -sha256 -hmac whsec_test_secret
  const payload = '{"id":"evt_test_webhook","object":"event"}';
  const secret = 'whsec_test_secret';
  const t = 1_700_000_000;
  const knownHeader = 't=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990';

  it('signs to the known answer', () => {
    expect(stripeSignatureHeader(payload, secret, t)).toBe(knownHeader);
    expect(stripeSignatureHeader(Buffer.from(payload), secret, t)).toBe(knownHeader);
  });

  it('verifies the known answer within the tolerance, either side of now', () => {
    expect(verifyStripeSignature(payload, knownHeader, secret, { now_s: t + 299 })).toEqual({ ok: true });
    expect(verifyStripeSignature(Buffer.from(payload), knownHeader, secret, { now_s: t - 299 })).toEqual({ ok: true });
  });

  it('accepts a header with v0 and several v1 entries when one matches, as during a secret roll', () => {
    const header = `t=${t},v1=${'0'.repeat(64)},v0=abc,v1=${knownHeader.slice(-64)}`;
    expect(verifyStripeSignature(payload, header, secret, { now_s: t })).toEqual({ ok: true });
  });

  it.each([
    ['a changed body', `${payload} `, knownHeader, secret, t, 'signature_mismatch'],
    ['a wrong secret', payload, knownHeader, 'whsec_other', t, 'signature_mismatch'],
    ['an old timestamp (replay)', payload, knownHeader, secret, t + 301, 'timestamp_outside_tolerance'],
    ['a missing header', payload, undefined, secret, t, 'header_missing'],
    ['no timestamp', payload, 'v1=abc', secret, t, 'header_malformed'],
    ['no v1', payload, `t=${t},v0=abc`, secret, t, 'signature_missing'],
  ])('refuses %s', (_what, body, header, key, now_s, reason) => {
    expect(verifyStripeSignature(body, header, key, { now_s })).toMatchObject({ ok: false, reason });
  });

  it('says how to fix a mismatch and never repeats the secret', () => {
    const result = verifyStripeSignature('{}', knownHeader, secret, { now_s: t });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/raw request body/) });
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('Adyen-style HMAC signatures (providerB)', () => {
  // Adyen's published example (docs "Verify HMAC signatures"; also in every Adyen API library's tests).
  const key = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
  const item: AdyenSignedFields = {
    pspReference: '7914073381342284',
    merchantAccountCode: 'TestMerchant',
    merchantReference: 'TestPayment-1407325143704',
    amount: { value: 1130, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    success: 'true',
    additionalData: { hmacSignature: 'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=' },
  };

  it('builds the published signing string, an absent originalReference being empty', () => {
    expect(adyenSigningString(item)).toBe('7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true');
    expect(adyenSigningString({ ...item, originalReference: 'ABC', success: false })).toBe(
      '7914073381342284:ABC:TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:false',
    );
  });

  it('signs to the published answer, with the key in either case', () => {
    expect(adyenHmacSignature(item, key)).toBe('coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=');
    expect(adyenHmacSignature(item, key.toLowerCase())).toBe('coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=');
  });

  it('verifies the published example', () => {
    expect(verifyAdyenHmacSignature(item, key)).toEqual({ ok: true });
  });

  it.each([
    ['a changed amount', { ...item, amount: { value: 1131, currency: 'EUR' } }, 'signature_mismatch'],
    ['a changed outcome', { ...item, success: 'false' }, 'signature_mismatch'],
    ['an added originalReference', { ...item, originalReference: 'X' }, 'signature_mismatch'],
    ['no signature', { ...item, additionalData: {} }, 'signature_missing'],
    ['garbage for a signature', { ...item, additionalData: { hmacSignature: '!!' } }, 'signature_mismatch'],
  ])('refuses %s', (_what, changed, reason) => {
    expect(verifyAdyenHmacSignature(changed, key)).toMatchObject({ ok: false, reason });
  });

  it('refuses a key that is not hex with a message naming the fix', () => {
    expect(() => adyenHmacSignature(item, 'not-hex')).toThrow(/hex digits/);
  });
});
