// Reading an app directory when something goes wrong: every problem is one
// line naming the file, in process (readApp and readDir), with a stand-in for
// kustomize on PATH (the real one runs in test/e2e/argocd-cmp.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readApp, readDir } from '../../src/krm/dir.ts';
import { tooLargeProblem } from '../../src/krm/limits.ts';
import { tempDir } from '../lib/fixtures.ts';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';

/** readApp on a kustomization whose "kustomize" is the given shell script (mode given), in a fresh directory. */
function withKustomize(script: string, mode: number, read: (app: string, env: NodeJS.ProcessEnv) => void): void {
  const t = tempDir('dir-errors');
  try {
    const app = join(t.dir, 'app');
    const bin = join(t.dir, 'bin');
    mkdirSync(app);
    mkdirSync(bin);
    writeFileSync(join(app, 'kustomization.yaml'), 'resources: []\n');
    writeFileSync(join(bin, 'kustomize'), script, { mode });
    read(app, { PATH: bin });
  } finally {
    t.cleanup();
  }
}

const kustomizationError = (message: string) => ({ objects: [], problems: [{ severity: 'error', file: 'kustomization.yaml', message }] });

test('a kustomize that cannot be started (not executable) is named with why, not taken for a missing one', () => {
  withKustomize(`#!/bin/sh\nprintf '${CM}'\n`, 0o644, (app, env) => {
    assert.deepEqual(readApp(app, env), kustomizationError('"kustomize build" could not run: spawnSync kustomize EACCES'));
  });
});

test('a failing kustomize that prints nothing on stderr: its exit code alone', () => {
  withKustomize('#!/bin/sh\nexit 3\n', 0o755, (app, env) => {
    assert.deepEqual(readApp(app, env), kustomizationError('"kustomize build" failed (exit 3): '));
  });
});

test('a failing kustomize\'s stderr in one line: blank lines dropped, the whole trimmed', () => {
  withKustomize("#!/bin/sh\nprintf '\\n  Error: one\\n\\n   \\nError: two  \\n\\n' >&2\nexit 1\n", 0o755, (app, env) => {
    assert.deepEqual(readApp(app, env), kustomizationError('"kustomize build" failed (exit 1): Error: one; Error: two'));
  });
});

test('what kustomize prints counts against the input limit, named as such', () => {
  withKustomize(`#!/bin/sh\nprintf '${CM}'\n`, 0o755, (app, env) => {
    assert.deepEqual(readApp(app, env, 20), kustomizationError(tooLargeProblem('what "kustomize build" printed', 20)));
    assert.equal(readApp(app, env, CM.length).objects.length, 1);
  });
});

test('kustomize output that is not a manifest stream is one error on the kustomization, saying what is wrong', () => {
  withKustomize("#!/bin/sh\nprintf 'a: [\\n'\n", 0o755, (app, env) => {
    assert.deepEqual(
      readApp(app, env),
      kustomizationError('"kustomize build" printed what is not a manifest stream: kustomize build: not valid YAML: wrong indentation, or a flow collection ([...] or {...}) is not closed (line 2, column 1)'),
    );
  });
});

test('a .yaml file that cannot be read is an error naming it; the other files are still read', { skip: !existsSync('/proc/self/mem') && 'needs /proc/self/mem (Linux)' }, () => {
  const t = tempDir('dir-errors');
  try {
    // Reading /proc/self/mem from offset 0 fails with EIO, even as root.
    symlinkSync('/proc/self/mem', join(t.dir, 'broken.yaml'));
    writeFileSync(join(t.dir, 'ok.yaml'), CM);
    const r = readDir(t.dir);
    assert.deepEqual(r.problems, [{ severity: 'error', file: 'broken.yaml', message: 'cannot be read: EIO: i/o error, read' }]);
    assert.deepEqual(r.objects.map((o) => o.source), ['ok.yaml']);
  } finally {
    t.cleanup();
  }
});

test('a YAML file whose aliases expand too far is an error, not skipped as holding no object', () => {
  const t = tempDir('dir-errors');
  try {
    // Valid YAML whose document cannot be built (the yaml library refuses the expansion).
    const tens = (x: string) => `[${Array(10).fill(x).join(', ')}]`;
    writeFileSync(join(t.dir, 'lol.yaml'), `a: &a ${tens('x')}\nb: &b ${tens('*a')}\nc: &c ${tens('*b')}\nd: &d ${tens('*c')}\ne: ${tens('*d')}\n`);
    writeFileSync(join(t.dir, 'values.yaml'), 'replicas: 3\n');
    const r = readDir(t.dir);
    assert.deepEqual(r.problems.map((p) => [p.severity, p.file]), [['error', ''], ['info', 'values.yaml']]);
    assert.match(r.problems[0].message, /^lol\.yaml: /);
  } finally {
    t.cleanup();
  }
});
