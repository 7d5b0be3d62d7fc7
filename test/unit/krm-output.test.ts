// Writing a command's output to a file descriptor (src/krm/output.ts): what
// reaches the reader is the text, byte for byte, however it is cut into
// writes; a full pipe is waited on; a reader that went away ends the output
// quietly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAll, writeParts } from '../../src/krm/output.ts';
import { tempDir } from '../lib/fixtures.ts';

const MiB = 1 << 20;

/** The bytes `write` puts into a file through its descriptor. */
function written(write: (fd: number) => unknown): Buffer {
  const t = tempDir('output');
  try {
    const file = join(t.dir, 'out');
    const fd = openSync(file, 'w');
    try {
      write(fd);
    } finally {
      closeSync(fd);
    }
    return readFileSync(file);
  } finally {
    t.cleanup();
  }
}

/** 1 MiB less one `a`, then a surrogate pair whose halves sit on either side of the 1 MiB write boundary. */
const straddling = (pair: string) => `${'a'.repeat(MiB - 1)}${pair}${'b'.repeat(10)}`;

describe('writeAll', () => {
  it('writes a text of several writes whole, in order', () => {
    const text = Array.from({ length: 3 * MiB + 7 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    assert.deepEqual(written((fd) => assert.equal(writeAll(fd, text), true)), Buffer.from(text));
  });

  // A chunk boundary between the halves of a surrogate pair would write each
  // half alone, as U+FFFD: the reader would get two replacement characters.
  for (const [name, pair] of [
    ['U+10000 (high surrogate 0xd800)', '\ud800\udc00'],
    ['U+10FFFF (high surrogate 0xdbff)', '\udbff\udfff'],
    ['U+1F600', '\ud83d\ude00'],
  ]) {
    it(`never cuts a surrogate pair between two writes: ${name} across the 1 MiB boundary`, () => {
      const text = straddling(pair);
      assert.deepEqual(written((fd) => writeAll(fd, text)), Buffer.from(text, 'utf8'));
    });
  }

  it('a character just below the surrogates (U+D7FF) at the boundary is written where it falls', () => {
    const text = `${'a'.repeat(MiB - 1)}\ud7ff${'b'.repeat(10)}`;
    assert.deepEqual(written((fd) => writeAll(fd, text)), Buffer.from(text, 'utf8'));
  });

  it('a lone high surrogate ending the text is written (as U+FFFD), not waited on', () => {
    assert.deepEqual(written((fd) => writeAll(fd, 'a\ud800')), Buffer.from('a\ufffd', 'utf8'));
  });

  it('a reader that went away ends the output quietly: false, no throw', () => {
    const t = tempDir('output');
    try {
      const fifo = join(t.dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      closeSync(reader);
      try {
        assert.equal(writeAll(writer, 'x'.repeat(10)), false);
        assert.doesNotThrow(() => writeParts(writer, ['x', 'y'.repeat(2 * MiB)]));
      } finally {
        closeSync(writer);
      }
    } finally {
      t.cleanup();
    }
  });

  it('other write errors are thrown (a closed descriptor)', () => {
    const fd = openSync('/dev/null', 'w');
    closeSync(fd);
    assert.throws(() => writeAll(fd, 'x'), { code: 'EBADF' });
  });

  it('a full pipe is waited on until its reader drains it', async () => {
    const t = tempDir('output');
    try {
      const fifo = join(t.dir, 'fifo');
      const out = join(t.dir, 'out');
      execFileSync('mkfifo', [fifo]);
      // Non-blocking ends, so that a full pipe answers EAGAIN instead of
      // blocking. Our own reader lets the writer open before cat does; it
      // never reads, so cat gets every byte.
      const ours = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      const cat = spawn('sh', ['-c', 'exec cat "$1" > "$2"', 'sh', fifo, out], { stdio: 'ignore' });
      const done = new Promise((resolve) => cat.on('exit', resolve));
      const text = 'z'.repeat(2 * MiB + 3);
      try {
        assert.equal(writeAll(writer, text), true);
      } finally {
        closeSync(writer);
        closeSync(ours);
      }
      await done;
      assert.equal(readFileSync(out, 'utf8'), text);
    } finally {
      t.cleanup();
    }
  });
});

describe('writeParts', () => {
  it('writes the parts in order, as one text, gathered across the 1 MiB boundary', () => {
    const parts = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}${'p'.repeat(100_000)}\n`);
    assert.deepEqual(written((fd) => writeParts(fd, parts)), Buffer.from(parts.join('')));
  });

  it('writes each part once, the last ones too, and nothing for no parts', () => {
    const parts = ['a'.repeat(MiB), 'b', 'c'.repeat(MiB + 1), 'd'];
    assert.deepEqual(written((fd) => writeParts(fd, parts)), Buffer.from(parts.join('')));
    assert.equal(written((fd) => writeParts(fd, [])).length, 0);
  });
});
