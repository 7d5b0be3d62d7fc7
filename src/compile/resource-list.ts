// The KRM function, as kyaml's fn framework has it (a ResourceListProcessor):
// the ResourceList's functionConfig read, defaulted and checked first
// (function-config.ts), then its items processed (generate.ts). The output
// list keeps every input item as written except earlier generated ones,
// which the new ones replace (each with the path kpt writes it to), and
// carries one result per problem; with any error no item is generated.
import { Diagnostics } from '../api/diagnostic.ts';
import type { KubeObject } from '../api/k8s.ts';
import type { Item, ResourceList, ResultEntry } from '../krm/resourcelist.ts';
import { FileIndex, toLine, toResult } from '../krm/results.ts';
import { readFunctionConfig } from './function-config.ts';
import { generate } from './generate.ts';
import { isGenerated, withGeneratedPath } from './generated.ts';
import { checkKeptOutMarked } from './kept-out.ts';

export interface ProcessedList {
  /** False when any error was reported (the function exits 1). */
  ok: boolean;
  /** The input items kept, as written. */
  keep: Item[];
  /** The generated items, after them. */
  add: KubeObject[];
  results: ResultEntry[];
  /** stderr's lines, one per result. */
  lines: string[];
}

export function processResourceList(rl: ResourceList): ProcessedList {
  const diags = new Diagnostics();
  const cfg = readFunctionConfig(rl.functionConfig, diags);
  const objects = rl.items.map((i) => i.obj);
  checkKeptOutMarked(objects, cfg, diags);
  const generated = diags.hasErrors ? undefined : generate(objects, cfg, diags);

  const files = new FileIndex(objects);
  const results = diags.list.map((d) => toResult(d, files));
  const lines = diags.list.map((d) => toLine(d, files));
  if (!generated) return { ok: false, keep: rl.items, add: [], results, lines };
  return { ok: true, keep: rl.items.filter((i) => !isGenerated(i.obj)), add: generated.objects.map(withGeneratedPath), results, lines };
}
