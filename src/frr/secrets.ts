// Password Secrets, read the way frr-k8s reads them (api_to_config.go
// passwordForNeighbor): a v1 Secret of type kubernetes.io/basic-auth in the
// FRR-K8s namespace, the password under the key "password". In a manifest the
// value may be in `data` (base64) or `stringData` (plain; it wins, as the API
// server applies it over data). Messages name the Secret and the key, never
// the value.
import { BASIC_AUTH_SECRET_TYPE } from '../api/frr-input.ts';
import type { KubeObject } from '../api/k8s.ts';
import { SecretText } from './model.ts';

/** The fields of a v1 Secret this module reads. */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

export interface SecretKey {
  namespace: string;
  name: string;
}

/** Finds a Secret by namespace and name; undefined when there is none. */
export type SecretSource = (key: SecretKey) => SecretObject | undefined;

/** No Secrets at all (the function's preview, a dry run). */
export const noSecrets: SecretSource = () => undefined;

/** A SecretSource over a list of objects; objects other than v1 Secrets are ignored. */
export function secretsFrom(objects: Iterable<KubeObject>, defaultNamespace = ''): SecretSource {
  const byKey = new Map<string, SecretObject>();
  for (const o of objects) {
    if (!isSecret(o)) continue;
    const ns = o.metadata?.namespace ?? defaultNamespace;
    byKey.set(`${ns}/${o.metadata?.name ?? ''}`, o);
  }
  return ({ namespace, name }) => byKey.get(`${namespace}/${name}`);
}

export function isSecret(o: KubeObject): o is SecretObject {
  return o.apiVersion === 'v1' && o.kind === 'Secret';
}

/** The password a Secret holds, or why it holds none (without the value). */
export function passwordFromSecret(secret: SecretObject): { password: SecretText } | { problem: string } {
  const where = `Secret ${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
  const type = secret.type ?? 'Opaque';
  if (type !== BASIC_AUTH_SECRET_TYPE) {
    return { problem: `${where} has type ${type}; a password Secret must have type ${BASIC_AUTH_SECRET_TYPE}` };
  }
  const plain = secret.stringData?.password;
  if (plain !== undefined) {
    if (typeof plain !== 'string') return { problem: `${where} stringData.password is not a string` };
    return { password: new SecretText(plain) };
  }
  const encoded = secret.data?.password;
  if (encoded === undefined) return { problem: `${where} has no "password" key` };
  if (typeof encoded !== 'string' || !isBase64(encoded)) return { problem: `${where} data.password is not valid base64` };
  const bytes = Buffer.from(encoded, 'base64');
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(bytes) !== 0) return { problem: `${where} data.password is not UTF-8 text` };
  return { password: new SecretText(text) };
}

function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}
