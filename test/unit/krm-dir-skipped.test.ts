// Which files of an app directory are skipped as holding no Kubernetes object
// (values.yaml, a chart's Chart.yaml: an info) and which are errors (a file
// that is no valid YAML, or that mixes objects with other documents: one line
// naming the file), and the size limit on the files read together, in process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDir } from '../../src/krm/dir.ts';
import { InputError } from '../../src/krm/resourcelist.ts';
import { tooLargeProblem } from '../../src/krm/limits.ts';
import { tempDir } from '../lib/fixtures.ts';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
const SKIPPED = { severity: 'info', file: 'f.yaml', message: 'skipped: holds no Kubernetes object (no apiVersion and kind); list it in .krmignore to say so' };
const error = (message: string) => ({ severity: 'error', file: '', message });

/** readDir on a directory holding f.yaml with `body`. */
function readOne(body: string, maxBytes?: number): ReturnType<typeof readDir> {
  const t = tempDir('dir-skipped');
  try {
    writeFileSync(join(t.dir, 'f.yaml'), body);
    return readDir(t.dir, maxBytes);
  } finally {
    t.cleanup();
  }
}

test('a file with apiVersion but no kind (a Helm Chart.yaml) holds no object: skipped with an info', () => {
  assert.deepEqual(readOne('apiVersion: v2\nname: chart\nversion: 1.0.0\n'), { objects: [], problems: [SKIPPED] });
  assert.deepEqual(readOne('kind: Settings\nverbose: true\n'), { objects: [], problems: [SKIPPED] });
});

test('a file that is not valid YAML is an error naming the file, never skipped as holding no object', () => {
  assert.deepEqual(readOne('a: b: c\n'), {
    objects: [],
    problems: [error('f.yaml: not valid YAML: a map cannot start on the line of its key (`a: b: c`); quote the value or break the line (line 1, column 4)')],
  });
  // One document valid, the next not: still an error.
  assert.deepEqual(readOne('a: 1\n---\nb: c: d\n'), { objects: [], problems: [error('f.yaml (document 1): not a Kubernetes object (no apiVersion, kind, metadata.name)')] });
});

test('a file with an object and a document that is none is an error (a half-read file would lose the document), not skipped', () => {
  assert.deepEqual(readOne(`${CM}---\nreplicas: 3\n`), { objects: [], problems: [error('f.yaml (document 2): not a Kubernetes object (no apiVersion, kind, metadata.name)')] });
});

test('files exactly as large as the limit together are read; one byte more is refused', () => {
  const r = readOne(CM, Buffer.byteLength(CM));
  assert.deepEqual([r.objects.map((o) => o.source), r.problems], [['f.yaml'], []]);
  const t = tempDir('dir-skipped');
  try {
    writeFileSync(join(t.dir, 'f.yaml'), CM);
    const limit = Buffer.byteLength(CM) - 1;
    assert.throws(() => readDir(t.dir, limit), (e: unknown) => e instanceof InputError && e.message === tooLargeProblem(`the files under ${t.dir}`, limit));
  } finally {
    t.cleanup();
  }
});
