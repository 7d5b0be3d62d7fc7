// Text that comes from FRR (frr-reload.py's output relayed by the reloader,
// which prints the lines it changes) may hold a `password` line. The reloader
// redacts it already; the agent does it again before such text reaches a
// log, the FRRNodeState status, an Event or a metric label.
import { REDACTED } from '../frr/index.ts';

const PASSWORD = /\b(password)(\s+)\S+/gi;

export function redactPasswords(text: string): string {
  return text.replace(PASSWORD, `$1$2${REDACTED}`);
}
