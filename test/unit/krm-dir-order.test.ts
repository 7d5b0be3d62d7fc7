// A directory's files are read in path order as kpt reads a package (Go's
// filepath.Walk: names sorted by their bytes at every level), so that the
// output, and which of two objects of one name comes first, is kpt's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDir } from '../../src/krm/dir.ts';
import { tempDir } from '../lib/fixtures.ts';

test('files are read as kpt reads them: names sorted by their bytes in each directory (not by UTF-16 units), a directory where its name sorts', () => {
  const t = tempDir('dir-order');
  try {
    // U+FF46 (bytes EF BD 86) sorts before U+1F600 (F0 9F 98 80) by bytes, after it by UTF-16 units (FF46 > D83D).
    const paths = ['z.yaml', '\u{1F600}.yaml', '\uFF46.yaml', 'b/z.yaml', 'b/a.yaml', 'a.yaml', 'b.yaml', 'k/c.yml'];
    for (const p of paths) {
      mkdirSync(join(t.dir, p, '..'), { recursive: true });
      writeFileSync(join(t.dir, p), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "n${paths.indexOf(p)}"}\n`);
    }
    assert.deepEqual(readDir(t.dir).objects.map((o) => o.source), ['a.yaml', 'b/a.yaml', 'b/z.yaml', 'b.yaml', 'k/c.yml', 'z.yaml', '\uFF46.yaml', '\u{1F600}.yaml']);
  } finally {
    t.cleanup();
  }
});

test('hidden files and directories are not read, nor files that do not end in .yaml or .yml; a name that only ends with a dot is', () => {
  const t = tempDir('dir-hidden');
  try {
    for (const p of ['.hidden.yaml', '.git/config.yaml', 'config./a.yaml', 'b.yaml', 'c.yml', 'd.yaml.orig', 'e.yml~', 'f.json']) {
      mkdirSync(join(t.dir, p, '..'), { recursive: true });
      writeFileSync(join(t.dir, p), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "${p.replace(/[/.]/g, '-')}"}\n`);
    }
    assert.deepEqual(readDir(t.dir).objects.map((o) => o.source), ['b.yaml', 'c.yml', 'config./a.yaml']);
  } finally {
    t.cleanup();
  }
});
