// Structural validation with the validators generated at build time
// (scripts/gen-validators.mjs). Turns ajv's errors into diagnostics that name
// the field the way a user writes it: spec.nodeSelectors[0].matchLabels.
// Each validator is a type guard for the type derived from its schema
// (schemas.ts), so a validated object needs no cast.
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as generated from './generated/validators.js';
import type { Diagnostics } from './diagnostic.ts';
import { refOf, type KubeObject } from './k8s.ts';
import type { SchemaTypes } from './schemas.ts';

const validators: Readonly<Record<string, ValidateFunction<unknown>>> = generated;

/** What a validator of `kind` (any version) accepts: one type per version. */
export type KindType<K extends string> = { [N in keyof SchemaTypes]: N extends `${K}_${string}` ? SchemaTypes[N] : never }[keyof SchemaTypes];

/** The validator for group/version/kind, if the project knows that type. */
export function validatorFor<K extends string>(apiVersion: string | undefined, kind: K | undefined): ValidateFunction<KindType<K>> | undefined {
  const version = apiVersion?.split('/')[1];
  if (!version || !kind) return undefined;
  // Validators are named Kind_version (gen-validators.mjs), so this one accepts a KindType<K>.
  return validators[`${kind}_${version}`] as ValidateFunction<KindType<K>> | undefined;
}

/** Validates `obj`; adds one error per problem. True (and `obj` typed) when it is valid. */
export function validateStructure<T>(validate: ValidateFunction<T>, obj: KubeObject, diags: Diagnostics): obj is KubeObject & T {
  if (validate(obj)) return true;
  const ref = refOf(obj);
  for (const e of dedupe(validate.errors ?? [])) {
    const { field, message } = describeError(e);
    diags.error(ref, field || undefined, message);
  }
  return false;
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** JSON pointer /spec/nodeSelectors/0/matchLabels → spec.nodeSelectors[0].matchLabels */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describeError(e: ErrorObject): { field: string; message: string } {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { field: join(path, String(p.additionalProperty)), message: `unknown field "${String(p.additionalProperty)}"` };
    case 'required':
      return { field: join(path, String(p.missingProperty)), message: `required field "${String(p.missingProperty)}" is missing` };
    case 'type':
      return { field: path, message: `must be of type ${String(p.type)}` };
    case 'enum':
      return { field: path, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'minimum':
    case 'maximum':
      return { field: path, message: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minItems':
      return { field: path, message: `must have at least ${String(p.limit)} item(s)` };
    case 'maxItems':
      return { field: path, message: `must have at most ${String(p.limit)} items` };
    case 'minLength':
      return { field: path, message: 'must not be empty' };
    default:
      return { field: path, message: e.message ?? e.keyword };
  }
}
