// A node's frr.conf from the objects of a stream (`metallb-frr render`):
// the FRRConfigurations and Secrets of the FRR-K8s namespace (every other
// kind is not frr-k8s' business; another namespace's objects are ignored
// with a warning, as frr-k8s ignores them), selected, merged and rendered
// for the node as the node agent does.
import type { Diagnostic } from '../api/diagnostic.ts';
import { isFRRConfiguration } from '../api/frrk8s.ts';
import { refOf, type KubeObject } from '../api/k8s.ts';
import { isSecret } from '../api/secret.ts';
import { renderNode } from './index.ts';
import { inNamespace } from './namespace.ts';
import type { RenderOptions } from './render.ts';
import { secretsFrom } from './secrets.ts';
import type { NodeInfo } from './select.ts';

export interface ObjectsRenderOptions extends Omit<RenderOptions, 'secrets' | 'hostname'> {
  /** The FRR-K8s namespace. */
  namespace: string;
  /** frr.conf's hostname; the node's name unless given. */
  hostname?: string;
}

/** frr.conf (empty when there is an error) and every problem, warnings for ignored objects first. */
export function renderObjects(objects: readonly KubeObject[], node: NodeInfo, opts: ObjectsRenderOptions): { text: string; diagnostics: Diagnostic[] } {
  const { namespace, ...renderOpts } = opts;
  const ignored: Diagnostic[] = [];
  const warn = (o: KubeObject) => ignored.push({ severity: 'warning', ref: refOf(o), message: `not in namespace ${namespace}, ignored (frr-k8s reads only its own namespace)` });
  const configs = inNamespace(objects.filter(isFRRConfiguration), namespace, warn);
  const secrets = secretsFrom(inNamespace(objects.filter(isSecret), namespace, warn));
  const result = renderNode(configs, node, secrets, renderOpts);
  return { text: result.text, diagnostics: [...ignored, ...result.diagnostics] };
}
