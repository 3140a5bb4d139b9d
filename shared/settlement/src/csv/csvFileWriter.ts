import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { fsyncDir } from '@payrail/journal';
import { stringify, type Stringifier } from 'csv-stringify';

let tempCounter = 0;

/**
 * Writes a CSV file row by row through csv-stringify, atomically: rows stream into a temp file beside
 * the target; `commit()` fsyncs it and renames it over the target (then fsyncs the folder), so a reader
 * sees the old file or the complete new one, never a part. `abort()` removes the temp file. Memory
 * stays flat: rows are written as they come, with back-pressure.
 */
export class CsvFileWriter {
  private readonly temp: string;
  private readonly stringifier: Stringifier;
  private readonly output: WriteStream;
  private failure: Error | null = null;
  rows = 0;

  private constructor(
    readonly file: string,
    columns: readonly string[],
  ) {
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
    this.stringifier = stringify({ header: true, columns: [...columns] });
    this.output = createWriteStream(this.temp);
    const fail = (error: Error): void => {
      this.failure ??= error;
    };
    this.stringifier.on('error', fail);
    this.output.on('error', fail);
    this.stringifier.pipe(this.output);
  }

  /** Opens a writer for `file` (its folder is created). */
  static async open(file: string, columns: readonly string[]): Promise<CsvFileWriter> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const writer = new CsvFileWriter(file, columns);
    await once(writer.output, 'open');
    return writer;
  }

  /** Writes one row (values in column order); waits when the file is behind. */
  async write(row: ReadonlyArray<string | number>): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.rows += 1;
    if (!this.stringifier.write(row)) await once(this.stringifier, 'drain');
  }

  /** Finishes the file and puts it in place. */
  async commit(): Promise<void> {
    this.stringifier.end();
    await once(this.output, 'close');
    if (this.failure !== null) {
      await this.abort();
      throw this.failure;
    }
    const handle = await fs.open(this.temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(this.temp, this.file);
    await fsyncDir(path.dirname(this.file));
  }

  /** Drops the temp file; the target is left as it was. */
  async abort(): Promise<void> {
    this.stringifier.destroy();
    this.output.destroy();
    await fs.rm(this.temp, { force: true });
  }
}
