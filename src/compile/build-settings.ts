// The settings `build` takes besides the configuration object: its flags,
// environment variables under a prefix (Argo CD: the Application's plugin env
// entries, ARGOCD_ENV_<name>), and Argo CD's plugin parameters
// (ARGOCD_APP_PARAMETERS, a JSON list, and PARAM_<NAME>). Each value keeps
// where it came from, so that a problem names what the user set. The
// adapter (fn/build.ts) hands over the flags and the environment as values.
import type { Diagnostics } from '../api/diagnostic.ts';
import { ADVERTISE_MODES, OTHER_NAMESPACES_MODES } from '../api/fnconfig.ts';
import { checkNamespaces } from './options-check.ts';
import type { FnConfig } from './options.ts';

/** The function's configuration plus `strict`, which only `build` has: any warning fails it. */
export type BuildConfig = FnConfig & { strict: boolean };

type Key = 'metallbNamespace' | 'frrk8sNamespace' | 'advertise' | 'otherNamespaces' | 'allowEmpty' | 'strict';

/** Every setting: its flag (if any), its environment name and what it takes. */
const BOOLEAN = ['true', 'false'] as const;
const SETTINGS: Record<Key, { flag?: string; env: string; values: 'namespace' | readonly string[] }> = {
  metallbNamespace: { flag: 'metallb-namespace', env: 'METALLB_NAMESPACE', values: 'namespace' },
  frrk8sNamespace: { flag: 'frrk8s-namespace', env: 'FRRK8S_NAMESPACE', values: 'namespace' },
  advertise: { flag: 'advertise', env: 'ADVERTISE', values: ADVERTISE_MODES },
  otherNamespaces: { env: 'OTHER_NAMESPACES', values: OTHER_NAMESPACES_MODES },
  allowEmpty: { env: 'ALLOW_EMPTY', values: BOOLEAN },
  strict: { flag: 'strict', env: 'STRICT', values: BOOLEAN },
};
const KEYS = Object.keys(SETTINGS) as Key[];

export interface Setting {
  key: Key;
  value: string;
  /** What the user set: "--advertise", "ARGOCD_ENV_advertise", "parameter advertise". */
  origin: string;
}

/** Names compared without case, '-' and '_': METALLB_NAMESPACE, metallbNamespace and metallb-namespace are one. */
// Stryker disable next-line MethodExpression: equivalent: folded names are only compared with folded names, so either case does
const fold = (name: string) => name.replace(/[-_]/g, '').toUpperCase();
const byFolded = new Map(KEYS.map((k) => [fold(k), k]));

export function settingsFromFlags(values: Record<string, string | boolean | undefined>): Setting[] {
  const out: Setting[] = [];
  for (const key of KEYS) {
    const flag = SETTINGS[key].flag;
    const v = flag === undefined ? undefined : values[flag];
    if (v === undefined) continue;
    out.push({ key, value: String(v), origin: `--${flag}` });
  }
  return out;
}

/**
 * PREFIX + a setting's name, in any case and with or without '_' or '-'
 * (ARGOCD_ENV_ADVERTISE, ARGOCD_ENV_advertise, ARGOCD_ENV_metallbNamespace).
 * Every variable under the prefix must be a setting: a misspelt one is an
 * error naming it, not silently nothing. Empty values are unset.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv, prefix: string, diags: Diagnostics): Setting[] {
  const out: Setting[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(prefix)) continue;
    const value = env[name] ?? '';
    const key = byFolded.get(fold(name.slice(prefix.length)));
    if (!key) {
      diags.error(undefined, name, `unknown setting (known: ${KEYS.map((k) => prefix + SETTINGS[k].env).join(', ')}, in any case)`);
      continue;
    }
    if (value === '') continue;
    const twin = out.find((s) => s.key === key);
    if (twin && twin.value !== value) {
      diags.error(undefined, name, `says "${value}" but ${twin.origin} says "${twin.value}": set one of them`);
      continue;
    }
    out.push({ key, value, origin: name });
  }
  return out;
}

/** One entry of ARGOCD_APP_PARAMETERS, as Argo CD marshals an Application's plugin parameter. */
interface Parameter {
  name?: unknown;
  string?: unknown;
  map?: unknown;
  array?: unknown;
}

/**
 * The Application's plugin parameters. Argo CD passes them twice: the whole
 * list as JSON in ARGOCD_APP_PARAMETERS, and each string one as
 * PARAM_<NAME> (upper case, other characters '_'). The JSON is read when it
 * is there (it keeps the names as written); PARAM_ otherwise.
 */
export function settingsFromArgoCD(env: NodeJS.ProcessEnv, diags: Diagnostics): Setting[] {
  const json = env.ARGOCD_APP_PARAMETERS;
  if (json === undefined || json.trim() === '') return paramVariables(env);
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch (e) {
    diags.error(undefined, 'ARGOCD_APP_PARAMETERS', `not valid JSON: ${(e as Error).message}`);
    return [];
  }
  if (list === null) return [];
  if (!Array.isArray(list)) {
    diags.error(undefined, 'ARGOCD_APP_PARAMETERS', 'must be a JSON list of parameters');
    return [];
  }
  const out: Setting[] = [];
  for (const p of list as Parameter[]) {
    const name = typeof p?.name === 'string' ? p.name : '';
    const origin = `parameter ${JSON.stringify(name)}`;
    const key = byFolded.get(fold(name));
    if (!key) {
      diags.error(undefined, origin, `unknown parameter of the metallb-frr plugin (known: ${KEYS.join(', ')})`);
      continue;
    }
    if (typeof p.string !== 'string') {
      diags.error(undefined, origin, `must be a string parameter${p.map !== undefined ? ', not a map' : p.array !== undefined ? ', not an array' : ''}`);
      continue;
    }
    if (p.string !== '') out.push({ key, value: p.string, origin });
  }
  return out;
}

function paramVariables(env: NodeJS.ProcessEnv): Setting[] {
  const out: Setting[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('PARAM_')) continue;
    const key = byFolded.get(fold(name.slice('PARAM_'.length)));
    // Other PARAM_ variables may be a map or array parameter's entries (PARAM_X_0): not ours to judge.
    if (key && env[name]) out.push({ key, value: env[name]!, origin: name });
  }
  return out;
}

/** Applies the settings in order (later ones win), each checked and named by its origin. */
export function applySettings(cfg: BuildConfig, settings: Setting[], diags: Diagnostics): void {
  for (const { key, value, origin } of settings) {
    const allowed = SETTINGS[key].values;
    if (key === 'metallbNamespace' || key === 'frrk8sNamespace') {
      cfg[key] = value;
      checkNamespaces(cfg, diags, () => ({ field: origin }), [key]);
      continue;
    }
    if (allowed === 'namespace') continue; // (namespaces: above)
    // true/false in any case (an env entry or parameter "False").
    const v = allowed === BOOLEAN ? value.toLowerCase() : value;
    if (!allowed.includes(v)) {
      diags.error(undefined, origin, `must be ${allowed.map((a) => `"${a}"`).join(' or ')}, not "${value}"`);
      continue;
    }
    // (isOneOf holds here: it narrows v's type.)
    switch (key) {
      case 'strict':
      case 'allowEmpty':
        cfg[key] = v === 'true';
        break;
      case 'advertise':
        if (isOneOf(ADVERTISE_MODES, v)) cfg.advertise = v;
        break;
      case 'otherNamespaces':
        if (isOneOf(OTHER_NAMESPACES_MODES, v)) cfg.otherNamespaces = v;
        break;
    }
  }
}

function isOneOf<T extends string>(list: readonly T[], v: string): v is T {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: only called on a value already found in the same list (allowed.includes above); it narrows the type
  return list.some((x) => x === v);
}
