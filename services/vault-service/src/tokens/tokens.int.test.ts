import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { verifyStream } from '@payrail/journal';
import { makeTempDataDir, waitFor, type RunningService } from '@payrail/testing';
import { call, card, filesUnder, INTERNAL, readJsonl, startVault, testPan, tokenize } from '../testing/vaultHarness';

const BRANDS = [
  { brand: 'visa', pan: testPan('4000', 16, 1), cvv: '123' },
  { brand: 'mastercard', pan: testPan('5500', 16, 2), cvv: '123' },
  { brand: 'amex', pan: testPan('3700', 15, 3), cvv: '1234' },
  { brand: 'discover', pan: testPan('6011', 16, 4), cvv: '123' },
  { brand: 'elo', pan: testPan('636297', 16, 5), cvv: '123' },
];
/** Every PAN this file sends: none may appear in a file or a log line. */
const SENT_PANS = new Set(BRANDS.map(({ pan }) => pan));
const sent = (pan: string): string => {
  SENT_PANS.add(pan.replace(/[ -]/g, ''));
  return pan;
};

describe('vault tokens', () => {
  const data = makeTempDataDir('vault-tokens');
  const cardsFile = path.join(data.dir, 'vault/cards.jsonl');
  const accessLog = path.join(data.dir, 'vault/access_log.jsonl');
  let vault: RunningService;

  beforeAll(async () => {
    vault = await startVault(data.dir, { LOG_LEVEL: 'trace', VAULT_SNAPSHOT_INTERVAL_MS: '50' });
  });
  afterAll(async () => {
    await vault?.stop();
    data.cleanup();
  });

  it('tokenizes a card of every brand and answers its metadata, never the PAN', async () => {
    for (const { brand, pan, cvv } of BRANDS) {
      const res = await call(vault, 'POST', '/tokens', card(pan, { cvv, holder_name: 'Ada Lovelace' }));

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        token: expect.stringMatching(/^tok_[0-9a-z]{26}$/),
        brand,
        bin: pan.slice(0, 6),
        last4: pan.slice(-4),
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        fingerprint: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        created: expect.any(String),
        key_id: expect.stringMatching(/^key_/),
      });
      expect(res.text).not.toContain(pan);
    }
  });

  it('gives the same PAN tokenized twice two tokens with one fingerprint, and another PAN another', async () => {
    const pan = sent(testPan('4000', 16, 10));
    const first = await call(vault, 'POST', '/tokens', card(pan));
    const second = await call(vault, 'POST', '/tokens', card(pan.replace(/(\d{4})(?=\d)/g, '$1 '), { exp_month: 1 }));
    const other = await call(vault, 'POST', '/tokens', card(sent(testPan('4000', 16, 11))));

    expect(second.status).toBe(201);
    expect(second.body.token).not.toBe(first.body.token);
    expect(second.body.fingerprint).toBe(first.body.fingerprint);
    expect(other.body.fingerprint).not.toBe(first.body.fingerprint);
  });

  it('refuses a bad card with a 400 naming the parameter, and writes nothing', async () => {
    const cardsBefore = statSync(cardsFile).size;
    const logBefore = statSync(accessLog).size;
    const good = sent(testPan('4000', 16, 20));
    const lastYear = new Date().getUTCFullYear() - 1;
    const cases: Array<[unknown, string, string]> = [
      [card(sent(`${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10}`)), 'card_invalid', 'pan'],
      [card(sent(testPan('9100', 16, 21))), 'card_invalid', 'pan'],
      [card(sent(testPan('3700', 16, 22))), 'card_invalid', 'pan'],
      [card('4000-abcd-0000-0000'), 'card_invalid', 'pan'],
      [card(good, { exp_year: lastYear }), 'card_expired', 'exp_year'],
      [card(good, { exp_month: 13 }), 'card_invalid', 'exp_month'],
      [card(good, { exp_year: 30 }), 'card_invalid', 'exp_year'],
      [card(good, { cvv: '12' }), 'cvc_invalid', 'cvv'],
      [card(sent(testPan('3700', 15, 23)), { cvv: '123' }), 'cvc_invalid', 'cvv'],
      [card(good, { cvv: 123 }), 'parameter_invalid', 'cvv'],
      [card(good, { currency: 'usd' }), 'parameter_unknown', 'currency'],
      [{ exp_month: 12, exp_year: 2040 }, 'parameter_missing', 'pan'],
      [card(good, { exp_year: undefined }), 'parameter_missing', 'exp_year'],
      [card(Number(good) as unknown as string), 'parameter_invalid', 'pan'],
      [card(good, { holder_name: '' }), 'parameter_invalid', 'holder_name'],
    ];

    for (const [body, code, param] of cases) {
      const res = await call(vault, 'POST', '/tokens', body);

      expect({ status: res.status, code: res.body.error.code, param: res.body.error.param }).toEqual({ status: 400, code, param });
      expect(res.body.error.type).toBe('invalid_request_error');
      expect(res.text).not.toContain(good);
    }
    expect(statSync(cardsFile).size).toBe(cardsBefore);
    expect(statSync(accessLog).size).toBe(logBefore);
  });

  it('answers a token\'s metadata (brand, last4, bin, expiry, created, key id), never the PAN', async () => {
    const pan = sent(testPan('5500', 16, 30));
    const created = await call(vault, 'POST', '/tokens', card(pan, { cvv: '321' }));

    const res = await call(vault, 'GET', `/tokens/${created.body.token}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.text).not.toContain(pan);
  });

  it('answers 404 resource_missing for an unknown or malformed token', async () => {
    for (const token of ['tok_01kaaaaaaaaaaaaaaaaaaaaaaa', 'tok_nope', sent(testPan('4000', 16, 31))]) {
      const res = await call(vault, 'GET', `/tokens/${token}`);

      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('resource_missing');
    }
  });

  it('detokenizes for every allowed purpose, and logs who, why, which token, the correlation id and the outcome', async () => {
    const pan = sent(testPan('3700', 15, 40));
    const token = await tokenize(vault, pan, { holder_name: 'Grace Hopper', cvv: '4321' });

    for (const purpose of ['authorization', 'refund', 'dispute_evidence']) {
      const correlationId = `corr_test_${purpose}`;
      const res = await call(vault, 'POST', `/tokens/${token}/detokenize`, { purpose, requester: 'api-gateway' }, { ...INTERNAL, 'X-Correlation-Id': correlationId });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ token, pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, holder_name: 'Grace Hopper' });
      expect(readJsonl(accessLog).at(-1)).toMatchObject({
        type: 'vault.detokenize_attempted',
        ref: token,
        timestamp: expect.any(String),
        correlation_id: correlationId,
        data: { token, purpose, requester: 'api-gateway', correlation_id: correlationId, outcome: 'allowed' },
      });
    }
  });

  it('refuses a purpose outside the allow-list with 403, and logs the refusal', async () => {
    const token = await tokenize(vault, sent(testPan('6011', 16, 50)));

    const res = await call(vault, 'POST', `/tokens/${token}/detokenize`, { purpose: 'marketing', requester: 'growth-team' });

    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'purpose_not_allowed', param: 'purpose' });
    expect(readJsonl(accessLog).at(-1).data).toEqual({
      token,
      purpose: 'marketing',
      requester: 'growth-team',
      correlation_id: expect.any(String),
      outcome: 'refused',
      reason: 'purpose_not_allowed',
    });
  });

  it('never records a correlation id that holds a card number (a fresh one is made at the edge)', async () => {
    const token = await tokenize(vault, sent(testPan('4000', 16, 55)));
    const pan = sent(testPan('5500', 16, 56));

    const res = await call(vault, 'POST', `/tokens/${token}/detokenize`, { purpose: 'refund', requester: 'api-gateway' }, { ...INTERNAL, 'X-Correlation-Id': pan });

    expect(res.status).toBe(200);
    expect(readJsonl(accessLog).at(-1)).toMatchObject({ correlation_id: expect.stringMatching(/^corr_/), data: { correlation_id: expect.stringMatching(/^corr_/) } });
  });

  it('answers 404 for an unknown or malformed token, and logs it as not_found', async () => {
    const unknown = await call(vault, 'POST', '/tokens/tok_01kaaaaaaaaaaaaaaaaaaaaaaa/detokenize', { purpose: 'refund', requester: 'api-gateway' });
    const unknownLine = readJsonl(accessLog).at(-1);
    const malformed = await call(vault, 'POST', `/tokens/${sent(testPan('4000', 16, 60))}/detokenize`, { purpose: 'refund', requester: 'api-gateway' });
    const malformedLine = readJsonl(accessLog).at(-1);

    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'resource_missing']);
    expect(unknownLine.data).toMatchObject({ token: 'tok_01kaaaaaaaaaaaaaaaaaaaaaaa', outcome: 'not_found', reason: 'token_unknown' });
    expect([malformed.status, malformed.body.error.code]).toEqual([404, 'resource_missing']);
    expect(malformedLine.data).toEqual({ purpose: 'refund', requester: 'api-gateway', correlation_id: expect.any(String), outcome: 'not_found', reason: 'token_malformed' });
  });

  it('needs a requester and a well-formed purpose; a bad request writes nothing', async () => {
    const token = await tokenize(vault, sent(testPan('4000', 16, 70)));
    const logBefore = statSync(accessLog).size;
    const cases: Array<[unknown, string, string]> = [
      [{ purpose: 'authorization' }, 'parameter_missing', 'requester'],
      [{ requester: 'api-gateway' }, 'parameter_missing', 'purpose'],
      [{ purpose: 'authorization', requester: 'x'.repeat(65) }, 'parameter_invalid', 'requester'],
      [{ purpose: 'authorization', requester: `svc-${sent(testPan('4000', 16, 71))}` }, 'parameter_invalid', 'requester'],
      [{ purpose: 'authorization', requester: 'api-gateway', reason: 'x' }, 'parameter_unknown', 'reason'],
      [{ purpose: 7, requester: 'api-gateway' }, 'parameter_invalid', 'purpose'],
    ];

    for (const [body, code, param] of cases) {
      const res = await call(vault, 'POST', `/tokens/${token}/detokenize`, body);

      expect({ status: res.status, code: res.body.error.code, param: res.body.error.param }).toEqual({ status: 400, code, param });
    }
    expect(statSync(accessLog).size).toBe(logBefore);
  });

  it('answers 401 internal_token_invalid on every route without the internal token, and writes nothing', async () => {
    const token = await tokenize(vault, sent(testPan('4000', 16, 80)));
    const cardsBefore = statSync(cardsFile).size;
    const logBefore = statSync(accessLog).size;
    const routes: Array<[string, string, unknown]> = [
      ['POST', '/tokens', card(sent(testPan('4000', 16, 81)))],
      ['GET', `/tokens/${token}`, undefined],
      ['POST', `/tokens/${token}/detokenize`, { purpose: 'authorization', requester: 'api-gateway' }],
      ['GET', '/keys', undefined],
      ['POST', '/keys/rotate', undefined],
    ];

    for (const [method, route, body] of routes) {
      for (const headers of [{}, { 'X-Internal-Token': 'wrong-token-0123456789abcdef' }] as Record<string, string>[]) {
        const res = await call(vault, method, route, body, headers);

        expect([route, res.status, res.body.error.code]).toEqual([route, 401, 'internal_token_invalid']);
      }
    }
    expect(statSync(cardsFile).size).toBe(cardsBefore);
    expect(statSync(accessLog).size).toBe(logBefore);
    expect((await call(vault, 'GET', '/ready', undefined, {})).status).toBe(200);
  });

  it('never stores the CVV: not in the card it gives back, not as a field in any file', async () => {
    const pan = sent(testPan('3700', 15, 90));
    const token = await tokenize(vault, pan, { cvv: '9173' });

    const res = await call(vault, 'POST', `/tokens/${token}/detokenize`, { purpose: 'authorization', requester: 'api-gateway' });

    expect(Object.keys(res.body).sort()).toEqual(['exp_month', 'exp_year', 'pan', 'token']);
    for (const file of filesUnder(data.dir)) expect([file, readFileSync(file, 'utf8').includes('"cvv"')]).toEqual([file, false]);
  });

  it('logs a request whose path holds a card number and a CVV with both masked (failure #7)', async () => {
    const pan = sent(testPan('4111', 16, 91));
    const cvv = '579';
    const routes = [`/cards/${pan}/cvv/${cvv}`, `/cards/${pan}/${cvv}`, `/cvv/${cvv}/${pan}`, `/tokens/${pan}%2Fcvv%2F${cvv}`];

    for (const route of routes) expect([route, (await call(vault, 'GET', route)).status]).toEqual([route, 404]);
    const logged = (): string[] => vault.lines.filter((line) => line.includes('"status":404') && /"path":"\/(cards|cvv|tokens)\/\d{6}\*|"path":"\/cvv\//.test(line));
    await waitFor(() => logged().length >= routes.length, 2_000, 'the request lines');

    for (const line of logged()) expect([line, line.includes(pan), /[/F]579/.test(line)]).toEqual([line, false, false]);
  });

  it('leaves no PAN in any file of the data folder nor in anything the vault printed', async () => {
    await vault.stop(); // shutdown writes the last snapshots and flushes the logs
    const haystacks = [
      ...filesUnder(data.dir).map((file) => ({ where: file, text: readFileSync(file, 'latin1') })),
      { where: 'stdout', text: vault.lines.join('\n') },
      { where: 'stderr', text: vault.stderr() },
    ];

    expect(SENT_PANS.size).toBeGreaterThan(15);
    expect(vault.lines.length).toBeGreaterThan(20);
    expect(filesUnder(data.dir).map((file) => path.relative(data.dir, file))).toEqual(
      expect.arrayContaining(['vault/cards.jsonl', 'vault/access_log.jsonl', 'vault/keys.json', 'vault/tokens.json', 'vault/encrypted_cards.json']),
    );
    for (const pan of SENT_PANS) {
      for (const { where, text } of haystacks) expect([pan, where, text.includes(pan)]).toEqual([pan, where, false]);
    }
  });

  it('keeps both journals verifiable end to end (payrail verify)', async () => {
    for (const file of [cardsFile, accessLog]) {
      const report = await verifyStream(file);

      expect(report).toMatchObject({ ok: true, lines: expect.any(Number) });
      expect(report.lines).toBeGreaterThan(5);
    }
  });
});
