// `diff --output text` (the default): a header, the totals, then each group
// of nodes with its changes as +/-/~ lines; the guards last. Colour only
// when asked (the command asks on a terminal).
import { changeLines, type Line } from './lines.ts';
import { inputText, scopeText, totalsText, type DiffReport } from './report.ts';

const COLOURS = { '+': '\x1b[32m', '-': '\x1b[31m', '~': '\x1b[33m', ' ': '' } as const;
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

export function formatText(r: DiffReport, colour = false): string {
  const bold = (s: string) => (colour ? `${BOLD}${s}${RESET}` : s);
  const out: string[] = [];
  out.push(`old: ${inputText(r.old)}`);
  out.push(`new: ${inputText(r.new)}`);
  out.push(scopeText(r));
  out.push('');
  const t = r.result.totals;
  const unit = r.result.by === 'node' ? 'node' : 'group';
  if (r.result.groups.length === 0) {
    out.push(bold(`No BGP-level change.`));
  } else {
    out.push(bold(`${t.changed} of ${t.compared} ${unit}${t.compared === 1 ? '' : 's'} change: ${totalsText(r)}`));
    for (const g of r.result.groups) {
      out.push('');
      out.push(bold(`${g.description}:`));
      for (const l of changeLines(g.changes)) out.push(lineText(l, colour));
    }
  }
  if (r.guards.length > 0) out.push('');
  for (const g of r.guards) out.push(`guard ${g.guard}: ${g.tripped ? (colour ? `${COLOURS['-']}TRIPPED${RESET}` : 'TRIPPED') : 'ok'}: ${g.reason}`);
  return out.join('\n') + '\n';
}

export function lineText(l: Line, colour = false): string {
  const text = `${l.sign} ${'  '.repeat(l.depth)}${l.text}`;
  return colour && COLOURS[l.sign] ? `${COLOURS[l.sign]}${text}${RESET}` : text;
}
