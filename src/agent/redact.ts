// Text that comes from FRR (frr-reload.py's output relayed by the reloader,
// which prints the lines it changes) may hold a `password` line. The reloader
// redacts it already; the agent does it again before such text reaches a
// log, the FRRNodeState status, an Event or a metric label.
//
// Everything after the word `password` up to the end of its line goes, not
// only the next word: in ` neighbor password password P` (a session over an
// interface named "password", which Linux allows) the next word is the
// keyword and P comes after it. Passwords never hold a line break (the FRR
// library refuses them), and a line break is never crossed.
import { REDACTED } from '../frr/index.ts';

const PASSWORD = /\b(password)[ \t]+[^\n]*/gi;

export function redactPasswords(text: string): string {
  return text.replace(PASSWORD, `$1 ${REDACTED}`);
}
