// npm run bench: every benchmark of the project, printed as a table.
// Speed is judged here, never in timed tests.
import { benchAgent } from './agent.ts';
import { benchColdStart } from './coldstart.ts';
import { benchFrr } from './frr.ts';
import { benchReview } from './review.ts';
import { benchLarge } from './large.ts';
import { benchFanout } from './fanout.ts';
import { benchLab } from './lab.ts';
import { benchScale } from './scale.ts';
import type { Measurement } from './types.ts';

const benches: Array<[string, () => Promise<Measurement[]>]> = [
  ['function', benchColdStart],
  ['frr', benchFrr],
  ['agent', benchAgent],
  ['review', benchReview],
  ['large', benchLarge],
  ['scale', benchScale],
  ['fanout', benchFanout],
  ['lab', benchLab],
];

for (const [group, fn] of benches) {
  for (const m of await fn()) {
    const v = m.unit === 'x' ? m.value.toFixed(2) : m.value >= 100 ? m.value.toFixed(0) : m.value.toFixed(1);
    console.log(`${group.padEnd(9)} ${m.name.padEnd(62)} ${(v + ' ' + m.unit).padStart(12)}${m.note ? `   (${m.note})` : ''}`);
  }
}
