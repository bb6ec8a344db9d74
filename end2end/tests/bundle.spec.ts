import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODULES } from './pages/course';

// The quiz is graded on the server: the WebAssembly and JavaScript the browser loads
// must not carry any question bank (its options marked correct, or its explanations).
test('the browser bundle carries no answer key', async () => {
  const pkg = resolve(__dirname, '..', '..', 'target', 'site', 'pkg');
  // The entry and every island's chunk.
  const files = readdirSync(pkg).filter((name) => /\.(wasm|js)$/.test(name));
  expect(files).toContain('mamoru.wasm');
  expect(files.filter((name) => name.startsWith('split_')).length).toBeGreaterThan(0);
  const bundle = Buffer.concat(files.map((name) => readFileSync(resolve(pkg, name))));
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
