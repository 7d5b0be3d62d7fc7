// Limits on what the readers take, so that hostile or careless input ends
// with one clear line instead of a stack overflow: how deeply maps and lists
// may nest. Checked without recursion before anything walks the data
// recursively (the `yaml` library's document model, schema validation, the
// writers): on JSON.parse's result here, on YAML's syntax tree in yaml.ts.
/**
 * The deepest nesting of maps and lists accepted. Kubernetes objects are far
 * shallower (the CRDs emitted here: 26 levels; large operator CRDs: under
 * 100); the stages stay well within the stack at this depth.
 */
export const MAX_DEPTH = 200;

export const DEPTH_PROBLEM = `maps and lists are nested more than ${MAX_DEPTH} levels deep`;

/** Whether plain data (JSON.parse output) nests deeper than `max`. */
export function tooDeep(value: unknown, max = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return false;
}
