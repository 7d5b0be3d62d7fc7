// convert-configmap (src/compile/legacy-convert.ts) on a ConfigMap whose data
// is empty or null (`data:` with nothing under it, `data: null`, `data: ~`):
// one line naming the ConfigMap and saying it has no data.config, never an
// exception (no map to read config from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertLegacyText } from '../../src/compile/legacy-convert.ts';

test('a ConfigMap with empty or null data: one error naming it, nothing converted', () => {
  for (const data of ['', ' null', ' ~']) {
    const r = convertLegacyText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: lb}\ndata:${data}\n`, 'in.yaml');
    assert.deepEqual(r, { lines: [`error: in.yaml: ConfigMap lb/config has no data.config: not MetalLB's pre-0.13 configuration`] }, JSON.stringify(data));
  }
});
