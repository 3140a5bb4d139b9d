/** A stream fails verification somewhere other than its last line: the writer must stop. */
export class JournalCorruptError extends Error {
  constructor(
    readonly stream: string,
    readonly lineNumber: number,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${stream}: line ${lineNumber} (byte ${offset}) is bad: ${reason}. Run 'npx payrail verify'; the writer refuses to append until it is repaired.`);
    this.name = 'JournalCorruptError';
  }
}

/** The lock could not be taken or was lost, or the disk refused a write: nothing of the batch was acknowledged. */
export class JournalUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'JournalUnavailableError';
  }
}
