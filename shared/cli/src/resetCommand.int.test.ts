import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';

const BIN = path.resolve(__dirname, '../bin/payrail.js');

describe('payrail reset', () => {
  it('refuses without --yes when nobody can be asked, then deletes every runtime file but the README with --yes', async () => {
    const { dir, cleanup } = makeTempDataDir('reset');
    try {
      await fs.mkdir(path.join(dir, 'ledger'), { recursive: true });
      await fs.writeFile(path.join(dir, 'ledger/payments.jsonl'), '{}\n');
      await fs.writeFile(path.join(dir, 'README.md'), '# data\n');
      const refused = spawnSync(process.execPath, [BIN, 'reset', '--data', dir], { encoding: 'utf8', input: '', timeout: 20_000 });
      expect(refused.status).toBe(1);
      expect(await fs.readdir(dir)).toEqual(expect.arrayContaining(['ledger', 'README.md']));
      const done = spawnSync(process.execPath, [BIN, 'reset', '--yes', '--data', dir], { encoding: 'utf8', timeout: 20_000 });
      expect(done.status).toBe(0);
      expect(await fs.readdir(dir)).toEqual(['README.md']);
    } finally {
      cleanup();
    }
  });
});
