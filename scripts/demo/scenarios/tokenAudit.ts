import { formatMinor, maskPan } from '@payrail/core';
import { answerOf, demoCorrelationId, freshCardNumber } from '../demoClient';
import { findInFiles } from '../findInFiles';
import type { Scenario } from '../scenario';

const AMOUNT = 2_500;

interface AccessLine {
  token?: string;
  purpose: string;
  requester: string;
  outcome: string;
  correlation_id?: string;
}

/**
 * A card is tokenized, charged and refunded; someone also asks the vault for the PAN with a purpose
 * it does not allow. The vault's access log has a line for each request to read the PAN, with its
 * purpose and correlation id, and the PAN is nowhere in clear in the data folder.
 */
export const tokenAudit: Scenario = {
  name: 'token-audit',
  title: 'tokenize, charge, refund → every detokenization logged with purpose and correlation id; the PAN nowhere in clear',
  timeout_ms: 60_000,
  async run(demo) {
    const { client } = demo;
    const ids = { tokenize: demoCorrelationId('tokenize'), charge: demoCorrelationId('charge'), refund: demoCorrelationId('refund'), snoop: demoCorrelationId('snoop') };

    demo.step(`Tokenize a fresh card at the vault (X-Correlation-Id ${ids.tokenize}).`);
    const card = await client.tokenize(freshCardNumber(), ids.tokenize);
    demo.detail(`${maskPan(card.pan)} → ${card.token}`);
    await demo.evidence('vault/cards.jsonl', { where: { '.type': 'vault.token_created', '.data.token': card.token }, pick: ['.seq', '.data.brand', '.data.last4', '.data.key_id', '.data.fingerprint'] });

    demo.step(`Charge it: create and confirm a ${formatMinor(AMOUNT, 'USD')} USD PaymentIntent (X-Correlation-Id ${ids.charge}). The gateway asks the vault for the PAN, for the purpose "authorization".`);
    const charged = await client.pay(card.token, AMOUNT, { correlationId: ids.charge, metadata: { demo: 'token-audit' } });
    const payment = charged.body?.id as string;
    demo.detail(`${payment}: ${charged.body?.status} by ${charged.body?.processor}`);
    demo.check('the charge was captured', charged.status === 200 && charged.body?.status === 'captured', charged.text.slice(0, 200));

    demo.step(`Refund it in full: POST /v1/refunds (X-Correlation-Id ${ids.refund}). A refund goes by the processor's reference: no PAN needed.`);
    const refund = answerOf(await client.gateway.POST('/v1/refunds', { body: { payment_intent: payment, reason: 'requested_by_customer' }, headers: { 'x-correlation-id': ids.refund } }));
    demo.detail(`${refund.body?.id}: ${refund.body?.status}, ${formatMinor(Number(refund.body?.amount ?? 0), 'USD')} USD back to the card`);
    demo.check('the refund succeeded', refund.status === 200 && refund.body?.status === 'succeeded', refund.text.slice(0, 200));

    demo.step(`Someone with the internal token asks the vault for the PAN "for marketing" (X-Correlation-Id ${ids.snoop}).`);
    const snoop = await client.internal('vault', 'POST', `/tokens/${card.token}/detokenize`, { purpose: 'marketing', requester: 'growth-team' }, { 'x-correlation-id': ids.snoop });
    demo.detail(`answered ${snoop.status} ${snoop.body?.error?.code ?? ''}`);
    demo.check('the vault refused it (403) without the PAN', snoop.status === 403 && !snoop.text.includes(card.pan));

    demo.step(`Read the vault's access log for this token: ${demo.shown('vault/access_log.jsonl')}.`);
    const lines = (await demo.evidence('vault/access_log.jsonl', { path: '.data', where: { '.token': card.token }, pick: ['.purpose', '.requester', '.outcome', '.correlation_id'] })) as AccessLine[];
    const authorization = lines.filter((l) => l.purpose === 'authorization' && l.outcome === 'allowed');
    demo.check(`the charge's detokenization: purpose authorization, allowed, requester api-gateway, correlation id ${ids.charge}`, authorization.length === 1 && authorization[0]?.requester === 'api-gateway' && authorization[0]?.correlation_id === ids.charge, JSON.stringify(authorization));
    demo.check(`the refused request: purpose marketing, refused, correlation id ${ids.snoop}`, lines.some((l) => l.purpose === 'marketing' && l.outcome === 'refused' && l.correlation_id === ids.snoop));
    demo.check('every line names its purpose, requester and correlation id', lines.length > 0 && lines.every((l) => l.purpose !== '' && l.requester !== '' && (l.correlation_id ?? '') !== ''));
    demo.check('the refund read no PAN (no line with its correlation id)', lines.every((l) => l.correlation_id !== ids.refund));

    demo.step('The ledger holds the token and harmless card facts only:');
    await demo.evidence('ledger/payments.jsonl', { where: { '.ref': payment, '.type': 'payment_intent.created' }, pick: ['.data.payment_method', '.data.card'] });

    const digits = card.pan;
    const groups = digits.match(/.{1,4}/g) ?? [];
    const needles = [digits, groups.join(' '), groups.join('-')];
    demo.step(`Search every file under ${demo.shown('.')} for ${maskPan(card.pan)} in clear: written together, or in groups of four joined by spaces or dashes.`);
    const found = await findInFiles(demo.dataDir, needles);
    demo.detail(`searched ${found.files} files, ${(found.bytes / 1_048_576).toFixed(1)} MB${found.truncated ? ' (stopped early: too many files)' : ''}`);
    demo.check('the PAN is nowhere in clear', found.hits.length === 0, `found in ${found.hits.map((h) => h.file).join(', ')}`);
  },
};
