// The one line an input is refused with: the message of the InputError that
// reading it throws, or undefined when it is read. Any other error is a bug
// in the reader and is thrown on.
import { InputError } from '../../src/krm/resourcelist.ts';

export function refusal(read: () => unknown): string | undefined {
  try {
    read();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  return undefined;
}
