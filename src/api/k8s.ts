// The few core Kubernetes shapes the project reads. Only fields we use are
// typed; everything else passes through untouched.
import type { Static } from '@sinclair/typebox';
import type { labelSelector } from './schemas.ts';

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Any Kubernetes object as read from YAML. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** A label selector, as its schema in schemas.ts has it. */
export type LabelSelector = Static<typeof labelSelector>;
export type LabelSelectorRequirement = NonNullable<LabelSelector['matchExpressions']>[number];

/** A reference to an object, as KRM results and error messages name it. */
export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** Anything with Kubernetes identity (typed objects included). */
export interface Identified {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

/** The object's identity; only fields that are strings (a file may hold a map where a name goes). */
export function refOf(o: Identified): ObjectRef {
  const ref: ObjectRef = {};
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (text(o.apiVersion)) ref.apiVersion = o.apiVersion;
  if (text(o.kind)) ref.kind = o.kind;
  if (text(o.metadata?.name)) ref.name = o.metadata.name;
  if (text(o.metadata?.namespace)) ref.namespace = o.metadata.namespace;
  return ref;
}

/** "Kind ns/name" — the way every message in this project names an object. */
export function describeRef(ref: ObjectRef): string {
  const name = ref.namespace ? `${ref.namespace}/${ref.name ?? ''}` : (ref.name ?? '<unnamed>');
  return `${ref.kind ?? '<no kind>'} ${name}`;
}

/** The label the kubelet sets to the node's name. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** An object's identity across API versions: group, kind, namespace, name. */
export function objectKey(o: Identified): string {
  // Files can hold anything where a name goes (a map with a toString key
  // breaks join): only strings count.
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return [groupOf(text(o.apiVersion)), text(o.kind), text(o.metadata?.namespace), text(o.metadata?.name)].join('|');
}

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}
