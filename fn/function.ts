// KRM function mode: a config.kubernetes.io/v1 ResourceList in, the same list
// out with the generated items appended (previously generated ones replaced)
// and results. Any error: exit 1, the input items unchanged, no generated item.
import { Diagnostics } from '../src/api/diagnostic.ts';
import type { KubeObject } from '../src/api/k8s.ts';
import { formatResourceList, InputError, parseResourceList, PATH_ANNOTATIONS } from '../src/krm/resourcelist.ts';
import { FileIndex, toLine, toResult } from '../src/krm/results.ts';
import { readFnConfig } from './config.ts';
import { checkKeptOutMarked, generate, isGenerated } from './pipeline.ts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where kpt writes a generated object, relative to the package (unless the object says: previews). */
export function generatedPath(o: KubeObject): string {
  return o.metadata?.annotations?.[PATH_ANNOTATIONS[1]] ?? `generated/${(o.kind ?? 'object').toLowerCase()}_${o.metadata?.name ?? 'unnamed'}.yaml`;
}

export function runFunction(input: string): RunResult {
  let rl;
  try {
    rl = parseResourceList(input);
  } catch (e) {
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: `error: ${e.message}\n` };
    throw e;
  }
  const diags = new Diagnostics();
  const cfg = readFnConfig(rl.functionConfig, diags);
  const objects = rl.items.map((i) => i.obj);
  checkKeptOutMarked(objects, cfg, diags);
  const generated = diags.hasErrors ? undefined : generate(objects, cfg, diags);

  const files = new FileIndex(objects);
  const results = diags.list.map((d) => toResult(d, files));
  const stderr = diags.list.map((d) => toLine(d, files) + '\n').join('');
  if (!generated) {
    return { code: 1, stdout: formatResourceList(rl, rl.items, [], results), stderr };
  }
  const keep = rl.items.filter((i) => !isGenerated(i.obj));
  const add = generated.map((o) => withPath(o));
  return { code: 0, stdout: formatResourceList(rl, keep, add, results), stderr };
}

function withPath(o: KubeObject): KubeObject {
  const path = generatedPath(o);
  const annotations: Record<string, string> = { ...(o.metadata?.annotations ?? {}) };
  for (const k of PATH_ANNOTATIONS) annotations[k] = path;
  return { ...o, metadata: { ...o.metadata, annotations } };
}
