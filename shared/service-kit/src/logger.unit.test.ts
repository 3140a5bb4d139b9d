import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { DestinationStream } from 'pino';
import { createLogger, maskPans } from './logger';

const PAN = '4242424242424242';
const MASKED = '424242******4242';

function capture(): { destination: DestinationStream; output: () => string; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  return {
    destination: { write: (line: string) => void written.push(line) },
    output: () => written.join(''),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes JSON lines carrying the service', () => {
    const { destination, lines } = capture();
    createLogger({ service: 'vault-service', destination }).info({ token: 'tok_1' }, 'tokenized');

    expect(lines()).toEqual([expect.objectContaining({ service: 'vault-service', level: 'info', token: 'tok_1', msg: 'tokenized' })]);
  });

  it('masks a card number inside a message', () => {
    const { destination, output } = capture();
    createLogger({ service: 'test', destination }).warn(`card ${PAN} declined, retrying 4242 4242 4242 4242`);

    expect(output()).not.toMatch(/4242424242424242|4242 4242 4242 4242/);
    expect(output()).toContain(`card ${MASKED} declined, retrying ${MASKED}`);
  });

  it('redacts card data and secrets in nested objects', () => {
    const { destination, output, lines } = capture();
    createLogger({ service: 'test', destination }).info({
      request: { body: { card: { number: PAN, cvv: '123', exp_month: 12 } } },
      endpoint: { url: 'https://merchant.test/hooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      note: { deep: { deeper: { pan: '5555555555554444' } } },
    });

    expect(output()).not.toMatch(/4242424242424242|5555555555554444|"123"|whsec_/);
    expect(lines()[0]).toMatchObject({
      request: { body: { card: { number: '[REDACTED]', cvv: '[REDACTED]', exp_month: 12 } } },
      endpoint: { url: 'https://merchant.test/hooks', secret: '[REDACTED]' },
      note: { deep: { deeper: { pan: '[REDACTED]' } } },
    });
  });

  it('masks a card number under a key no redact path names', () => {
    const { destination, output } = capture();
    createLogger({ service: 'test', destination }).info({ a: { b: { c: { d: { e: { notes: `pan ${PAN}` } } } } } });

    expect(output()).not.toContain(PAN);
    expect(output()).toContain(MASKED);
  });

  it('redacts credential headers', () => {
    const { destination, output, lines } = capture();
    createLogger({ service: 'test', destination }).info({
      req: { headers: { authorization: 'Bearer sk_test_51HxyzSECRET', 'x-internal-token': 'itok_0123456789abcdef', accept: '*/*' } },
      outbound: { headers: { Authorization: 'Bearer sk_test_51HxyzSECRET', 'X-Admin-Token': 'admin_0123456789' } },
    });

    expect(output()).not.toMatch(/sk_test|itok_|admin_/);
    expect(lines()[0]).toMatchObject({ req: { headers: { authorization: '[REDACTED]', accept: '*/*' } } });
  });

  it('logs nothing below its level', () => {
    const { destination, output } = capture();
    createLogger({ service: 'test', level: 'warn', destination }).info('quiet');

    expect(output()).toBe('');
  });
});

describe('maskPans', () => {
  it.each([
    ['378282246310005', '378282*****0005'], // Amex, 15 digits
    ['6011111111111117', '601111******1117'],
    ['4242-4242-4242-4242', MASKED],
  ])('masks %s', (pan, masked) => {
    expect(maskPans(`"${pan}"`)).toBe(`"${masked}"`);
  });

  it.each([
    ['a number that fails Luhn', '4242424242424241'],
    ['digits inside a hex hash', 'ab4242424242424242cd'],
    ['a run longer than 19 digits', '42424242424242424242'],
    ['a run shorter than 13 digits', '424242424242'],
  ])('leaves %s alone', (_, text) => {
    expect(maskPans(text)).toBe(text);
  });

  it.each([
    ['a CVV segment named after the card number in a path', '/cards/4111111111111111/cvv/579', '/cards/411111******1111/cvv/***'],
    ['a CVV segment right after the card number', '/cards/4111111111111111/579', '/cards/411111******1111/***'],
    ['a CVV segment right before the card number', '/cvv/579/4111111111111111', '/cvv/***/411111******1111'],
    ['a CVV query parameter next to the card number', '/tokens?pan=4111111111111111&cvc=1234', '/tokens?pan=411111******1111&cvc=****'],
    ['a CVV query parameter before the card number', '/tokens?cvv=579&pan=4111111111111111', '/tokens?cvv=***&pan=411111******1111'],
    ['%-escaped separators', '/cards%2F4111111111111111%2Fcvv%2F579', '/cards%2F411111******1111%2Fcvv%2F***'],
    ['a CVV named in a query string without a card number', '/tokens/tok_1?cvv2=123', '/tokens/tok_1?cvv2=***'],
    ['a CVV named in JSON text', '{"securityCode":"1234"}', '{"securityCode":"****"}'],
  ])('masks %s', (_, text, masked) => {
    expect(maskPans(text)).toBe(masked);
  });

  it.each([
    ['short numbers with no card number near them', '/v1/payment-intents?limit=100&amount[gte]=500'],
    ['a short number far from a card number', '/cards/4111111111111111/tokens/tok_1/expiry/2030'],
    ['a count in a message', 'retried 3 times in 250 ms'],
  ])('leaves %s alone', (_, text) => {
    expect(maskPans(text)).toBe(text.replace('4111111111111111', '411111******1111'));
  });
});

describe('a request line logged with card data in its path', () => {
  it('has the card number and the CVV next to it masked, both', () => {
    const { destination, output } = capture();
    const logger = createLogger({ service: 'test', destination });

    logger.warn({ method: 'GET', path: '/cards/4111111111111111/cvv/579', status: 404 }, 'request finished');

    expect(output()).toContain('"path":"/cards/411111******1111/cvv/***"');
    expect(output()).not.toMatch(/4111111111111111|\/579/);
  });
});

describe('createLogger inside a span', () => {
  it('adds the trace_id and span_id of the active span to every line, and nothing outside one', async () => {
    const provider = new NodeTracerProvider();
    provider.register();
    try {
      const { destination, lines } = capture();
      const logger = createLogger({ service: 'test', destination });
      const span = trace.getTracer('test').startSpan('request');
      context.with(trace.setSpan(context.active(), span), () => {
        logger.info('inside');
        logger.child({ correlation_id: 'corr_1' }).warn({ attempt: 2 }, 'inside, from a child');
      });
      span.end();
      logger.info('outside');
      const { traceId, spanId } = span.spanContext();
      expect(lines().map((l) => [l['msg'], l['trace_id'], l['span_id']])).toEqual([
        ['inside', traceId, spanId],
        ['inside, from a child', traceId, spanId],
        ['outside', undefined, undefined],
      ]);
    } finally {
      await provider.shutdown();
      trace.disable();
      context.disable();
    }
  });
});
