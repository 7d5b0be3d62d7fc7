// functionConfig `preview: true`: the frr.conf each node will run (or each
// node selector group, without nodes), merged and rendered by the FRR
// library exactly as the node agent does, passwords <redacted> (the library's
// redaction: neighbour passwords and `password …` in raw configuration). One
// object per node, marked local configuration so that kpt writes it into the
// package (generated/preview/<name>.yaml: a pull request shows frr.conf lines
// changing) and nothing applies it: `metallb-frr build`, kustomize and kpt
// live leave local-config objects out.
import { describeDiagnostic, type Diagnostic } from '../api/diagnostic.ts';
import type { KubeObject } from '../api/k8s.ts';
import { render, type SecretSource } from '../frr/index.ts';
import { LOCAL_CONFIG_ANNOTATION, PATH_ANNOTATIONS } from '../krm/resourcelist.ts';
import { nodeViews, selectorViews } from '../frr/views.ts';
import type { NodeInfo } from '../frr/select.ts';

export const PREVIEW_API_VERSION = 'fn.metallb-frr.dev/v1alpha1';
export const PREVIEW_KIND = 'FRRPreview';
export const PREVIEW_DIR = 'generated/preview';

// Stryker disable next-line ObjectLiteral,StringLiteral: unreachable: a view has no merge only when its selection or its merge reported an error
const UNMERGED: Diagnostic = { severity: 'error', message: 'its configurations do not merge' };

export interface PreviewOptions {
  /** The agent's FRR log level, as the DaemonSet sets it. */
  logLevel?: string;
}

/**
 * Preview objects for the configurations a cluster runs (generated and
 * hand-written, of the FRR-K8s namespace). A node whose configurations do not
 * merge or render gets no preview and a warning (the build reports the
 * conflicts it can judge as errors).
 */
export function previews(configs: readonly KubeObject[], nodes: readonly NodeInfo[] | undefined, secrets: SecretSource, opts: PreviewOptions = {}): { objects: KubeObject[]; diagnostics: Diagnostic[] } {
  const views = nodes ? nodeViews(configs, nodes) : selectorViews(configs);
  const objects: KubeObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string) => diagnostics.push({ severity: 'warning', message });
  for (const v of views) {
    const what = nodes ? `node ${v.name}` : `node selector group ${v.name}`;
    if (!v.merged) {
      warn(`no preview for ${what}: ${describeDiagnostic(v.diagnostics.find((d) => d.severity === 'error') ?? UNMERGED)}`);
      continue;
    }
    // Nodes whose configurations merge to the same content share one merge
    // (src/frr/views.ts); the frr.conf header names this node's own.
    const r = render({ ...v.merged, sources: v.sources }, { hostname: v.name, secrets, redactPasswords: true, ...(opts.logLevel ? { logLevel: opts.logLevel } : {}) });
    const error = r.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      warn(`no preview for ${what}: ${describeDiagnostic(error)}`);
      continue;
    }
    const path = `${PREVIEW_DIR}/${v.name}.yaml`;
    objects.push({
      apiVersion: PREVIEW_API_VERSION,
      kind: PREVIEW_KIND,
      metadata: {
        name: v.name,
        annotations: { [LOCAL_CONFIG_ANNOTATION]: 'true', [PATH_ANNOTATIONS[0]]: path, [PATH_ANNOTATIONS[1]]: path },
      },
      ...(nodes ? { node: v.name } : { nodeSelector: v.selector ?? {} }),
      // Stryker disable next-line StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
      sources: v.sources.map((s) => `${s.namespace ? `${s.namespace}/` : ''}${s.name ?? ''}`),
      frrConf: r.text,
    });
  }
  return { objects, diagnostics };
}
