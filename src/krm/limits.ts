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
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: a scalar pushed is skipped when popped (the line above); this only spares pushing it
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return false;
}

/**
 * The largest input read (stdin, or the files of a directory), so that a
 * runaway input ends with one line instead of all the memory of the machine
 * (peak memory is about 20 times the input: README, "Resource use"). Set by
 * METALLB_FRR_MAX_INPUT_SIZE (every mode: the function reads its
 * configuration from the input itself, too late to size the read), or by
 * --max-input-size (build, render); 0 means no limit.
 */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;
export const MAX_INPUT_ENV = 'METALLB_FRR_MAX_INPUT_SIZE';

const UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** A size in bytes: a whole number with an optional k, M, G, Ki, Mi or Gi (as Kubernetes quantities); undefined when it is none. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)(k|M|G|Ki|Mi|Gi)?$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2] ?? ''] : undefined;
}

/**
 * The limit in bytes (Infinity for none) from a flag, else the environment,
 * else the default; a string says what is wrong with the setting.
 */
export function inputLimit(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number | string {
  const [name, text] = flag !== undefined ? ['--max-input-size', flag] : [MAX_INPUT_ENV, env[MAX_INPUT_ENV]];
  if (text === undefined || text === '') return DEFAULT_MAX_INPUT_BYTES;
  const bytes = parseSize(text);
  if (bytes === undefined) return `${name}: ${JSON.stringify(text)} is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi; 0 for no limit)`;
  return bytes === 0 ? Infinity : bytes;
}

/** The message for an input over the limit. */
export function tooLargeProblem(what: string, limit: number): string {
  return `${what}: more than the input limit of ${formatSize(limit)}; raise it with ${MAX_INPUT_ENV} (or --max-input-size for build and render), e.g. ${MAX_INPUT_ENV}=${formatSize(limit * 2)}`;
}

/** A limit (never 0: 0 means none) in its largest whole binary unit. */
function formatSize(bytes: number): string {
  for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes}`;
}
