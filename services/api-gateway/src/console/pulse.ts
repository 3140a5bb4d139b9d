import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LedgerState } from '@payrail/ledger';

/**
 * Folders whose own modification time moves when a bank statement, payouts file, reconciliation
 * report or a job's done marker is written: every writer writes a temporary file and renames it in.
 */
const DAY_FILE_FOLDERS = ['settlement', 'reports', path.join('reports', '.done')];

/** `GET /v1/console/pulse`: compare the cursor with the last one, never parse it. */
export interface Pulse {
  object: 'pulse';
  cursor: string;
}

/** What the pulse is made of: counts that only grow, and the newest write among the day files. */
export interface PulseParts {
  ledger: LedgerState;
  /** Lines of the delivery log read (attempts and dead letters). */
  delivery_lines: number;
  /** Lines of the webhook endpoint stream applied. */
  endpoint_lines: number;
  dataDir: string;
}

/**
 * The console's live-update cursor: ledger lines applied (every stream), delivery-log lines, endpoint
 * lines, and the day files' newest write, each in base 36. A handful of additions and three stats,
 * whatever the size of the ledger: every open tab asks every 2 s. Not per merchant: another
 * merchant's payment moves it too, which costs a quiet reload, never a missed change.
 */
export async function pulse(parts: PulseParts): Promise<Pulse> {
  let lines = 0;
  for (const hashes of parts.ledger.hashes.values()) lines += hashes.length;
  const written = await Promise.all(DAY_FILE_FOLDERS.map((folder) => fs.stat(path.join(parts.dataDir, folder)).then((stat) => Math.floor(stat.mtimeMs), (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return 0;
    throw error;
  })));
  return { object: 'pulse', cursor: [lines, parts.delivery_lines, parts.endpoint_lines, Math.max(...written)].map((n) => n.toString(36)).join('.') };
}
