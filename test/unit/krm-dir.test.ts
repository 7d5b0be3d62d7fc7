// Reading a directory of manifests: .krmignore follows gitignore's rules, as
// kpt's does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDir } from '../../src/krm/dir.ts';
import { tempDir } from '../lib/fixtures.ts';

/** A directory holding a ConfigMap named after each path, and the given .krmignore. */
function tree(krmignore: string, paths: string[]): { dir: string; cleanup: () => void } {
  const t = tempDir('dir');
  writeFileSync(join(t.dir, '.krmignore'), krmignore);
  for (const p of paths) {
    mkdirSync(dirname(join(t.dir, p)), { recursive: true });
    writeFileSync(join(t.dir, p), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "${p.replace(/[/.]/g, '-')}"}\n`);
  }
  return t;
}

function read(krmignore: string, paths: string[]): string[] {
  const t = tree(krmignore, paths);
  try {
    return readDir(t.dir).objects.map((s) => s.source);
  } finally {
    t.cleanup();
  }
}

test('.krmignore: a negation re-includes a file under an excluded pattern (a/* then !a/keep.yaml)', () => {
  assert.deepEqual(read('a/*\n!a/keep.yaml\n', ['a/drop.yaml', 'a/keep.yaml', 'b.yaml']), ['a/keep.yaml', 'b.yaml']);
});

test('.krmignore: a file under an excluded directory cannot be re-included (as in git)', () => {
  assert.deepEqual(read('a/\n!a/keep.yaml\n', ['a/drop.yaml', 'a/keep.yaml', 'b.yaml']), ['b.yaml']);
});

test('.krmignore: ** crosses folders, at the start, in the middle and at the end', () => {
  const paths = ['x.yaml', 'a/x.yaml', 'a/b/x.yaml', 'a/b/c/x.yaml', 'a/b/c/y.yaml', 'd/e/f/g.yaml', 'keep.yaml'];
  assert.deepEqual(read('**/x.yaml\n', paths), ['a/b/c/y.yaml', 'd/e/f/g.yaml', 'keep.yaml']);
  assert.deepEqual(read('a/**/x.yaml\n', paths), ['a/b/c/y.yaml', 'd/e/f/g.yaml', 'keep.yaml', 'x.yaml']);
  assert.deepEqual(read('d/**\n', paths), ['a/b/c/x.yaml', 'a/b/c/y.yaml', 'a/b/x.yaml', 'a/x.yaml', 'keep.yaml', 'x.yaml']);
});

test('.krmignore: a leading slash anchors to the directory; a bare name matches at any depth; comments and escapes', () => {
  const paths = ['x.yaml', 'a/x.yaml', '#odd.yaml', 'keep.yaml'];
  assert.deepEqual(read('/x.yaml\n', paths), ['#odd.yaml', 'a/x.yaml', 'keep.yaml']);
  assert.deepEqual(read('x.yaml\n', paths), ['#odd.yaml', 'keep.yaml']);
  assert.deepEqual(read('# a comment\n\\#odd.yaml\n', paths), ['a/x.yaml', 'keep.yaml', 'x.yaml']);
});
