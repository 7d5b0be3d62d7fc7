// The worked examples under examples/ (besides the seed, which has its own
// tests): what `metallb-frr build` makes of them, and that their READMEs show
// what it makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { formatStream } from '../../src/krm/stream.ts';
import { ROOT } from '../lib/fixtures.ts';
import { expectGolden } from '../lib/golden.ts';

const noStdin = () => {
  throw new Error('stdin must not be read');
};

test('aggregate plus host routes: advertise: services with pinned IPs gives the /32s localPref 100 and the /24 none', () => {
  const dir = join(ROOT, 'examples', 'aggregate-host-routes');
  const r = runBuild([dir], noStdin, {});
  assert.equal(r.code, 0, r.stderr);
  const configs = parseAllDocuments(r.stdout).map((d) => d.toJS() as KubeObject).filter((o) => o.kind === 'FRRConfiguration');
  expectGolden(join(import.meta.dirname, 'examples', 'aggregate-host-routes.yaml'), formatStream(configs));
  // The README shows the neighbour's toAdvertise as it is.
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const shown = parse(/```yaml\n(toAdvertise:[\s\S]*?)```/.exec(readme)![1]) as { toAdvertise: unknown };
  const spec = configs[0].spec as { bgp: { routers: Array<{ neighbors: Array<{ toAdvertise: unknown }> }> } };
  assert.deepEqual(shown.toAdvertise, spec.bgp.routers[0].neighbors[0].toAdvertise);
});

test('aggregate plus host routes with advertise: pools: one error, with the recipe', () => {
  const r = runBuild([join(ROOT, 'examples', 'aggregate-host-routes'), '--advertise', 'pools'], noStdin, {});
  assert.equal(r.code, 1);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0], /BGPAdvertisements "external" and "local" both announce IPAddressPool "first-pool" \(198\.51\.100\.0\/24\) to BGPPeer "tor" with localPref 0 and 100: .*aggregationLength 24 and 32.*use advertise: services with the services' IPs pinned in Git/);
});
