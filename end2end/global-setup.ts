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
  const provider = await startProvider(`${baseURL}/auth/oidc/callback`);
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
      // Single sign-on through the test provider (end2end/oidc/provider.mjs).
      MAMORU_OIDC_ISSUER: provider.issuer,
      MAMORU_OIDC_CLIENT_ID: 'mamoru',
      MAMORU_OIDC_CLIENT_SECRET: SSO_CLIENT_SECRET,
      MAMORU_OIDC_SCOPES: 'email profile groups',
      MAMORU_OIDC_ROLES: 'hr=mamoru-hr',
      MAMORU_OIDC_LABEL: 'テストIdP',
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
    provider.process.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  };
}

const SSO_CLIENT_SECRET = 'e2e-only-secret';

/** The people the test provider knows, by subject. */
export const SSO_ACCOUNTS = {
  'hr-sso': { email: 'sso-hr@example.jp', name: '連携 花子', groups: ['mamoru-hr'] },
};

/** Starts the test OpenID provider; answers its issuer once it listens. */
async function startProvider(redirect: string) {
  const clients = [{ client_id: 'mamoru', client_secret: SSO_CLIENT_SECRET, redirect_uris: [redirect] }];
  const process_ = spawn('node', [resolve(__dirname, 'oidc', 'provider.mjs')], {
    env: { ...process.env, OIDC_CLIENTS: JSON.stringify(clients), OIDC_ACCOUNTS: JSON.stringify(SSO_ACCOUNTS) },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const issuer = await new Promise<string>((found, reject) => {
    let out = '';
    // Read to the end: a closed pipe would stop the provider.
    process_.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (\S+)/);
      if (match) found(match[1]);
    });
    process_.on('exit', (code) => reject(new Error(`the test provider exited (${code}):\n${out}`)));
  });
  return { issuer, process: process_ };
}
