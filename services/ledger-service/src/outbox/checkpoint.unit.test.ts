import { Checkpoint } from './checkpoint';

const head = (seq: number) => ({ offset: seq * 100, seq, hash: String(seq).padStart(64, '0') });

describe('the dispatcher checkpoint', () => {
  it('moves past a batch only when every delivery of it and of the batches before has its first attempt recorded', async () => {
    const checkpoint = await Checkpoint.load('/nonexistent/outbox/offsets.json');
    expect(checkpoint.resumeFrom('ledger/payments')).toBeUndefined();
    const first = checkpoint.track('ledger/payments', head(10), 2);
    const second = checkpoint.track('ledger/payments', head(20), 1);
    checkpoint.track('ledger/refunds', head(3), 0);
    expect(checkpoint.heads()).toEqual({ 'ledger/refunds': head(3) });

    checkpoint.release(second); // a later batch done first: the checkpoint still waits for the first
    expect(checkpoint.heads()['ledger/payments']).toBeUndefined();
    checkpoint.release(first);
    expect(checkpoint.heads()['ledger/payments']).toBeUndefined();
    checkpoint.release(first);
    expect(checkpoint.heads()['ledger/payments']).toEqual(head(20));
  });

  it('a batch with no delivery moves the checkpoint at once, unless an earlier batch is still open', async () => {
    const checkpoint = await Checkpoint.load('/nonexistent/outbox/offsets.json');
    const open = checkpoint.track('ledger/payments', head(1), 1);
    checkpoint.track('ledger/payments', head(2), 0);
    expect(checkpoint.resumeFrom('ledger/payments')).toBeUndefined();
    checkpoint.release(open);
    expect(checkpoint.resumeFrom('ledger/payments')).toEqual(head(2));
  });
});
