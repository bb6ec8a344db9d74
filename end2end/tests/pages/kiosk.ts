import { expect, type Locator, type Page } from '@playwright/test';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectAccessible } from './axe';

const KIOSK_PORT = Number(process.env.MAMORU_E2E_KIOSK_PORT ?? 3110);

/** A `mamoru-kiosk` process: enrolled with a one-time code, serving its touchscreen UI. */
export class KioskProcess {
  private constructor(
    readonly url: string,
    private readonly process: ChildProcess,
    private readonly dataDir: string,
  ) {}

  /** Enrolls a new kiosk with `code` and starts `serve` with the simulated card reader,
   * which finds the card `uid` at every read. */
  static async enrollAndServe(serverURL: string, code: string, name: string, uid: string): Promise<KioskProcess> {
    const binary = process.env.MAMORU_KIOSK_BIN ?? resolve(__dirname, '..', '..', '..', 'target', 'release', 'mamoru-kiosk');
    const dataDir = mkdtempSync(join(tmpdir(), 'mamoru-kiosk-e2e-'));
    execFileSync(binary, ['enroll', '--server', serverURL, '--code', code, '--name', name, '--data-dir', dataDir]);
    const addr = `127.0.0.1:${KIOSK_PORT}`;
    const child = spawn(binary, ['serve', '--addr', addr, '--data-dir', dataDir, '--reader', 'simulated', '--uid', uid], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Ready when it says where it listens (it logs that right after binding).
    await new Promise<void>((ready, fail) => {
      let log = '';
      child.stderr.on('data', (chunk) => {
        log += chunk;
        if (log.includes('kiosk UI on http://')) ready();
      });
      child.on('exit', (status) => fail(new Error(`mamoru-kiosk exited (${status}):\n${log}`)));
    });
    return new KioskProcess(`http://${addr}/`, child, dataDir);
  }

  async stop(): Promise<void> {
    this.process.kill('SIGTERM');
    await new Promise((done) => this.process.once('exit', done));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The kiosk's screen, step by step (start → PIN → card → done). */
export class KioskScreen {
  readonly main: Locator;

  constructor(private readonly page: Page, private readonly url: string) {
    this.main = page.locator('main');
  }

  async start(): Promise<void> {
    await this.page.goto(this.url);
    await expect(this.main).toHaveAttribute('data-step', 'start');
    await expectAccessible(this.page, 'start');
  }

  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('受け取りコード').fill(code);
    await this.page.getByRole('button', { name: '次へ' }).click();
  }

  async enterPin(pin: string): Promise<void> {
    await expect(this.main).toHaveAttribute('data-step', 'pin');
    await expectAccessible(this.page, 'pin');
    await this.page.getByLabel('PIN').fill(pin);
    await this.page.getByRole('button', { name: '確認する' }).click();
  }

  /** Moves the page's idle time on to `seconds` after its load: the warning before a reset
   * and the cover at it are CSS animations timed from the load (the kiosk runs no script). */
  async idleFor(seconds: number): Promise<void> {
    await this.page.evaluate((ms) => {
      for (const animation of document.getAnimations()) animation.currentTime = ms;
    }, seconds * 1000);
  }

  /** Fails unless `target` sits in the middle third of the screen, large enough to touch. */
  async expectWithinReach(target: Locator): Promise<void> {
    const box = await target.boundingBox();
    const height = this.page.viewportSize()?.height;
    if (!box || !height) throw new Error('the target is not on screen');
    const middle = box.y + box.height / 2;
    expect(middle).toBeGreaterThan(height / 3);
    expect(middle).toBeLessThan((height * 2) / 3);
    expect(box.height).toBeGreaterThanOrEqual(88);
  }

  async readCard(): Promise<void> {
    await expect(this.main).toHaveAttribute('data-step', 'card');
    await expectAccessible(this.page, 'card');
    await this.page.getByRole('button', { name: '読み取る' }).click();
  }
}
