const INITIAL_SLOTS = 1024;
/** The longest id the index keeps (ours are about 30 bytes; a bank file's field is at most 128 characters). */
export const ID_BYTES_MAX = 512;
const EMPTY = -1;

/** FNV-1a over bytes. */
function hashBytes(buffer: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buffer[i] as number), 0x01000193);
  return hash >>> 0;
}

/**
 * A set of ids numbered 0, 1, 2... in the order they were added, kept as bytes in one growing buffer
 * with an open-addressing table of typed arrays: a million payment ids take about 45 MB and no
 * JavaScript object each, and a line's id is looked up from its bytes without making a string.
 */
export class IdIndex {
  private arena = Buffer.allocUnsafe(INITIAL_SLOTS * 32);
  private used = 0;
  private starts = new Uint32Array(INITIAL_SLOTS);
  private lengths = new Uint16Array(INITIAL_SLOTS);
  private hashes = new Uint32Array(INITIAL_SLOTS);
  /** Slot numbers by hash position; EMPTY where free. Kept at most half full. */
  private table = new Int32Array(INITIAL_SLOTS * 2).fill(EMPTY);
  private count = 0;
  /** Scratch for ids given as strings that are not ASCII. */
  private readonly scratch = Buffer.alloc(ID_BYTES_MAX * 3);

  get size(): number {
    return this.count;
  }

  /** The slot of the id in `buffer[start..end)`, or -1. */
  slotOfBytes(buffer: Uint8Array, start: number, end: number): number {
    return this.find(buffer, start, end, hashBytes(buffer, start, end));
  }

  /** The slot of `id`, or -1. */
  slotOf(id: string): number {
    const [buffer, end] = this.bytesOf(id);
    return this.slotOfBytes(buffer, 0, end);
  }

  /** The slot of the id in `buffer[start..end)`, added when new. */
  addBytes(buffer: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > ID_BYTES_MAX) throw new Error(`IdIndex: an id of ${length} bytes is over ${ID_BYTES_MAX}`);
    const hash = hashBytes(buffer, start, end);
    const known = this.find(buffer, start, end, hash);
    if (known !== -1) return known;
    const slot = this.count;
    if (slot === this.starts.length) this.growSlots();
    if (this.used + length > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    this.arena.set(buffer.subarray(start, end), this.used);
    this.starts[slot] = this.used;
    this.lengths[slot] = length;
    this.hashes[slot] = hash;
    this.used += length;
    this.count += 1;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(slot, hash);
    return slot;
  }

  /** The slot of `id`, added when new. */
  add(id: string): number {
    if (id.length > ID_BYTES_MAX) throw new Error(`IdIndex: an id of ${id.length} characters is over ${ID_BYTES_MAX} bytes`);
    const [buffer, end] = this.bytesOf(id);
    return this.addBytes(buffer, 0, end);
  }

  /** The id in `slot`, as a string (made on each call: for reports and events, not for hot loops). */
  id(slot: number): string {
    const start = this.starts[slot] ?? 0;
    return this.arena.toString('utf8', start, start + (this.lengths[slot] ?? 0));
  }

  private bytesOf(id: string): [Uint8Array, number] {
    if (id.length > ID_BYTES_MAX) return [this.scratch, 0];
    const written = this.scratch.write(id, 0, 'utf8');
    return [this.scratch, written];
  }

  private find(buffer: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.table.length - 1;
    const length = end - start;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at] as number;
      if (slot === EMPTY) return -1;
      if (this.hashes[slot] !== hash || this.lengths[slot] !== length) continue;
      const from = this.starts[slot] as number;
      let same = true;
      for (let i = 0; i < length && same; i++) same = this.arena[from + i] === buffer[start + i];
      if (same) return slot;
    }
  }

  private place(slot: number, hash: number): void {
    const mask = this.table.length - 1;
    let at = hash & mask;
    while (this.table[at] !== EMPTY) at = (at + 1) & mask;
    this.table[at] = slot;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size).fill(EMPTY);
    for (let slot = 0; slot < this.count; slot++) this.place(slot, this.hashes[slot] as number);
  }

  private growSlots(): void {
    const capacity = this.starts.length * 2;
    const grow = <T extends Uint16Array | Uint32Array>(column: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(column);
      return next;
    };
    this.starts = grow(this.starts, (n) => new Uint32Array(n));
    this.lengths = grow(this.lengths, (n) => new Uint16Array(n));
    this.hashes = grow(this.hashes, (n) => new Uint32Array(n));
  }
}
