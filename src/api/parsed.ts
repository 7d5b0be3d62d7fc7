// The one shape of "a value, or the reason there is none", for every
// function that reads or converts input: parse a CIDR, read a password out of
// a Secret, turn a toReceive selector into FRR's terms, read a neighbour's
// timers. `problem` is a sentence for the user (naming the value, never a
// password), or, where two callers word one rule differently (MetalLB's and
// frr-k8s' messages for the hold time), a code each of them words.
//
// A function that only checks a value it does not change (is this a valid
// interface name, label key, password for frr.conf?) is a different thing: it
// returns the sentence or undefined, and is named `xxxProblem`
// (src/api/frr-input.ts, src/api/selector.ts).
//
// (parseLabelList, parseMaxWithdrawn and inputLimit still return `T | string`:
// their callers are the command-line adapters in fn/, which take this shape
// when they move into src/.)

export type Parsed<T, Problem = string> = { ok: true; value: T } | { ok: false; problem: Problem };

/**
 * A problem in one field of the object being read (`field` relative to the
 * part read, absent for the part itself). A reading that reports every
 * problem of a part at once, not only the first, returns
 * `Parsed<T, FieldProblem[]>`.
 */
export interface FieldProblem {
  field?: string;
  message: string;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function bad<Problem = string>(problem: Problem): { ok: false; problem: Problem } {
  return { ok: false, problem };
}
