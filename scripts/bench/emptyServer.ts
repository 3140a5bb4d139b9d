/**
 * The baseline of bench:gateway: an express app with the gateway's JSON body parsing and an empty
 * handler, in its own process. `node emptyServer.js <port>`.
 */
import express from 'express';
import { jsonBody } from '@payrail/service-kit';

const app = express();
app.use(jsonBody({ limit: '64kb' }));
app.post('/v1/payment-intents', (req, res) => {
  res.json({ id: 'pi_baseline', object: 'payment_intent', amount: (req.body as { amount?: number }).amount ?? 0 });
});
app.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'));
