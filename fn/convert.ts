// `metallb-frr convert-configmap [FILE|-]`: MetalLB's pre-0.13 ConfigMap in,
// MetalLB resources out (src/compile/legacy-convert.ts). Any error: exit 1,
// nothing on stdout.
import { readFileSync } from 'node:fs';
import type { RunResult } from '../src/api/command-line.ts';
import { convertLegacyText } from '../src/compile/legacy-convert.ts';
import { formatStream } from '../src/krm/stream.ts';

export const CONVERT_USAGE = 'usage: metallb-frr convert-configmap [FILE|-]';

export function runConvert(argv: string[], readStdin: () => string): RunResult {
  if (argv.length > 1 || argv.some((a) => a.startsWith('-') && a !== '-')) {
    return { code: 2, stdout: '', stderr: `error: convert-configmap takes one FILE (or - for stdin)\n${CONVERT_USAGE}\n` };
  }
  const from = argv[0] ?? '-';
  let text: string;
  try {
    text = from === '-' ? readStdin() : readFileSync(from, 'utf8');
  } catch (e) {
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message}\n` };
  }
  const r = convertLegacyText(text, from === '-' ? 'stdin' : from);
  const stderr = r.lines.map((l) => l + '\n').join('');
  if (!r.objects) return { code: 1, stdout: '', stderr };
  return { code: 0, stdout: r.header + formatStream(r.objects), stderr };
}
