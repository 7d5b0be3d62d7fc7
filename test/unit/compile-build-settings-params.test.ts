// Argo CD's plugin parameters as build reads them (src/compile/build-settings.ts),
// in process: an entry of ARGOCD_APP_PARAMETERS that is not an object is one
// error, never a crash; PARAM_ variables are read in one order whatever the
// environment's, so that of two spellings of one setting the same one wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { applySettings, settingsFromArgoCD, type BuildConfig } from '../../src/compile/build-settings.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const lines = (d: Diagnostics) => d.list.map((x) => formatDiagnostic(x));
const KNOWN = 'known: metallbNamespace, frrk8sNamespace, advertise, otherNamespaces, allowEmpty, strict';

test('a null entry in ARGOCD_APP_PARAMETERS: one error for a nameless parameter, the other entries still read', () => {
  const d = new Diagnostics();
  const got = settingsFromArgoCD({ ARGOCD_APP_PARAMETERS: '[null, {"name":"advertise","string":"services"}]' }, d);
  assert.deepEqual(got, [{ key: 'advertise', value: 'services', origin: 'parameter "advertise"' }]);
  assert.deepEqual(lines(d), [`error: parameter "": unknown parameter of the metallb-frr plugin (${KNOWN})`]);
});

test('PARAM_ variables are read in the order of their names, not of the environment', () => {
  const orders = [
    { PARAM_STRICT: 'true', PARAM_ADVERTISE: 'services', PARAM_ALLOW_EMPTY: 'true' },
    { PARAM_ALLOW_EMPTY: 'true', PARAM_ADVERTISE: 'services', PARAM_STRICT: 'true' },
  ];
  for (const env of orders) {
    assert.deepEqual(settingsFromArgoCD(env, new Diagnostics()), [
      { key: 'advertise', value: 'services', origin: 'PARAM_ADVERTISE' },
      { key: 'allowEmpty', value: 'true', origin: 'PARAM_ALLOW_EMPTY' },
      { key: 'strict', value: 'true', origin: 'PARAM_STRICT' },
    ], JSON.stringify(env));
  }
});

test('two spellings of one setting among the PARAM_ variables: the later name wins, in either environment order', () => {
  for (const env of [
    { PARAM_ADVERTISE: 'pools', PARAM_advertise: 'services' },
    { PARAM_advertise: 'services', PARAM_ADVERTISE: 'pools' },
  ]) {
    const cfg: BuildConfig = { ...defaultConfig(), strict: false };
    const d = new Diagnostics();
    applySettings(cfg, settingsFromArgoCD(env, d), d);
    assert.deepEqual(lines(d), []);
    assert.equal(cfg.advertise, 'services', JSON.stringify(env));
  }
});
