// Password Secrets, read the way frr-k8s reads them (api_to_config.go
// passwordForNeighbor): a v1 Secret of type kubernetes.io/basic-auth, the
// password under the key "password". In a manifest the value may be in `data`
// (base64) or `stringData` (plain; it wins, as the API server applies it over
// data). One reading for the build-time check of BGPPeers (src/metallb) and
// for the FRR library (src/frr). Messages name the Secret and the key, never
// the value.
import { inspect } from 'node:util';
import { BASIC_AUTH_SECRET_TYPE, passwordProblem } from './frr-input.ts';
import type { KubeObject } from './k8s.ts';
import { bad, ok, type Parsed } from './parsed.ts';

/**
 * A password held in memory. It prints as <redacted> through String(),
 * JSON.stringify() and util.inspect(), so a model that ends up in a log line
 * or an exception does not leak it; reveal() is the only way out.
 */
export class SecretText {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  equals(other: SecretText): boolean {
    return this.#value === other.#value;
  }
  toString(): string {
    return '<redacted>';
  }
  toJSON(): string {
    return '<redacted>';
  }
  [inspect.custom](): string {
    return '<redacted>';
  }
}

/** The fields of a v1 Secret this module reads. */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

export function isSecret(o: KubeObject): o is SecretObject {
  return o.apiVersion === 'v1' && o.kind === 'Secret';
}

/** The password a Secret holds, or why it holds none (without the value). */
export function passwordFromSecret(secret: SecretObject): Parsed<SecretText> {
  const where = secretName(secret);
  const type = secret.type ?? 'Opaque';
  if (type !== BASIC_AUTH_SECRET_TYPE) {
    return bad(`${where} has type ${type}; a password Secret must have type ${BASIC_AUTH_SECRET_TYPE}`);
  }
  const plain = secret.stringData?.password;
  if (plain !== undefined) {
    if (typeof plain !== 'string') return bad(`${where} stringData.password is not a string`);
    return ok(new SecretText(plain));
  }
  const encoded = secret.data?.password;
  if (encoded === undefined) return bad(`${where} has no "password" key`);
  if (typeof encoded !== 'string' || !isBase64(encoded)) return bad(`${where} data.password is not valid base64`);
  const bytes = Buffer.from(encoded, 'base64');
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(bytes) !== 0) return bad(`${where} data.password is not UTF-8 text`);
  return ok(new SecretText(text));
}

/**
 * The password a Secret holds if frr.conf can carry it, or the one problem
 * that stops it (starting with the Secret's name, never with the value). The
 * build (BGPPeers, hand-written FRRConfigurations) and the node (render) use
 * this one reading, so they refuse the same Secrets with the same words.
 */
export function usablePassword(secret: SecretObject): Parsed<SecretText> {
  const got = passwordFromSecret(secret);
  if (!got.ok) return got;
  const problem = passwordProblem(got.value.reveal());
  return problem ? bad(`${secretName(secret)}: ${problem}`) : got;
}

function secretName(secret: SecretObject): string {
  return `Secret ${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
}

function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}
