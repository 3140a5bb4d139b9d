import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { makeTempDataDir, testEnv } from '@payrail/testing';
import { DEMO_KEY, openGateway } from '../testing/gatewayHarness';

describe('the SLO evaluator over an alerts file that fails verification', () => {
  it('leaves the SLOs unevaluated and says why, and does not keep the gateway from opening and taking payments', async () => {
    const { dir, cleanup } = makeTempDataDir('slo-corrupt');
    const gateway = await (async () => {
      mkdirSync(path.join(dir, 'ops'), { recursive: true });
      // A complete line that is not a journal line (edited by hand): the journal refuses to read past it.
      writeFileSync(path.join(dir, 'ops', 'alerts.jsonl'), '{"type":"slo.alert_fired","edited":"by hand"}\n');
      return openGateway(dir);
    })();
    try {
      const report = await request(gateway.app).get('/admin/slos').set('x-admin-token', testEnv(dir).ADMIN_TOKEN as string);
      expect(report.status).toBe(200);
      expect(report.body.problem).toMatch(/^the SLOs are not evaluated: /);
      expect(report.body.slos).toEqual([]);
      const created = await request(gateway.app).post('/v1/payment-intents').set({ Authorization: `Bearer ${DEMO_KEY}`, 'Idempotency-Key': 'slo-corrupt-1' }).send({ amount: 500, currency: 'usd' });
      expect(created.status).toBe(200);
      expect(gateway.logLines.some((line) => line.includes('SLO evaluator not started'))).toBe(true);
    } finally {
      await gateway.close();
      cleanup();
    }
  });
});
