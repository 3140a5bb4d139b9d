import { appendFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Request, RequestHandler, Response } from 'express';

/** The environment variable naming the file violations are appended to; unset, the check is off. */
export const CONTRACT_LOG_ENV = 'PAYRAIL_CONTRACT_LOG';

// A response larger than this is not kept for the check (an export, a long list): its status and
// content type are still checked, its body is not.
const CAPTURE_BYTES_MAX = 4 * 1024 * 1024;

/** One response that disagrees with the service's OpenAPI document: a line of the contract log. */
export interface ContractViolation {
  service: string;
  /** `post /v1/payment-intents/{id}/capture`, or the raw path when no route matched. */
  operation: string;
  status: number;
  problem: 'undocumented_operation' | 'undocumented_status' | 'undocumented_content_type' | 'body_mismatch' | 'body_not_json';
  detail: string;
}

interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, OpenApiResponse> };
}

const DOCUMENT_ID = 'openapi.json';
const pointer = (...parts: string[]): string => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Holds every response a service sends to its own OpenAPI document: the status is documented for the
 * operation (exactly, or as `4XX`/`5XX`/`default`), so is the content type, and a JSON body matches the
 * documented schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it; component schemas are closed
 * with `additionalProperties: false`, so an undocumented field fails). A response no route matched is
 * held to the `Error` component. Each disagreement is one JSON line appended to the file named by
 * `PAYRAIL_CONTRACT_LOG`, so the child processes a test starts report too; the test run fails on any
 * (`shared/testing/src/contract`). Unset, this is a middleware that only calls `next()`.
 */
export function contractCheck(service: string, document: OpenApiDocument | (() => OpenApiDocument), env: NodeJS.ProcessEnv = process.env): RequestHandler {
  const file = env[CONTRACT_LOG_ENV];
  if (file === undefined || file === '') return (_req, _res, next) => next();
  let checker: Checker | undefined;
  return (req, res, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding: unknown): void => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > CAPTURE_BYTES_MAX) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      keep(chunk, encoding);
      return write(chunk, encoding, callback);
    }) as Response['write'];
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      keep(chunk, encoding);
      return end(chunk, encoding, callback);
    }) as Response['end'];
    res.once('finish', () => {
      try {
        checker ??= new Checker(typeof document === 'function' ? document() : document);
        const violation = checker.check(req, res, size > CAPTURE_BYTES_MAX ? null : Buffer.concat(chunks));
        if (violation !== null) appendFileSync(file, `${JSON.stringify({ service, ...violation })}\n`);
      } catch (error) {
        appendFileSync(file, `${JSON.stringify({ service, operation: `${req.method} ${req.path}`, status: res.statusCode, problem: 'check_failed', detail: (error as Error).message })}\n`);
      }
    });
    next();
  };
}

/**
 * Every example of `document` that its own schema refuses (request bodies, responses, component
 * `examples`), as `<JSON pointer of the example>: <what ajv says>`; empty when all hold. Validated as
 * contractCheck validates responses, so an example is a response the check would let through.
 */
export function exampleProblems(document: object): string[] {
  const checker = new Checker(document as OpenApiDocument);
  const problems: string[] = [];
  const visit = (node: unknown, at: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (at.at(-2) === 'content' && record['schema'] !== undefined && 'example' in record) {
      const problem = checker.problemOf(`${DOCUMENT_ID}#/${pointer(...at, 'schema')}`, record['example']);
      if (problem !== null) problems.push(`/${pointer(...at, 'example')}: ${problem}`);
    }
    if (at.at(-2) === 'content' && record['schema'] !== undefined && typeof record['examples'] === 'object' && record['examples'] !== null) {
      for (const [name, example] of Object.entries(record['examples'] as Record<string, { value?: unknown }>)) {
        const problem = checker.problemOf(`${DOCUMENT_ID}#/${pointer(...at, 'schema')}`, example.value);
        if (problem !== null) problems.push(`/${pointer(...at, 'examples', name)}: ${problem}`);
      }
    }
    if (at.length === 3 && at[0] === 'components' && at[1] === 'schemas' && Array.isArray(record['examples'])) {
      record['examples'].forEach((example, i) => {
        const problem = checker.problemOf(`${DOCUMENT_ID}#/${pointer(...at)}`, example);
        if (problem !== null) problems.push(`/${pointer(...at, 'examples', String(i))}: ${problem}`);
      });
    }
    if (at[0] === 'components' && at.length >= 3) return;
    for (const [key, value] of Object.entries(record)) if (key !== 'example' && key !== 'examples') visit(value, [...at, key]);
  };
  visit(document, []);
  return problems;
}

class Checker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, DOCUMENT_ID);
    this.templates = Checker.templatesOf(document);
  }

  check(req: Request, res: Response, body: Buffer | null): Omit<ContractViolation, 'service'> | null {
    const status = res.statusCode;
    const method = req.method.toLowerCase() === 'head' ? 'get' : req.method.toLowerCase();
    // Express lets a HEAD through every route of its path (so that a GET route can answer it): a
    // route that serves neither HEAD nor GET is no operation of the request (its 405 is checked as one).
    const routeMethods = (req.route as { methods?: Record<string, boolean> } | undefined)?.methods;
    const routePath = req.method !== 'HEAD' || routeMethods?.['get'] === true || routeMethods?.['head'] === true ? req.route?.path : undefined;
    // A request refused before routing (the input gate, the body reader, the card-number guard) has
    // no req.route: its operation is the documented one its path and method name, if any.
    const template = typeof routePath === 'string' ? this.templateOf(req, method, routePath) : this.templateOfPath(req, method);
    let schemaRef: string;
    let operation: string;
    if (template !== null) {
      operation = `${method} ${template}`;
      const responses = this.document.paths?.[template]?.[method]?.responses;
      if (responses === undefined) return { operation, status, problem: 'undocumented_operation', detail: `no ${method.toUpperCase()} ${template} in the document` };
      const key = [String(status), `${String(status)[0]}XX`, 'default'].find((candidate) => responses[candidate] !== undefined);
      if (key === undefined) return { operation, status, problem: 'undocumented_status', detail: `documented: ${Object.keys(responses).join(', ')}` };
      const content = this.resolve(responses[key])?.content;
      const type = (String(res.getHeader('content-type') ?? '').split(';', 1)[0] ?? '').trim().toLowerCase();
      const bodyless = req.method === 'HEAD' || status === 204 || status === 304 || (body !== null && body.length === 0);
      if (content === undefined || Object.keys(content).length === 0) {
        return bodyless ? null : { operation, status, problem: 'undocumented_content_type', detail: `${type || 'a body'} sent; the document says no body` };
      }
      if (bodyless) return null;
      const media = content[type] !== undefined ? type : content['*/*'] !== undefined ? '*/*' : null;
      if (media === null) return { operation, status, problem: 'undocumented_content_type', detail: `${type || 'no content type'} sent; documented: ${Object.keys(content).join(', ')}` };
      if (content[media]?.schema === undefined || !/json$/.test(media)) return null;
      const reference = (responses[key] as { $ref?: string }).$ref;
      schemaRef = reference === undefined ? `${DOCUMENT_ID}#/${pointer('paths', template, method, 'responses', key, 'content', media, 'schema')}` : `${DOCUMENT_ID}${reference}/${pointer('content', media, 'schema')}`;
    } else {
      // No operation: a 404 route_not_found, a 405 for a documented path with another method, or an
      // undocumented page (Swagger UI's assets). Errors are held to the Error component.
      operation = `${req.method} (no route)`;
      if (status < 400 || this.document.components?.schemas?.['Error'] === undefined) return null;
      schemaRef = `${DOCUMENT_ID}#/components/schemas/Error`;
    }
    if (body === null || req.method === 'HEAD' || body.length === 0) return null;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return { operation, status, problem: 'body_not_json', detail: body.subarray(0, 120).toString('utf8') };
    }
    const problem = this.problemOf(schemaRef, value);
    return problem === null ? null : { operation, status, problem: 'body_mismatch', detail: problem };
  }

  /** What the schema at `ref` finds wrong with `value` (the first few errors), or null. */
  problemOf(ref: string, value: unknown): string | null {
    const validate = this.validator(ref);
    if (validate(value)) return null;
    return (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`).join('; ');
  }

  /** A response object, or the one its `$ref` names (`#/components/responses/Error404`). */
  private resolve(response: OpenApiResponse | undefined): OpenApiResponse | undefined {
    const reference = (response as { $ref?: unknown } | undefined)?.$ref;
    if (typeof reference !== 'string' || !reference.startsWith('#/components/responses/')) return response;
    return this.document.components?.responses?.[reference.slice('#/components/responses/'.length)];
  }

  /**
   * The document's path of a matched route. `req.baseUrl` is the mount path only while the router
   * runs (an error answered after it is back to ''), so the request's path is matched against the
   * templates that end with the route's own path.
   */
  private templateOf(req: Request, method: string, routePath: string): string {
    // A router's own root (`router.get('/')` mounted at /keys) is the mount path itself.
    const own = routePath === '/' ? '' : routePath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const joined = `${req.baseUrl}${own}` || '/';
    if (this.document.paths?.[joined]?.[method] !== undefined) return joined;
    const actual = req.originalUrl.split('?', 1)[0] ?? '';
    const found = this.templates.find(({ template, pattern }) => template.endsWith(own) && pattern.test(actual) && this.document.paths?.[template]?.[method] !== undefined);
    return found?.template ?? joined;
  }

  /** The documented path whose template the request's path matches and that has `method`; a literal path wins. */
  private templateOfPath(req: Request, method: string): string | null {
    const actual = req.originalUrl.split('?', 1)[0] ?? '';
    const has = (template: string): boolean => this.document.paths?.[template]?.[method] !== undefined;
    if (has(actual)) return actual;
    return this.templates.find(({ template, pattern }) => pattern.test(actual) && has(template))?.template ?? null;
  }

  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  private static templatesOf(document: OpenApiDocument): Array<{ template: string; pattern: RegExp }> {
    const escape = (part: string): string => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    return Object.keys(document.paths ?? {})
      .sort((a, b) => b.length - a.length)
      .map((template) => ({ template, pattern: new RegExp(`^${template.split(/\{[^}]+\}/).map(escape).join('[^/]+')}/?$`, 'i') }));
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}
