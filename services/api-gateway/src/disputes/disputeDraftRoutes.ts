import type { GatewayDeps } from '../common/deps';
import { defineRoute, type RouteSpec } from '../http/route';
import { DeliveryReceipts, disputeDraft, draftFileName, type DisputeDraft } from './disputeDraft';
import { disputeDraftPdf, draftTitle } from './disputeDraftPdf';

/**
 * The dispute response draft: the evidence packet of one of the merchant's disputes, assembled by
 * fixed rules from the ledger and the webhook outbox, as JSON and as a PDF (base64 in a File object,
 * like the audit export's). Reads only: a restricted `read_only` key may fetch it.
 */
export function disputeDraftRoutes(deps: GatewayDeps): RouteSpec[] {
  const receipts = new DeliveryReceipts(deps.config.DATA_DIR, deps.logger);
  const tag = 'Disputes';
  const draftOf = async (merchant: string, id: string): Promise<DisputeDraft> => {
    await Promise.all([deps.ledger.catchUp(), receipts.refresh()]);
    return disputeDraft(deps.ledger.state, merchant, id, receipts);
  };
  return [
    defineRoute({
      method: 'get', path: '/v1/disputes/:id/draft', operationId: 'retrieveDisputeDraft', tag, auth: 'merchant', scope: 'read',
      summary: "A response draft of the dispute: the payment's timeline, authorization and capture, card checks, customer and delivery details, refunds and webhook receipts, each fact citing its journal line ({stream, seq, event_id}); an argument chosen by rules, the gaps, and an `evidence` body for POST /v1/disputes/{id}/evidence.",
      responses: { 200: { description: 'The dispute draft', schema: { $ref: '#/components/schemas/DisputeDraft' } } },
      handler: async (c) => ({ body: await draftOf(c.merchant.id, c.params['id'] ?? '') }),
    }),
    defineRoute({
      method: 'get', path: '/v1/disputes/:id/draft.pdf', operationId: 'retrieveDisputeDraftPdf', tag, auth: 'merchant', scope: 'read',
      summary: 'The same draft as a PDF to read and attach (argument, gaps, suggested evidence, every fact with its line), base64 in `content_base64`.',
      responses: { 200: { description: 'The PDF as a file object', schema: { $ref: '#/components/schemas/File' } } },
      handler: async (c) => {
        const draft = await draftOf(c.merchant.id, c.params['id'] ?? '');
        const pdf = await disputeDraftPdf(draft);
        return {
          body: {
            object: 'file',
            file_name: draftFileName(draft.dispute.id),
            title: draftTitle(draft),
            content_type: 'application/pdf',
            size: pdf.length,
            chain_verified: draft.chain_verified,
            content_base64: pdf.toString('base64'),
          },
        };
      },
    }),
  ];
}
