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
});
