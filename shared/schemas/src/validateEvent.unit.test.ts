import { compileSchema, knownEventTypes, validateEvent } from './validateEvent';

const valid = {
  event_id: 'evt_01m80gh09r1c7rf1hf6781rjfj',
  type: 'journal.probe',
  ref: 'p-1',
  seq: 1,
  timestamp: '2026-11-22T02:14:24.312Z',
  data: { n: 1 },
  prev_hash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

describe('validateEvent', () => {
  it('accepts a well-formed envelope whose data matches its type', () => {
    expect(validateEvent(valid)).toBeNull();
    expect(knownEventTypes()).toContain('journal.probe');
  });

  it('compiles every type of the catalogue (each is compiled on first use, so a bad schema shows here)', () => {
    for (const type of knownEventTypes()) expect(String(validateEvent({ ...valid, type, data: {} }))).not.toMatch(/unknown event type/);
  });

  it('names the field that is wrong', () => {
    expect(validateEvent({ ...valid, seq: 0 })).toMatch(/^\/seq: /);
    expect(validateEvent({ ...valid, hash: 'xyz' })).toMatch(/^\/hash: /);
    expect(validateEvent({ ...valid, extra: 1 })).toMatch(/must NOT have additional properties 'extra'/);
    expect(validateEvent({ ...valid, data: { n: 'one' } })).toMatch(/^\/data\/n: /);
    expect(validateEvent({ ...valid, type: 'no.such_type' })).toMatch(/unknown event type 'no.such_type'/);
    expect(validateEvent({ ...valid, timestamp: 'yesterday' })).toMatch(/^\/timestamp: must match format/);
  });

  it('refuses postings that do not balance per currency', () => {
    const legs = [{ account: 'a', amount: 100, currency: 'USD' }, { account: 'b', amount: -100, currency: 'USD' }];
    expect(validateEvent({ ...valid, postings: legs })).toBeNull();
    expect(validateEvent({ ...valid, postings: [...legs, { account: 'c', amount: 1, currency: 'EUR' }] })).toMatch(/sum to zero/);
  });

  it('compiles ad-hoc schemas once and reports the first problem', () => {
    const check = compileSchema({ type: 'object', required: ['amount'], properties: { amount: { type: 'integer' } } });
    expect(check({ amount: 5 })).toBeNull();
    expect(check({ amount: 5.5 })).toBe('/amount: must be integer');
    expect(check({})).toMatch(/must have required property 'amount'/);
  });
});
