// A problem found in the input, naming the object and the field. Every stage
// reports through this one shape; the KRM layer turns it into a result, the CLI
// and the agent into a line of text.
import { describeRef, type ObjectRef } from './k8s.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** The object the problem is in. */
  ref?: ObjectRef;
  /** Dotted path of the field inside that object, e.g. spec.peers[0].asn. */
  field?: string;
}

/** A growing list of diagnostics with shorthands for the common cases. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(ref: ObjectRef | undefined, field: string | undefined, message: string): void {
    this.add('error', ref, field, message);
  }
  warning(ref: ObjectRef | undefined, field: string | undefined, message: string): void {
    this.add('warning', ref, field, message);
  }
  info(ref: ObjectRef | undefined, field: string | undefined, message: string): void {
    this.add('info', ref, field, message);
  }
  add(severity: Severity, ref: ObjectRef | undefined, field: string | undefined, message: string): void {
    // Messages quote names and values from files: one line whatever they hold.
    const d: Diagnostic = { severity, message: oneLine(message) };
    if (ref) d.ref = ref;
    if (field) d.field = oneLine(field);
    this.list.push(d);
  }
  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
}

/** One readable line: `error: BGPPeer metallb-system/a spec.peerASN: must be ...`. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  return `${d.severity}: ${describeDiagnostic(d, file)}`;
}

/** The same line without its severity: `BGPPeer metallb-system/a spec.peerASN: must be ...`. */
export function describeDiagnostic(d: Diagnostic, file?: string): string {
  const where = d.ref ? describeRef(d.ref) + (file ? ` (${file})` : '') : file ?? '';
  const head = [where, d.field ?? ''].filter(Boolean).join(' ');
  // One line per diagnostic, whatever a name or value holds.
  return oneLine(`${head ? `${head}: ` : ''}${d.message}`);
}

/**
 * Text on one line, safe for a terminal: line breaks (also CR, NEL, U+2028,
 * U+2029) and other control characters (an escape sequence could erase the
 * line) are written as escapes, `\n`, `\u001b`.
 */
export function oneLine(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
