// build's settings besides the configuration object (src/compile/build-settings.ts),
// in process: flags, env entries under a prefix and Argo CD's plugin
// parameters, each problem one line naming what the user set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { applySettings, settingsFromArgoCD, settingsFromEnv, settingsFromFlags, type BuildConfig } from '../../src/compile/build-settings.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const lines = (d: Diagnostics) => d.list.map((x) => formatDiagnostic(x));
const config = (): BuildConfig => ({ ...defaultConfig(), strict: false });

test('every flag is read under its own name, and named by it', () => {
  assert.deepEqual(settingsFromFlags({ 'frrk8s-namespace': 'frr', 'metallb-namespace': 'lb', advertise: 'services', strict: true }), [
    { key: 'metallbNamespace', value: 'lb', origin: '--metallb-namespace' },
    { key: 'frrk8sNamespace', value: 'frr', origin: '--frrk8s-namespace' },
    { key: 'advertise', value: 'services', origin: '--advertise' },
    { key: 'strict', value: 'true', origin: '--strict' },
  ]);
  // Settings without a flag are not read from flags of their name.
  assert.deepEqual(settingsFromFlags({ otherNamespaces: 'ignore', 'other-namespaces': 'ignore', allowEmpty: 'true' }), []);
});

test('an env entry that holds no value is unset, not an error', () => {
  const d = new Diagnostics();
  assert.deepEqual(settingsFromEnv({ X_ADVERTISE: undefined, X_STRICT: '' }, 'X_', d), []);
  assert.deepEqual(d.list, []);
});

test('ARGOCD_APP_PARAMETERS that is JSON but not a list: one error naming the variable, no setting', () => {
  for (const json of ['{"name":"strict","string":"true"}', '"strict"', '7']) {
    const d = new Diagnostics();
    assert.deepEqual(settingsFromArgoCD({ ARGOCD_APP_PARAMETERS: json, PARAM_STRICT: 'true' }, d), [], json);
    assert.deepEqual(lines(d), ['error: ARGOCD_APP_PARAMETERS: must be a JSON list of parameters'], json);
  }
  // JSON null: Argo CD's empty list.
  const d = new Diagnostics();
  assert.deepEqual(settingsFromArgoCD({ ARGOCD_APP_PARAMETERS: 'null' }, d), []);
  assert.deepEqual(d.list, []);
});

test('a parameter without a string name is named as the empty name', () => {
  const d = new Diagnostics();
  assert.deepEqual(settingsFromArgoCD({ ARGOCD_APP_PARAMETERS: '[{"string":"true"},{"name":7,"string":"true"}]' }, d), []);
  const unknown = 'unknown parameter of the metallb-frr plugin (known: metallbNamespace, frrk8sNamespace, advertise, otherNamespaces, allowEmpty, strict)';
  assert.deepEqual(lines(d), [`error: parameter "": ${unknown}`, `error: parameter "": ${unknown}`]);
});

test('a parameter that is not a string parameter says what it is instead (a map, an array, or nothing)', () => {
  const d = new Diagnostics();
  const params = [
    { name: 'advertise', array: ['pools'] },
    { name: 'strict', map: { a: 'b' }, array: ['x'] },
    { name: 'allowEmpty' },
    { name: 'advertise', string: 'services' },
    { name: 'strict', string: '' },
  ];
  assert.deepEqual(settingsFromArgoCD({ ARGOCD_APP_PARAMETERS: JSON.stringify(params) }, d), [{ key: 'advertise', value: 'services', origin: 'parameter "advertise"' }]);
  assert.deepEqual(lines(d), [
    'error: parameter "advertise": must be a string parameter, not an array',
    'error: parameter "strict": must be a string parameter, not a map',
    'error: parameter "allowEmpty": must be a string parameter',
  ]);
});

test('otherNamespaces as a setting: set when valid, refused naming its origin otherwise', () => {
  const cfg = config();
  const d = new Diagnostics();
  applySettings(cfg, settingsFromEnv({ ARGOCD_ENV_OTHER_NAMESPACES: 'ignore' }, 'ARGOCD_ENV_', d), d);
  assert.deepEqual(d.list, []);
  assert.equal(cfg.otherNamespaces, 'ignore');
  applySettings(cfg, [{ key: 'otherNamespaces', value: 'skip', origin: 'parameter "otherNamespaces"' }], d);
  assert.equal(cfg.otherNamespaces, 'ignore');
  assert.deepEqual(lines(d), ['error: parameter "otherNamespaces": must be "error" or "ignore", not "skip"']);
});

test('each setting changes its own field only', () => {
  const base = config();
  const set = (key: 'advertise' | 'otherNamespaces' | 'allowEmpty' | 'strict', value: string) => {
    const cfg = config();
    const d = new Diagnostics();
    applySettings(cfg, [{ key, value, origin: key }], d);
    assert.deepEqual(d.list, []);
    const changed = Object.keys(cfg).filter((k) => JSON.stringify(cfg[k as keyof BuildConfig]) !== JSON.stringify(base[k as keyof BuildConfig]));
    return changed;
  };
  assert.deepEqual(set('advertise', 'services'), ['advertise']);
  assert.deepEqual(set('otherNamespaces', 'ignore'), ['otherNamespaces']);
  assert.deepEqual(set('allowEmpty', 'TRUE'), ['allowEmpty']);
  assert.deepEqual(set('strict', 'True'), ['strict']);
});

test('env entries are read in name order, whatever order the environment lists them in', () => {
  const d = new Diagnostics();
  // Upper case sorts first: ARGOCD_ENV_ADVERTISE is the earlier setting, ARGOCD_ENV_advertise the one refused.
  const got = settingsFromEnv({ ARGOCD_ENV_advertise: 'services', ARGOCD_ENV_STRICT: 'true', ARGOCD_ENV_ADVERTISE: 'pools' }, 'ARGOCD_ENV_', d);
  assert.deepEqual(got.map((s) => s.origin), ['ARGOCD_ENV_ADVERTISE', 'ARGOCD_ENV_STRICT']);
  assert.deepEqual(lines(d), ['error: ARGOCD_ENV_advertise: says "services" but ARGOCD_ENV_ADVERTISE says "pools": set one of them']);
});

test('two spellings of one env entry that agree are not a conflict', () => {
  const d = new Diagnostics();
  const got = settingsFromEnv({ ARGOCD_ENV_ADVERTISE: 'services', ARGOCD_ENV_advertise: 'services' }, 'ARGOCD_ENV_', d);
  assert.deepEqual(d.list, []);
  assert.deepEqual([...new Set(got.map((s) => `${s.key}=${s.value}`))], ['advertise=services']);
});

test('ARGOCD_APP_PARAMETERS empty or blank: the PARAM_ variables are read instead', () => {
  for (const json of [undefined, '', ' \n']) {
    const d = new Diagnostics();
    assert.deepEqual(settingsFromArgoCD({ ...(json !== undefined ? { ARGOCD_APP_PARAMETERS: json } : {}), PARAM_STRICT: 'true', PARAM_OTHER_0: 'x', PARAM_ADVERTISE: '', ARGOCD_ALLOW_EMPTY: 'true' }, d), [{ key: 'strict', value: 'true', origin: 'PARAM_STRICT' }], JSON.stringify(json));
    assert.deepEqual(d.list, []);
  }
});

test('only true/false take any case; advertise and otherNamespaces are written as documented', () => {
  const cfg = config();
  const d = new Diagnostics();
  applySettings(cfg, [{ key: 'advertise', value: 'Services', origin: 'parameter "advertise"' }, { key: 'otherNamespaces', value: 'IGNORE', origin: 'OTHER' }], d);
  assert.deepEqual(lines(d), ['error: parameter "advertise": must be "pools" or "services", not "Services"', 'error: OTHER: must be "error" or "ignore", not "IGNORE"']);
  assert.equal(cfg.advertise, 'pools');
});
