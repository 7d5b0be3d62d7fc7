// explain's text output: the node and question, each decision (yes / no /
// note) with the object, file and field it reads, the verdict last.
import type { Explanation } from './explain.ts';

export function formatExplanation(e: Explanation): string {
  const out = [`explain ${e.query} on node ${e.node}`];
  for (const s of e.steps) {
    out.push(`  ${s.outcome.padEnd(5)} ${s.text}`);
    const where = [s.object, s.file, s.field].filter(Boolean).join(', ');
    if (where) out.push(`        ${where}`);
  }
  out.push(`verdict: ${e.verdict.text}`);
  return out.join('\n') + '\n';
}
