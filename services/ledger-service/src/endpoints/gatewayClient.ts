/** How long the gateway has to record a disabled endpoint. */
const CALL_TIMEOUT_MS = 5_000;

/**
 * The dispatcher's one call to the gateway, which stays the only writer of endpoints: an endpoint
 * answered 410 Gone, so the gateway disables it (`POST /internal/webhook-endpoints/{id}/disable`).
 */
export class GatewayClient {
  constructor(private readonly baseUrl: string, private readonly internalToken: string) {}

  /** Resolves true once the gateway has recorded it (or the endpoint is gone anyway), false to try again later. */
  async disableEndpoint(endpointId: string, evidence: { status_code: number; event_id: string }, correlationId: string): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/internal/webhook-endpoints/${encodeURIComponent(endpointId)}/disable`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': this.internalToken, 'x-correlation-id': correlationId },
        body: JSON.stringify({ reason: 'gone', ...evidence }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return response.status === 200 || response.status === 404;
    } catch {
      return false;
    }
  }
}
