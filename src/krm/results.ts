// Diagnostics → KRM results (for stdout) and readable lines (for stderr).
import { formatDiagnostic, type Diagnostic } from '../api/diagnostic.ts';
import { objectKey, type KubeObject, type ObjectRef } from '../api/k8s.ts';
import { fileOf, type ResultEntry } from './resourcelist.ts';

/** Finds the file an object came from, by its identity. */
export class FileIndex {
  private readonly byKey = new Map<string, { path: string; index?: number }>();

  constructor(objects: Iterable<KubeObject>) {
    for (const o of objects) {
      const f = fileOf(o);
      if (f) this.byKey.set(objectKey(o), f);
    }
  }

  lookup(ref: ObjectRef | undefined): { path: string; index?: number } | undefined {
    return ref ? this.byKey.get(objectKey({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } })) : undefined;
  }
}

export function toResult(d: Diagnostic, files: FileIndex): ResultEntry {
  const r: ResultEntry = { message: d.message, severity: d.severity };
  if (d.ref) {
    const ref: Record<string, string> = {};
    for (const k of ['apiVersion', 'kind', 'name', 'namespace'] as const) if (d.ref[k]) ref[k] = d.ref[k] as string;
    r.resourceRef = ref;
  }
  if (d.field) r.field = { path: d.field };
  const file = files.lookup(d.ref);
  if (file) r.file = file;
  return r;
}

export function toLine(d: Diagnostic, files: FileIndex): string {
  return formatDiagnostic(d, files.lookup(d.ref)?.path);
}
