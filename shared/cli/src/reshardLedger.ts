import { closeSync, copyFileSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { canonicalJson, sha256Hex } from '@payrail/core';
import { GENESIS_HASH, JournalLock, LINE_BYTES_MAX, checkLine, fsyncDir, sealEvent, verifyStream, writeFileAtomic, type JournalEvent, type UnsealedEvent } from '@payrail/journal';
import { SHARDS_FILE, STREAM_KINDS, checkShardCount, ledgerShards, ledgerStreams, readShardCount, shardOf, writeShardCount, type LedgerShard, type StreamKind } from '@payrail/ledger';

/** How long reshard waits for each ledger lock before it concludes that a running process holds it. */
export const RESHARD_LOCK_WAIT_MS = 3_000;
/** Bytes read from an old stream at a time. */
const READ_CHUNK_BYTES = 1024 * 1024;
/** Bytes of re-sealed lines staged for a new stream before they are written. */
const WRITE_CHUNK_BYTES = 1024 * 1024;
/** The longest stretch of work between two turns of the event loop: the locks' refresh timers run in those turns. */
const WORK_SLICE_MS = 100;

/** `ledger/.before-reshard-<time>/`: the ledger a reshard replaced, kept as a data folder of its own. */
export const BACKUP_PREFIX = '.before-reshard-';
/** `ledger/.reshard-<time>/`: where a reshard builds the new ledger before the swap. */
export const WORK_PREFIX = '.reshard-';
/** The folders under `ledger/` that reshard makes: no service reads them, `payrail verify` skips them. */
export const RESHARD_FOLDER_PREFIXES: readonly string[] = [BACKUP_PREFIX, WORK_PREFIX];
/** The swap's plan, in the work folder: once it exists the new ledger is complete and verified, and the swap is finished by the next run if this one stops. */
const SWAP_FILE = 'swap.json';

/** An operating error: reshard refused or stopped, and says why and what to do. Unless it says otherwise, the ledger is as it was. */
export class ReshardRefusedError extends Error {}

/** What a reshard did. */
export interface ReshardResult {
  data: string;
  from_shards: number;
  to_shards: number;
  /** False when the ledger already had the shard count asked for. */
  changed: boolean;
  /** Events per stream kind, per new shard (index = shard). */
  events: Record<StreamKind, number[]>;
  /** Events without a merchant_id (they went to shard 0). */
  without_merchant: number;
  /** The folder holding the old ledger (a data folder of its own), or null when nothing changed. */
  backup: string | null;
  duration_ms: number;
  /** What else it did: an interrupted earlier run finished or cleaned up. */
  notes: string[];
}

/** What resharding keeps of an event: everything but what its new stream stamps. */
type EventContent = Omit<JournalEvent, 'seq' | 'prev_hash' | 'hash' | 'epoch'>;

function contentOf(event: JournalEvent): EventContent {
  const { seq: _seq, prev_hash: _prevHash, hash: _hash, epoch: _epoch, ...content } = event;
  return content;
}

/** The shard an event belongs to in a layout of `count`: its merchant's; shard 0 for an event without one. */
const shardOfEvent = (event: { merchant_id?: string }, count: number): number => (event.merchant_id === undefined ? 0 : shardOf(event.merchant_id, count));

const MASK_256 = (1n << 256n) - 1n;

/**
 * A multiset of events, order-free: how many, and the sum modulo 2^256 of the SHA-256 of each one's
 * canonical content (event_id included). Two multisets of the same events, in any order, are equal;
 * an event missing, doubled or changed makes them differ.
 */
class EventMultiset {
  count = 0;
  private sum = 0n;

  add(content: EventContent): void {
    this.count += 1;
    this.sum = (this.sum + BigInt(`0x${sha256Hex(canonicalJson(content))}`)) & MASK_256;
  }

  equals(other: EventMultiset): boolean {
    return this.count === other.count && this.sum === other.sum;
  }
}

type MultisetTable = Record<StreamKind, EventMultiset[]>;

const multisetTable = (shards: number): MultisetTable => Object.fromEntries(STREAM_KINDS.map((kind) => [kind, Array.from({ length: shards }, () => new EventMultiset())])) as MultisetTable;

/**
 * Turns the event loop every WORK_SLICE_MS of work, so that proper-lockfile refreshes the locks (a lock
 * not refreshed for its stale time may be taken over), and checks at each turn that every lock is still held.
 */
class Pace {
  private last = performance.now();

  constructor(private readonly locks: ReadonlyArray<{ name: string; lock: JournalLock }>) {}

  get due(): boolean {
    return performance.now() - this.last >= WORK_SLICE_MS;
  }

  async turn(): Promise<void> {
    await nextTurn();
    this.last = performance.now();
    this.checkLocks();
  }

  checkLocks(): void {
    for (const { name, lock } of this.locks) {
      if (!lock.stillHeld()) throw new ReshardRefusedError(`lost the lock ${name} during the reshard (${lock.compromised?.message ?? 'released'}): did a service start? Nothing was changed; stop every service and run payrail reshard again.`);
    }
  }
}

/** Reads one stream line by line, checking each line as a reader does (JSON, schema, seq, chain, hash). */
class StreamCursor {
  private buffer = Buffer.alloc(0);
  private start = 0;
  private position = 0;
  private seq = 0;
  private hash = GENESIS_HASH;

  private constructor(
    readonly stream: string,
    private readonly fd: number | null,
    private readonly size: number,
  ) {}

  /** The stream `name` of `dataDir` (a missing file is an empty stream). */
  static open(dataDir: string, stream: string): StreamCursor {
    let fd: number;
    try {
      fd = openSync(path.join(dataDir, `${stream}.jsonl`), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new StreamCursor(stream, null, 0);
      throw error;
    }
    return new StreamCursor(stream, fd, fstatSync(fd).size);
  }

  /** The next event, or undefined at the end. */
  next(): JournalEvent | undefined {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a, this.start);
      if (newline !== -1) {
        const line = this.buffer.toString('utf8', this.start, newline);
        this.start = newline + 1;
        return this.check(line);
      }
      if (this.fd === null || this.position >= this.size) {
        if (this.start < this.buffer.length) throw this.changed(`it ends with ${this.buffer.length - this.start} bytes and no newline`);
        return undefined;
      }
      if (this.buffer.length - this.start > LINE_BYTES_MAX) throw this.changed(`line ${this.seq + 1} is over ${LINE_BYTES_MAX} bytes`);
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, this.size - this.position));
      const read = readSync(this.fd, chunk, 0, chunk.length, this.position);
      if (read === 0) throw this.changed('it shrank while it was read');
      this.buffer = Buffer.concat([this.buffer.subarray(this.start), chunk.subarray(0, read)]);
      this.start = 0;
      this.position += read;
    }
  }

  /** After the last event: the file is still the size it was at open (nobody appended meanwhile). */
  end(): void {
    if (this.fd !== null && fstatSync(this.fd).size !== this.size) throw this.changed('it grew while it was resharded');
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
  }

  private check(line: string): JournalEvent {
    const checked = checkLine(line, { seq: this.seq + 1, prevHash: this.hash });
    if (!checked.ok) throw this.changed(`line ${this.seq + 1}: ${checked.reason}`);
    this.seq = checked.event.seq;
    this.hash = checked.event.hash;
    return checked.event;
  }

  private changed(reason: string): ReshardRefusedError {
    return new ReshardRefusedError(`${this.stream} changed after it was verified (${reason}): is a service running? Nothing was changed; stop every service and run payrail reshard again.`);
  }
}

/**
 * Writes one new stream, in the work folder: each event re-sealed at the next seq, chained to the line
 * before, with the epoch of the work folder's lock of its shard (above every epoch of the old ledger).
 */
class StreamWriter {
  private seq = 0;
  private hash = GENESIS_HASH;
  private staged: string[] = [];
  private stagedChars = 0;

  private constructor(
    private readonly stream: string,
    private readonly fd: number,
    private readonly lock: JournalLock,
  ) {}

  static create(workDir: string, stream: string, lock: JournalLock): StreamWriter {
    const file = path.join(workDir, `${stream}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    return new StreamWriter(stream, openSync(file, 'wx'), lock);
  }

  get lines(): number {
    return this.seq;
  }

  append(content: EventContent): void {
    // sealEvent checks the line against the event schema right before it is staged.
    const { event, line } = sealEvent({ ...content, seq: this.seq + 1, prev_hash: this.hash, epoch: this.lock.epoch } as UnsealedEvent);
    this.seq = event.seq;
    this.hash = event.hash;
    this.staged.push(line);
    this.stagedChars += line.length;
    if (this.stagedChars >= WRITE_CHUNK_BYTES) this.flush();
  }

  /** Writes what is staged, then makes the file durable and closes it. */
  finish(): void {
    this.flush();
    fdatasyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.staged.length === 0) return;
    if (!this.lock.stillHeld()) throw new ReshardRefusedError(`lost the work folder's lock of ${this.stream} (${this.lock.compromised?.message ?? 'released'}); nothing was changed`);
    const data = Buffer.from(this.staged.join(''));
    this.staged = [];
    this.stagedChars = 0;
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
  }
}

/** The files of a stream: its lines and the journal's mark of its last append (`.<name>.jsonl.mark`, see Stream). */
function filesOf(stream: string): string[] {
  return [`${stream}.jsonl`, `${path.posix.dirname(stream)}/.${path.posix.basename(stream)}.jsonl.mark`];
}

/**
 * Every folder between `root` and each of `files` (relative to it), deepest first: the folders whose
 * entries a rename or a mkdir changed, to fsync so that each entry in its parent survives a crash.
 */
function foldersOf(root: string, files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    for (let folder = path.dirname(path.join(root, file)); folder.startsWith(root) && folder !== root; folder = path.dirname(folder)) folders.add(folder);
  }
  return [...folders].sort((a, b) => b.length - a.length);
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Takes the lock of every shard of the current layout, each with the journal's own lock class, so no
 * writer of the ledger can write until they are released. A lock another process holds is a refusal.
 */
async function takeLedgerLocks(dataDir: string, shards: number): Promise<Array<{ name: string; lock: JournalLock }>> {
  const held: Array<{ name: string; lock: JournalLock }> = [];
  try {
    for (const shard of ledgerShards(shards)) {
      const lock = new JournalLock(path.join(dataDir, shard.lock), { wait_ms_max: RESHARD_LOCK_WAIT_MS });
      try {
        await lock.acquire();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        throw new ReshardRefusedError(
          `the ledger lock ${shard.lock} is held by another process (a running api-gateway, ledger-service or job writes the ledger): stop every service first, then run payrail reshard again. Nothing was changed.`,
        );
      }
      held.push({ name: shard.lock, lock });
    }
    return held;
  } catch (error) {
    for (const { lock } of held) lock.releaseQuietly();
    throw error;
  }
}

/** The plan of a swap: every rename, relative to the data folder, in order; then the shard count to record. */
interface SwapPlan {
  from_shards: number;
  to_shards: number;
  /** The backup folder, relative to the data folder. */
  backup: string;
  moves: Array<[string, string]>;
}

function readSwapPlan(file: string): SwapPlan {
  const plan = JSON.parse(readFileSync(file, 'utf8')) as Partial<SwapPlan>;
  const pairs = Array.isArray(plan.moves) && plan.moves.every((move) => Array.isArray(move) && move.length === 2 && move.every((name) => typeof name === 'string'));
  if (typeof plan.from_shards !== 'number' || typeof plan.to_shards !== 'number' || typeof plan.backup !== 'string' || !pairs) throw new Error(`${file} is not a swap plan`);
  checkShardCount(plan.to_shards, `${file}: to_shards`);
  return plan as SwapPlan;
}

/**
 * Carries out a swap plan: each rename not done yet (a run that stopped halfway left some done), then
 * the shard count (`ledger/shards.json`, none for one shard), then fsyncs every folder it changed and
 * removes the work folder. Idempotent, so that the next run finishes what a stopped one started.
 */
async function applySwap(dataDir: string, workDir: string, plan: SwapPlan): Promise<void> {
  const folders = new Set<string>();
  for (const [from, to] of plan.moves) {
    const source = path.join(dataDir, from);
    const target = path.join(dataDir, to);
    for (const folder of foldersOf(dataDir, [from, to])) folders.add(folder);
    const [there, here] = [existsSync(source), existsSync(target)];
    if (!there && here) continue; // moved before the run stopped
    if (there && here) throw new ReshardRefusedError(`the swap cannot move ${from} to ${to}: both exist. Move one of them aside by hand, then run payrail reshard again to finish the swap.`);
    if (!there) throw new ReshardRefusedError(`the swap cannot move ${from} to ${to}: neither exists. Restore ${from} from ${plan.backup}, then run payrail reshard again to finish the swap.`);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(source, target);
  }
  if (plan.to_shards === 1) rmSync(path.join(dataDir, SHARDS_FILE), { force: true });
  else writeShardCount(dataDir, plan.to_shards, { replace: true });
  folders.add(path.join(dataDir, path.dirname(SHARDS_FILE)));
  for (const folder of [...folders].filter(existsSync).sort((a, b) => b.length - a.length)) await fsyncDir(folder);
  rmSync(workDir, { recursive: true, force: true });
  await fsyncDir(path.dirname(workDir));
}

/**
 * Under the locks, before anything else: finishes the swap of a run that stopped during it (its plan is
 * in its work folder; the new ledger there was complete and verified), and removes the work folder of a
 * run that stopped before its swap (the ledger was untouched). Says whether the layout changed.
 */
async function finishInterruptedRuns(dataDir: string, notes: string[]): Promise<boolean> {
  const ledgerDir = path.join(dataDir, 'ledger');
  let entries: string[];
  try {
    entries = readdirSync(ledgerDir).filter((name) => name.startsWith(WORK_PREFIX)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  let swapped = false;
  for (const name of entries) {
    const workDir = path.join(ledgerDir, name);
    const planFile = path.join(workDir, SWAP_FILE);
    if (existsSync(planFile)) {
      const plan = readSwapPlan(planFile);
      await applySwap(dataDir, workDir, plan);
      notes.push(`finished the swap of an earlier reshard to ${plan.to_shards} shard${plan.to_shards === 1 ? '' : 's'} that had stopped halfway (its old ledger is in ${path.join(dataDir, plan.backup)})`);
      swapped = true;
    } else {
      rmSync(workDir, { recursive: true, force: true });
      notes.push(`removed ledger/${name}, the work folder of an earlier reshard that had stopped before its swap (the ledger was untouched)`);
    }
  }
  return swapped;
}

/** `2026-02-09T10-22-33-123Z`: a time in a folder name. */
const stampOf = (now: Date): string => now.toISOString().replace(/[:.]/g, '-');

/**
 * Re-shards the ledger of `dataDir` offline into `shards` shards (see `ledgerShards`):
 *
 * 1. takes the lock of every shard of the current layout for the whole run (a lock held by another
 *    process is a refusal: stop every service first);
 * 2. verifies every stream of the current layout, refusing on any problem;
 * 3. writes the new layout in `ledger/.reshard-<time>/`, re-sealing every event in order into its
 *    merchant's shard (shard 0 for an event without merchant_id); the events of the old shards that
 *    meet in one new stream are merged by timestamp, then old shard, then old seq;
 * 4. verifies every new stream and checks that it holds exactly the old ledger's events of its stream
 *    kind and merchants, by content (event_id included) without seq, prev_hash, hash and epoch;
 * 5. swaps by rename: the old streams into `ledger/.before-reshard-<time>/` (kept), the new ones into
 *    place, then `ledger/shards.json`.
 *
 * Any refusal before the swap leaves the ledger as it was and removes the work folder. A run that
 * stops during the swap is finished by the next run.
 */
export async function reshardLedger(options: { dataDir: string; shards: number; now?: () => Date }): Promise<ReshardResult> {
  const started = performance.now();
  const dataDir = path.resolve(options.dataDir);
  const to = options.shards;
  checkShardCount(to, '--shards');
  // A typo in --data must not become a new data folder (taking a lock makes its folder).
  if (!existsSync(dataDir)) throw new ReshardRefusedError(`there is no data folder at ${dataDir}`);
  const notes: string[] = [];
  // At most twice: a finished interrupted swap changes the layout, whose locks are then taken.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const from = readShardCount(dataDir);
    const locks = await takeLedgerLocks(dataDir, from);
    try {
      if ((await finishInterruptedRuns(dataDir, notes)) && attempt === 0) continue;
      const result: ReshardResult = { data: dataDir, from_shards: from, to_shards: to, changed: false, events: multisetCounts(multisetTable(to)), without_merchant: 0, backup: null, duration_ms: 0, notes };
      if (from !== to) Object.assign(result, await reshardUnderLocks(dataDir, from, to, locks, options.now?.() ?? new Date()));
      result.duration_ms = Math.round(performance.now() - started);
      return result;
    } finally {
      for (const { lock } of locks) lock.releaseQuietly();
    }
  }
  throw new Error('reshardLedger: the layout changed twice under the locks');
}

const multisetCounts = (table: MultisetTable): Record<StreamKind, number[]> => Object.fromEntries(STREAM_KINDS.map((kind) => [kind, table[kind].map((set) => set.count)])) as Record<StreamKind, number[]>;

async function reshardUnderLocks(dataDir: string, from: number, to: number, locks: Array<{ name: string; lock: JournalLock }>, now: Date): Promise<Pick<ReshardResult, 'changed' | 'events' | 'without_merchant' | 'backup'>> {
  const oldLayout = ledgerShards(from);
  const newLayout = ledgerShards(to);
  const epochFloor = await verifyOldLedger(dataDir, oldLayout, locks);
  refuseStrayStreams(dataDir, oldLayout, newLayout);

  const stamp = stampOf(now);
  const workRel = `ledger/${WORK_PREFIX}${stamp}`;
  const backupRel = `ledger/${BACKUP_PREFIX}${stamp}`;
  const workDir = path.join(dataDir, workRel);
  mkdirSync(workDir);
  const pace = new Pace(locks);
  const oldSets = multisetTable(to);
  let withoutMerchant = 0;
  let plan: SwapPlan;
  try {
    // Each new shard's lines carry the epoch of its lock in the work folder, above every epoch the old ledger had.
    const workLocks: JournalLock[] = [];
    try {
      for (const shard of newLayout) {
        const lock = new JournalLock(path.join(workDir, shard.lock));
        await lock.acquire(undefined, epochFloor);
        workLocks.push(lock);
      }
      for (const kind of STREAM_KINDS) withoutMerchant += await copyKind(kind, { dataDir, workDir, oldLayout, newLayout, workLocks, oldSets, pace });
    } finally {
      for (const lock of workLocks) lock.releaseQuietly();
    }
    await compareNewLedger(workDir, newLayout, oldSets, pace);
    // The new files' entries must be durable before the plan says they are there.
    for (const folder of foldersOf(workDir, ledgerStreams(to).map((stream) => `${stream}.jsonl`))) await fsyncDir(folder);
    pace.checkLocks();
    plan = planSwap(dataDir, oldLayout, newLayout, workRel, backupRel, from, to);
    mkdirSync(path.join(dataDir, backupRel, 'ledger'), { recursive: true });
    // The backup is a data folder of its own: its layout goes with it.
    if (existsSync(path.join(dataDir, SHARDS_FILE))) {
      copyFileSync(path.join(dataDir, SHARDS_FILE), path.join(dataDir, backupRel, SHARDS_FILE));
      const fd = openSync(path.join(dataDir, backupRel, SHARDS_FILE), 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    await writeFileAtomic(path.join(workDir, SWAP_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(path.join(dataDir, backupRel), { recursive: true, force: true });
    throw error;
  }
  try {
    await applySwap(dataDir, workDir, plan);
  } catch (error) {
    throw new ReshardRefusedError(`the swap stopped halfway (${(error as Error).message}): run payrail reshard --shards ${to} again, with every service still stopped, to finish it: until then the ledger is half in the old layout and half in the new one, and no service may start.`);
  }
  return { changed: true, events: multisetCounts(oldSets), without_merchant: withoutMerchant, backup: path.join(dataDir, backupRel) };
}

/** Verifies every stream of the old layout (the journal's own check); answers the highest lock epoch it saw, on lines and locks. */
async function verifyOldLedger(dataDir: string, layout: readonly LedgerShard[], locks: ReadonlyArray<{ lock: JournalLock }>): Promise<number> {
  let epoch = Math.max(0, ...locks.map(({ lock }) => lock.epoch));
  const problems: string[] = [];
  for (const shard of layout) {
    for (const kind of STREAM_KINDS) {
      const stream = shard.streams[kind];
      const file = path.join(dataDir, `${stream}.jsonl`);
      if (!existsSync(file)) continue;
      const report = await verifyStream(file, stream);
      if (report.problem !== undefined) problems.push(`  ${stream}: BAD line ${report.problem.line} (byte ${report.problem.offset}): ${report.problem.reason}`);
      epoch = Math.max(epoch, report.epochs?.last ?? 0);
    }
  }
  if (problems.length > 0) {
    throw new ReshardRefusedError(`the ledger does not verify, so it is not resharded (nothing was changed):\n${problems.join('\n')}\nRepair or restore those streams first (payrail verify --data ${dataDir} checks every stream).`);
  }
  return epoch;
}

/** A stream of the new layout that is not one of the old layout but has lines in it: no service reads it, and the swap would have to overwrite it. */
function refuseStrayStreams(dataDir: string, oldLayout: readonly LedgerShard[], newLayout: readonly LedgerShard[]): void {
  const old = new Set(oldLayout.flatMap((shard) => STREAM_KINDS.map((kind) => shard.streams[kind])));
  for (const shard of newLayout) {
    for (const kind of STREAM_KINDS) {
      const stream = shard.streams[kind];
      if (old.has(stream)) continue;
      const size = sizeOf(path.join(dataDir, `${stream}.jsonl`));
      if (size !== undefined && size > 0) {
        throw new ReshardRefusedError(`${stream}.jsonl holds ${size} bytes, but it is not a stream of the ledger's current ${oldLayout.length}-shard layout (${SHARDS_FILE}), so no service reads it; move it out of the ledger folder, then run payrail reshard again. Nothing was changed.`);
      }
    }
  }
}

interface CopyContext {
  dataDir: string;
  workDir: string;
  oldLayout: readonly LedgerShard[];
  newLayout: readonly LedgerShard[];
  workLocks: readonly JournalLock[];
  oldSets: MultisetTable;
  pace: Pace;
}

/**
 * Copies the `kind` streams of every old shard into the new shards' `kind` streams: a merge of the old
 * streams (each read in order) by timestamp, then old shard index; each event goes to its merchant's new
 * shard. Answers how many had no merchant_id.
 */
async function copyKind(kind: StreamKind, context: CopyContext): Promise<number> {
  const { dataDir, workDir, oldLayout, newLayout, workLocks, oldSets, pace } = context;
  const cursors: StreamCursor[] = [];
  const writers: StreamWriter[] = [];
  let withoutMerchant = 0;
  try {
    for (const shard of oldLayout) cursors.push(StreamCursor.open(dataDir, shard.streams[kind]));
    for (const shard of newLayout) writers.push(StreamWriter.create(workDir, shard.streams[kind], workLocks[shard.index] as JournalLock));
    const heads = cursors.map((cursor) => cursor.next());
    const times = heads.map((event) => (event === undefined ? Infinity : Date.parse(event.timestamp)));
    for (;;) {
      let pick = -1;
      // Strictly earlier wins: on equal times the lower old shard goes first; within one old stream, its order.
      for (let i = 0; i < heads.length; i++) if (heads[i] !== undefined && (pick === -1 || (times[i] as number) < (times[pick] as number))) pick = i;
      if (pick === -1) break;
      const event = heads[pick] as JournalEvent;
      const next = (cursors[pick] as StreamCursor).next();
      heads[pick] = next;
      times[pick] = next === undefined ? Infinity : Date.parse(next.timestamp);
      const target = shardOfEvent(event, newLayout.length);
      if (event.merchant_id === undefined) withoutMerchant += 1;
      const content = contentOf(event);
      (oldSets[kind][target] as EventMultiset).add(content);
      (writers[target] as StreamWriter).append(content);
      if (pace.due) await pace.turn();
    }
    for (const cursor of cursors) cursor.end();
    for (const writer of writers) writer.finish();
  } finally {
    for (const cursor of cursors) cursor.close();
    for (const writer of writers) writer.close();
  }
  return withoutMerchant;
}

/**
 * Reads the new ledger back: every stream verifies (the journal's check), every event is in its
 * merchant's shard, and each stream holds exactly the events the old ledger had of its kind and shard.
 */
async function compareNewLedger(workDir: string, newLayout: readonly LedgerShard[], oldSets: MultisetTable, pace: Pace): Promise<void> {
  for (const shard of newLayout) {
    for (const kind of STREAM_KINDS) {
      const stream = shard.streams[kind];
      const report = await verifyStream(path.join(workDir, `${stream}.jsonl`), stream);
      if (report.problem !== undefined) throw new ReshardRefusedError(`the new ${stream} does not verify (line ${report.problem.line}: ${report.problem.reason}); nothing was changed`);
      const written = new EventMultiset();
      const cursor = StreamCursor.open(workDir, stream);
      try {
        for (let event = cursor.next(); event !== undefined; event = cursor.next()) {
          const belongs = shardOfEvent(event, newLayout.length);
          if (belongs !== shard.index) throw new ReshardRefusedError(`the new ${stream} holds ${event.event_id} of merchant ${event.merchant_id ?? '(none)'}, whose shard is ${belongs}; nothing was changed`);
          written.add(contentOf(event));
          if (pace.due) await pace.turn();
        }
      } finally {
        cursor.close();
      }
      const expected = oldSets[kind][shard.index] as EventMultiset;
      if (!written.equals(expected)) {
        throw new ReshardRefusedError(`the new ${stream} holds ${written.count} events, but the old ledger has ${expected.count} ${kind} events of its merchants${written.count === expected.count ? ', and not the same ones' : ''}; nothing was changed`);
      }
    }
  }
}

/**
 * The renames of the swap: every file of the old layout's streams (lines and marks) into the backup,
 * then any file of the new layout's that is in the way (an empty stream, a stale mark), then the new
 * streams into place. A mark must not stay beside a new file: a journal would take it for the file's.
 */
function planSwap(dataDir: string, oldLayout: readonly LedgerShard[], newLayout: readonly LedgerShard[], workRel: string, backupRel: string, from: number, to: number): SwapPlan {
  const moves: Array<[string, string]> = [];
  const moved = new Set<string>();
  const toBackup = (name: string): void => {
    if (moved.has(name) || !existsSync(path.join(dataDir, name))) return;
    moves.push([name, `${backupRel}/${name}`]);
    moved.add(name);
  };
  for (const shard of oldLayout) for (const kind of STREAM_KINDS) filesOf(shard.streams[kind]).forEach(toBackup);
  for (const shard of newLayout) for (const kind of STREAM_KINDS) filesOf(shard.streams[kind]).forEach(toBackup);
  for (const shard of newLayout) for (const kind of STREAM_KINDS) moves.push([`${workRel}/${shard.streams[kind]}.jsonl`, `${shard.streams[kind]}.jsonl`]);
  return { from_shards: from, to_shards: to, backup: backupRel, moves };
}
