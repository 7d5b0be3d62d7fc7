// Guards for CI: rules a change must not break. Each one that trips gives a
// reason; the diff command then exits 3.
//   --forbid session-removal   a BGP session (node, neighbour) goes away
//   --forbid node-isolation    a node that had a session has none
//   --forbid password-change   a session's password is added, removed or changed
//   --max-withdrawn N | P%     more than N prefix announcements (node,
//                              neighbour, prefix) withdrawn, or more than P%
//                              of those of the old revision
import type { DiffResult } from './diff.ts';

export const FORBIDDABLE = ['session-removal', 'node-isolation', 'password-change'] as const;
export type Forbidden = (typeof FORBIDDABLE)[number];

export interface Guards {
  forbid: Forbidden[];
  maxWithdrawn?: { count: number } | { percent: number };
}

export interface GuardResult {
  guard: string;
  tripped: boolean;
  reason: string;
}

/** Reads `N` or `P%`; a string says what is wrong. */
export function parseMaxWithdrawn(text: string): Guards['maxWithdrawn'] | string {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) return `"${text}" is neither a number of prefixes (N) nor a percentage (P%)`;
  const v = Number(m[1]);
  if (m[2]) return v > 100 ? `"${text}": a percentage is at most 100%` : { percent: v };
  if (!Number.isInteger(v)) return `"${text}": a number of prefixes is a whole number`;
  return { count: v };
}

export function checkGuards(d: DiffResult, g: Guards): GuardResult[] {
  const out: GuardResult[] = [];
  const where = (list: string[]) => `${list.slice(0, 5).join('; ')}${list.length > 5 ? `; and ${list.length - 5} more` : ''}`;
  for (const f of g.forbid) {
    if (f === 'session-removal') {
      const hits: string[] = [];
      for (const grp of d.groups) {
        for (const r of grp.changes.routers) for (const n of r.neighbors) if (n.change === 'removed') hits.push(`${grp.description}: neighbor ${n.peer}${r.vrf ? ` in VRF ${r.vrf}` : ''} (AS ${r.asn})`);
      }
      out.push({ guard: 'session-removal', tripped: hits.length > 0, reason: hits.length > 0 ? `${d.totals.sessionsRemoved} session${d.totals.sessionsRemoved === 1 ? '' : 's'} removed: ${where(hits)}` : 'no session removed' });
    } else if (f === 'node-isolation') {
      const n = d.totals.isolated.length;
      const noun = d.by === 'node' ? 'node' : 'node selector group';
      out.push({ guard: 'node-isolation', tripped: n > 0, reason: n > 0 ? `${n} ${noun}${n === 1 ? '' : 's'} lose every session: ${where(d.totals.isolated)}` : `no ${noun} loses every session` });
    } else {
      const hits: string[] = [];
      for (const grp of d.groups) {
        for (const r of grp.changes.routers) {
          for (const n of r.neighbors) {
            const p = n.session.find((s) => s.field === 'password');
            if (p && n.change === 'changed') hits.push(`${grp.description}: neighbor ${n.peer}${r.vrf ? ` in VRF ${r.vrf}` : ''} (password ${p.old === undefined ? 'added' : p.new === undefined ? 'removed' : 'changed'})`);
          }
        }
      }
      out.push({ guard: 'password-change', tripped: hits.length > 0, reason: hits.length > 0 ? `a session password changes: ${where(hits)}` : 'no session password changes' });
    }
  }
  const max = g.maxWithdrawn;
  if (max) {
    const w = d.totals.prefixesWithdrawn;
    const before = d.totals.prefixesBefore;
    if ('count' in max) {
      out.push({ guard: 'max-withdrawn', tripped: w > max.count, reason: `${w} prefix announcement${w === 1 ? '' : 's'} withdrawn (limit ${max.count})` });
    } else {
      const pct = before === 0 ? 0 : (100 * w) / before;
      out.push({ guard: 'max-withdrawn', tripped: pct > max.percent, reason: `${w} of ${before} prefix announcements withdrawn (${formatPercent(pct)}; limit ${max.percent}%)` });
    }
  }
  return out;
}

function formatPercent(p: number): string {
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}
