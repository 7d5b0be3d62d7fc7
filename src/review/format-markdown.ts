// `diff --output markdown`, for a pull-request comment: a summary table
// (nodes affected, sessions +/−, prefixes +/−), the guards, then each group
// of nodes in a <details> block with its changes as a ```diff block.
import { changeLines } from './lines.ts';
import { lineText } from './format-text.ts';
import { inputText, scopeText, type DiffReport } from './report.ts';
import type { NodeChanges } from './changes.ts';

export function formatMarkdown(r: DiffReport): string {
  const t = r.result.totals;
  const out: string[] = [];
  out.push('### BGP changes (metallb-frr diff)');
  out.push('');
  out.push(`old: ${code(inputText(r.old))}<br>new: ${code(inputText(r.new))}<br>${html(scopeText(r))}`);
  out.push('');
  const unit = r.result.by === 'node' ? 'nodes' : 'node selector groups';
  if (r.result.groups.length === 0) {
    out.push(`**No BGP-level change** (${t.compared} ${unit} compared).`);
  } else {
    out.push(`| ${unit} affected | sessions + | sessions − | sessions changed | prefixes + | prefixes − |`);
    out.push('|---:|---:|---:|---:|---:|---:|');
    out.push(`| ${t.changed} of ${t.compared} | ${t.sessionsAdded} | ${t.sessionsRemoved} | ${t.sessionsChanged} | ${t.prefixesAnnounced} | ${t.prefixesWithdrawn} |`);
  }
  if (r.guards.length > 0) {
    out.push('');
    out.push('**Guards**');
    out.push('');
    for (const g of r.guards) out.push(`- ${g.tripped ? ':x: **tripped**' : ':white_check_mark: ok'} \`${g.guard}\`: ${html(g.reason)}`);
  }
  for (const g of r.result.groups) {
    const lines = changeLines(g.changes).map((l) => lineText(l));
    const fence = '`'.repeat(Math.max(3, longestRun(lines.join('\n')) + 1));
    out.push('');
    out.push(`<details><summary>${html(g.description)}: ${html(groupTotals(g.changes))}</summary>`);
    out.push('');
    out.push(`${fence}diff`);
    for (const l of lines) out.push(l);
    out.push(fence);
    out.push('');
    out.push('</details>');
  }
  return out.join('\n') + '\n';
}

function groupTotals(c: NodeChanges): string {
  let added = 0;
  let removed = 0;
  let changed = 0;
  let announced = 0;
  let withdrawn = 0;
  for (const r of c.routers) {
    for (const n of r.neighbors) {
      if (n.change === 'added') added++;
      else if (n.change === 'removed') removed++;
      else if (n.session.length > 0) changed++;
      announced += n.announced.length;
      withdrawn += n.withdrawn.length;
    }
  }
  const parts = [`sessions +${added} −${removed} ~${changed}`, `prefixes +${announced} −${withdrawn}`];
  if (c.bfdProfiles.length) parts.push('BFD profiles');
  if (c.raw) parts.push('raw configuration');
  return parts.join(', ');
}

function longestRun(s: string): number {
  let best = 0;
  for (const m of s.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

function code(s: string): string {
  return `<code>${html(s)}</code>`;
}
