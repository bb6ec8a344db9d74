import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODULES } from './pages/course';

// The quiz is graded on the server: the WebAssembly and JavaScript the browser loads
// must not carry any question bank (its options marked correct, or its explanations).
test('the browser bundle carries no answer key', async () => {
  const pkg = resolve(__dirname, '..', '..', 'target', 'site', 'pkg');
  const bundle = Buffer.concat([readFileSync(resolve(pkg, 'mamoru.wasm')), readFileSync(resolve(pkg, 'mamoru.js'))]);
  for (const module of MODULES) {
    for (const lang of ['ja', 'en']) {
      const bank = readFileSync(resolve(__dirname, '..', '..', 'server', 'core', 'course', 'modules', `${module}.quiz.${lang}.toml`), 'utf8');
      const explanations = [...bank.matchAll(/^explanation = (".*")$/gm)].map((m) => JSON.parse(m[1]) as string);
      expect(explanations.length).toBeGreaterThan(0);
      for (const text of explanations) {
        expect(bundle.includes(Buffer.from(text)), `${module}.${lang}: "${text}"`).toBe(false);
      }
    }
  }
});
