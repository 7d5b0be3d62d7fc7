// A call spreading an array into arguments (`list.push(...prefixes)`,
// `Math.max(...xs)`) puts every element on the stack: with input-sized
// arrays (a router with 130,000 prefixes, a file of 10^5 documents) it
// overflows. Loops instead; only arrays of a fixed, small size may be spread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../lib/fixtures.ts';

/** Spreads of constant-size arrays: the debug lines, the RBAC objects. */
const ALLOWED = ['out.push(...DEBUG_LINES)', 'out.push(...rbac(namespace))'];

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'generated') continue;
    if (statSync(p).isDirectory()) sources(p, out);
    else if (e.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('no call spreads an input-sized array into arguments (src, fn)', () => {
  const found: string[] = [];
  for (const f of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'fn'))]) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^\s*\*/.test(code)) return;
        // name(...x) or name(a, ...x): a spread straight into the arguments, not into an array literal.
        const calls = code.match(/[\w$]+\s*\((?:[^()[\]{}]*,\s*)?\.\.\.[\w$.]+(?:\([^()]*\))?/g) ?? [];
        for (const c of calls) {
          if (/^as\b/.test(c)) continue; // a type: `as (...args: T) => U`
          if (!ALLOWED.some((a) => line.includes(a))) found.push(`${relative(ROOT, f)}:${i + 1}: ${c}`);
        }
      });
  }
  assert.deepEqual(found, []);
});
