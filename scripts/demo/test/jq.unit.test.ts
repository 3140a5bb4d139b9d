import { jqProgram, runJq } from '../jq';

const lines = [
  { seq: 1, type: 'payment_intent.created', ref: 'pi_1', data: { metadata: { order_id: 'o_1' } } },
  { seq: 2, type: 'payment_intent.captured', ref: 'pi_1', postings: [{ account: 'a', amount: 5 }], data: {} },
  { seq: 3, type: 'payment_intent.created', ref: 'pi_2', data: { metadata: { order_id: 'o_2' } } },
];

describe('the jq programs the demo prints, evaluated without jq', () => {
  it('selects lines by equality and picks fields by their last key, printing the program a reader would type', () => {
    const query = { where: { '.ref': 'pi_1' }, pick: ['.seq', '.type', '.data.metadata.order_id'] };
    expect(jqProgram(query)).toBe('select(.ref=="pi_1") | {seq, type, order_id: .data.metadata.order_id}');
    expect(runJq(lines, query)).toEqual([
      { seq: 1, type: 'payment_intent.created', order_id: 'o_1' },
      { seq: 2, type: 'payment_intent.captured', order_id: null },
    ]);
  });

  it('matches one of several values with IN, and names a picked field with name: path', () => {
    const query = { where: { '.ref': ['pi_2', 'pi_9'] }, pick: ['order: .data.metadata.order_id'] };
    expect(jqProgram(query)).toBe('select((.ref | IN("pi_2", "pi_9"))) | {order: .data.metadata.order_id}');
    expect(runJq(lines, query)).toEqual([{ order: 'o_2' }]);
  });

  it('starts from a path, iterating arrays with [] and indexing with [n]', () => {
    const report = { items: [{ payment_id: 'pi_1', status: 'amount_mismatch' }, { payment_id: 'pi_2', status: 'missing_at_bank' }] };
    expect(runJq([report], { path: '.items[]', where: { '.status': 'missing_at_bank' }, pick: ['.payment_id'] })).toEqual([{ payment_id: 'pi_2' }]);
    expect(runJq([report], { path: '.items[1].status' })).toEqual(['missing_at_bank']);
    expect(jqProgram({ path: '.items[]', pick: ['.payment_id'] })).toBe('.items[] | {payment_id}');
  });

  it('refuses a path it does not understand instead of selecting nothing', () => {
    expect(() => runJq(lines, { path: '.data.webhook-id' })).toThrow(/not understood/);
  });
});
