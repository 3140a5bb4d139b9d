/**
 * The console's only way to the gateway: the public API with the merchant's key, admin routes with
 * the admin token when one was given. Both live in session storage (this tab only, gone when it closes).
 */

const KEY_ITEM = 'payrail.console.api_key';
const ADMIN_ITEM = 'payrail.console.admin_token';
/** How long the console waits for an answer; settlement runs wait longer. */
const REQUEST_TIMEOUT_MS = 30_000;
export const JOB_TIMEOUT_MS = 130_000;

export const session = {
  apiKey: (): string | null => sessionStorage.getItem(KEY_ITEM),
  adminToken: (): string | null => sessionStorage.getItem(ADMIN_ITEM),
  isAdmin: (): boolean => sessionStorage.getItem(ADMIN_ITEM) !== null,
  signIn(apiKey: string, adminToken: string): void {
    sessionStorage.setItem(KEY_ITEM, apiKey);
    if (adminToken === '') sessionStorage.removeItem(ADMIN_ITEM);
    else sessionStorage.setItem(ADMIN_ITEM, adminToken);
  },
  signOut(): void {
    sessionStorage.removeItem(KEY_ITEM);
    sessionStorage.removeItem(ADMIN_ITEM);
  },
};

/** An error the API answered (its message is meant for people), or a gateway that could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null,
    readonly requestId: string | null,
    /** The error object as the API sent it, with its details beside code and message (e.g. `refundable`). */
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Something the user must fix before the console calls the API (the message says what). */
export class InputError extends Error {
  override name = 'InputError';
}

/** A Stripe-style list. */
export interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

export type Query = Record<string, string | number | undefined>;

export interface CallOptions {
  body?: unknown;
  query?: Query;
  /** Use the admin token instead of the merchant key. */
  admin?: boolean;
  /** POSTs carry one, so a double click or a retry never acts twice. */
  idempotencyKey?: string;
  timeout_ms?: number;
}

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Calls the gateway and answers the parsed JSON, or throws an ApiError carrying the API's message. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.admin === true) {
    const token = session.adminToken();
    if (token === null) throw new ApiError(401, 'admin_token_missing', 'This needs the admin token: sign out and enter it with your API key.', null, null);
    headers['x-admin-token'] = token;
  } else {
    headers['authorization'] = `Bearer ${session.apiKey() ?? ''}`;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(`${path}${queryString(options.query)}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeout_ms ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new ApiError(0, timedOut ? 'timeout' : 'network_error', timedOut ? 'The gateway did not answer in time; try again.' : 'The gateway cannot be reached; check that PayRail is running.', null, null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: only the status is worth showing.
  }
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string; param?: string; request_id?: string } & Record<string, unknown> } | null)?.error;
  throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `The gateway answered HTTP ${response.status}.`, error?.param ?? null, error?.request_id ?? null, error ?? null);
}

/** What to show for an error: the API's message (never a stack trace). */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const where = error.param === null ? '' : ` (parameter: ${error.param})`;
    const request = error.requestId === null ? '' : ` Request ${error.requestId}.`;
    return `${error.message}${where}${request}`;
  }
  if (error instanceof InputError) return error.message;
  return 'Something went wrong in the console; reload the page.';
}
