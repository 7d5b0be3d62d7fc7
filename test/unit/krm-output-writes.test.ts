// How src/krm/output.ts cuts its output into writes: about 1 MiB each (a large
// output is never copied whole into one more buffer), never between the two
// halves of a surrogate pair, and streamed parts gathered up to 1 MiB before
// each write. The reader gets the same bytes however they are cut
// (krm-output.test.ts); these tests watch the writes themselves, through
// fs.writeSync.
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { writeAll, writeParts } from '../../src/krm/output.ts';

const MiB = 1 << 20;
let writes: number[];

beforeEach(() => {
  writes = [];
  // Every write is taken whole; the bytes go nowhere.
  mock.method(fs, 'writeSync', (_fd: number, buf: Buffer) => {
    writes.push(buf.length);
    return buf.length;
  });
  syncBuiltinESMExports();
});

afterEach(() => {
  mock.restoreAll();
  syncBuiltinESMExports();
});

describe('writeAll: the writes', () => {
  it('a text of 1 MiB and a little more: one write of 1 MiB, then the rest', () => {
    writeAll(1, 'a'.repeat(MiB + 10));
    assert.deepEqual(writes, [MiB, 10]);
  });

  it('a character above the surrogates (U+E000, 3 bytes) at the boundary is cut where it falls', () => {
    writeAll(1, `${'a'.repeat(MiB - 1)}\ue000${'b'.repeat(10)}`);
    assert.deepEqual(writes, [MiB - 1 + 3, 10]);
  });

  it('a surrogate pair across the boundary goes whole into the next write, whatever follows it', () => {
    // U+1F600 (4 bytes), then U+FF42 (3 bytes, above the surrogates).
    const text = `${'a'.repeat(MiB - 1)}\ud83d\ude00\uff42`;
    writeAll(1, text);
    assert.deepEqual(writes, [MiB - 1, 4 + 3]);
  });
});

describe('writeParts: parts gathered into writes of about 1 MiB', () => {
  it('a write as soon as the parts reach 1 MiB, none before', () => {
    writeParts(1, Array.from({ length: 4 }, () => 'p'.repeat(MiB / 2)));
    assert.deepEqual(writes, [MiB, MiB]);
  });

  it('parts that pass 1 MiB together are written together, the rest at the end', () => {
    writeParts(1, Array.from({ length: 3 }, () => 'p'.repeat(600 * 1024)));
    assert.deepEqual(writes, [MiB, 2 * 600 * 1024 - MiB, 600 * 1024]);
  });

  it('small parts: one write at the end', () => {
    writeParts(1, ['a', 'b', 'c']);
    assert.deepEqual(writes, [3]);
  });
});
