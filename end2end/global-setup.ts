import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PORT } from './playwright.config';

export const STATE_FILE = resolve(__dirname, '.state', 'server.json');

/**
 * Starts `mamoru serve` on an empty database and waits for the one-time setup link it
 * prints. Returns the teardown that stops the server and removes its data.
 */
export default async function globalSetup() {
  const root = resolve(__dirname, '..');
  const binary = process.env.MAMORU_BIN ?? join(root, 'target', 'release', 'mamoru');
  const dataDir = mkdtempSync(join(tmpdir(), 'mamoru-e2e-'));
  const baseURL = `http://127.0.0.1:${PORT}`;
  // The tests always use a fresh SQLite database in a temporary data directory.
  const { MAMORU_DATABASE_URL: _ignored, MAMORU_CONFIG: _alsoIgnored, ...inherited } = process.env;
  const server = spawn(binary, ['serve'], {
    env: {
      ...inherited,
      MAMORU_ADDR: `127.0.0.1:${PORT}`,
      MAMORU_PUBLIC_URL: baseURL,
      MAMORU_DATA_DIR: dataDir,
      MAMORU_COOKIE_SECURE: 'false',
      // The staff of this story sign in many times: none needs a code, and one test has a
      // manager turn the authenticator on. The rule that requires it for admins and HR is
      // tested over HTTP (server/tests/http/second_factor.rs).
      MAMORU_SECOND_FACTOR_ROLES: 'none',
      MAMORU_SITE_DIR: join(root, 'target', 'site'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // The server's log, kept for a failing run to read (test-results/ is Playwright's own).
  const logFile = resolve(__dirname, 'test-results', 'mamoru-serve.log');
  mkdirSync(resolve(__dirname, 'test-results'), { recursive: true });
  writeFileSync(logFile, '');
  server.stderr.on('data', (chunk) => {
    log += chunk;
    appendFileSync(logFile, chunk);
  });
  const setupLink = await new Promise<string>((resolveLink, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/https?:\/\/\S+\/setup\/\S+/);
      if (match) resolveLink(match[0]);
    });
    server.on('exit', (code) => reject(new Error(`mamoru exited (${code}) before printing a setup link:\n${out}\n${log}`)));
  });
  mkdirSync(resolve(__dirname, '.state'), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ setupLink, baseURL }));
  return async () => {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
