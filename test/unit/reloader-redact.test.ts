// The reloader script's redaction (src/compile/frr-reloader.sh, redact())
// covers every secret keyword the agent knows (src/frr/redact.ts), run by sh
// as in the pod (BusyBox sh there, dash or BusyBox here when present).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RELOADER_SCRIPT } from '../../src/compile/manifests-reloader.ts';
import { REDACTED, SECRET_KEYWORDS } from '../../src/frr/redact.ts';
import { RAW_SECRETS } from '../lib/secrets.ts';

const redactFunction = RELOADER_SCRIPT.match(/^redact\(\) \{\n[\s\S]*?\n\}\n/m)?.[0] ?? '';

const shells = ['sh', ...['busybox'].filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0)];

test('the script names every keyword of SECRET_KEYWORDS, and no other', () => {
  assert.ok(redactFunction, 'redact() not found in the script');
  const inScript = [...redactFunction.matchAll(/-e 's\/\\\(([^\\]+(?:\[\[:space:\]\]\[\[:space:\]\]\*[^\\]+)?)\\\)/g)].map((m) => m[1].replace('[[:space:]][[:space:]]*', ' '));
  assert.deepEqual(inScript.sort(), [...SECRET_KEYWORDS].sort());
});

for (const shell of shells) {
  test(`redact() under ${shell}: every secret FRR's configuration can carry is gone, the keyword stays`, () => {
    const input = RAW_SECRETS.map(([l]) => `Failed to execute ${l.trim()}`).join('\n') + '\n\x1b[91m  ERROR\x1b[0m: coloured\n';
    const args = shell === 'busybox' ? ['sh', '-c', `${redactFunction}redact`] : ['-c', `${redactFunction}redact`];
    const r = spawnSync(shell, args, { input, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const [, secret] of RAW_SECRETS) assert.ok(!r.stdout.includes(secret), `${secret} leaked:\n${r.stdout}`);
    assert.equal(r.stdout.match(new RegExp(`${REDACTED}$`, 'gm'))?.length, RAW_SECRETS.length, r.stdout);
    assert.match(r.stdout, /^ {2}ERROR: coloured$/m);
  });
}
