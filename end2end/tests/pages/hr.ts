import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs `mamoru verify-bundle` on a downloaded evidence bundle with the published key, as
 * an auditor would, in an empty data directory: nothing but the file and the key.
 * Returns its report; throws (failing the test) if the bundle does not verify.
 */
export function verifyBundle(path: string, publicKey: string): string {
  const binary = process.env.MAMORU_BIN ?? resolve(__dirname, '..', '..', '..', 'target', 'release', 'mamoru');
  const dataDir = mkdtempSync(join(tmpdir(), 'mamoru-auditor-'));
  try {
    return execFileSync(binary, ['verify-bundle', path, '--public-key', publicKey], {
      env: { PATH: process.env.PATH ?? '', MAMORU_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
