// Writing a command's output to a file descriptor (fn/main.ts): straight to
// the descriptor, in writes of about 1 MiB, a streamed output
// (RunResult.stdoutParts) piece by piece as it is made, a reader that went
// away (`| head`) ending the output quietly.
import { writeSync } from 'node:fs';

/**
 * Writes straight to the file descriptor: creating process.stdout for a pipe
 * loads Node's net stack, a tenth of the function's start-up. In chunks of
 * 1 MiB, so that a large output is not copied whole into one more buffer.
 */
export function writeAll(fd: number, text: string): boolean {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + (1 << 20));
    // Never between the two halves of a surrogate pair.
    if (end < text.length && text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
    if (!writeChunk(fd, Buffer.from(text.slice(at, end)))) return false;
    at = end;
  }
  return true;
}

/**
 * Writes the parts of a streamed output (RunResult.stdoutParts) as they are
 * made, gathered into writes of about 1 MiB: the whole is never one string.
 */
export function writeParts(fd: number, parts: Iterable<string>): void {
  let pending: string[] = [];
  let size = 0;
  for (const part of parts) {
    pending.push(part);
    size += part.length;
    if (size < 1 << 20) continue;
    if (!writeAll(fd, pending.join(''))) return;
    pending = [];
    size = 0;
  }
  writeAll(fd, pending.join(''));
}

/** Writes the chunk; false when the reader went away. */
function writeChunk(fd: number, chunk: Buffer): boolean {
  let buf = chunk;
  while (buf.length > 0) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (e) {
      // The reader went away (`| head`): nothing more to say to it.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return false;
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // pipe full: wait 1 ms
    }
  }
  return true;
}
