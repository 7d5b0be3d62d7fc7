// npm run bench: every benchmark of the project, printed as a table.
// Speed is judged here, never in timed tests.
import { benchColdStart } from './coldstart.ts';
import type { Measurement } from './types.ts';

type Bench = [string, () => Promise<Measurement[]>];

async function optional(path: string, fn: string): Promise<(() => Promise<Measurement[]>) | undefined> {
  try {
    const mod = (await import(path)) as Record<string, () => Promise<Measurement[]>>;
    return mod[fn];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

const benches: Bench[] = [['function', benchColdStart]];
for (const [name, path, fn] of [
  ['frr', './frr.ts', 'benchFrr'],
  ['agent', './agent.ts', 'benchAgent'],
] as const) {
  const f = await optional(path, fn);
  if (f) benches.push([name, f]);
}

for (const [group, fn] of benches) {
  const results = await fn();
  for (const m of results) {
    const v = m.unit === 'x' ? m.value.toFixed(2) : m.value >= 100 ? m.value.toFixed(0) : m.value.toFixed(1);
    console.log(`${group.padEnd(9)} ${m.name.padEnd(58)} ${(v + ' ' + m.unit).padStart(12)}${m.note ? `   (${m.note})` : ''}`);
  }
}
