// KRM function mode: a config.kubernetes.io/v1 ResourceList in, the same list
// out with the generated items appended (previously generated ones replaced)
// and results. Any error: exit 1, the input items unchanged, no generated item.
// The work is src/compile/resource-list.ts.
import { streamed, type RunResult } from '../src/api/command-line.ts';
import { processResourceList } from '../src/compile/resource-list.ts';
import { InputError, parseResourceList, resourceListTexts } from '../src/krm/resourcelist.ts';

export function runFunction(input: string): RunResult {
  let rl;
  try {
    rl = parseResourceList(input);
  } catch (e) {
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: `error: ${e.message}\n` };
    throw e;
  }
  const r = processResourceList(rl);
  // Written item by item (fn/main.ts): the output may be larger than one string.
  return streamed(r.ok ? 0 : 1, () => resourceListTexts(rl, r.keep, r.add, r.results), r.lines.map((l) => l + '\n').join(''));
}
