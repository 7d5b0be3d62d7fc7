// metallb-frr's FRR library: every FRRConfiguration of the FRR-K8s namespace,
// a node, and its Secrets in; that node's frr.conf (or the reasons there is
// none) out. Pure: no I/O, no clock, no globals; the same input gives the
// same bytes. Used by the node agent, the render command, the function's
// checks and preview, and the review tools.
//
// API
//   selectForNode(configs, node: { name, labels }): { selected, diagnostics }
//   nodeSelection(configs): (node) => the same, selectors checked once (many nodes)
//       The configurations whose nodeSelector matches the labels. An
//       invalid selector is an error (frr-k8s fails the node too).
//   merge(configs): { merged?: Merged, diagnostics }
//       frr-k8s' merge (see merge.ts): all problems, each naming the object
//       and field, and for a conflict the other object and its field. The
//       result does not depend on the input order. `merged` is absent when
//       there is an error; warnings may come with a result.
//   render(merged, { hostname, secrets?, redactPasswords?, logLevel? }): { text, diagnostics }
//       frr.conf text (see render.ts). Passwords from passwordSecret are read
//       through `secrets` at this point only; a missing or unusable Secret is
//       an error naming the FRRConfiguration and field (a warning when
//       redacting). Redacting also covers the secrets of raw configuration
//       (every secret keyword of FRR's, redact.ts).
//       No message ever contains a password. `text` is empty when there is
//       an error.
//   renderNode(configs, node, secrets, opts): { text, diagnostics, selected }
//       The three above in a row.
//   checkCompatible(configs): Diagnostic[]
//       For the KRM function: the problems merging these configurations on
//       one node would meet, without Secrets (passwordSecret references agree
//       when they name the same Secret).
//   secretsFrom(objects, defaultNamespace?): SecretSource; noSecrets
//       A SecretSource over a list of v1 Secrets / one that has none.
//   inNamespace(objects, namespace, ignored?)          (namespace.ts)
//       The objects frr-k8s reads: those of its namespace, an object without
//       one taken as in it.
//   renderObjects(objects, node, opts)                 (render-objects.ts)
//       renderNode from a stream's objects (the render command).
//   nodeViews(configs, nodes), selectorViews(configs)  (views.ts)
//       What each node (or node selector group) runs, merged: the review
//       tools' and the preview's model.
//
// Two choices: selectForNode returns diagnostics besides the selection (an
// unparseable selector must not silently drop a configuration); render takes
// a SecretSource (namespace, name → Secret) rather than a password callback,
// so that the Secret's type, its data or stringData and base64 are read in
// one place for the agent and the CLI.
//
// Secrets: frr-k8s reads password Secrets from its own namespace only, by
// name; passwordSecret.namespace is ignored there (merge warns when it names
// another namespace) and the Secret is looked up in the configuration's
// namespace. A Secret must have type kubernetes.io/basic-auth and a
// "password" key.
//
// Not rendered: EVPN (router.evpn, addressFamilies: [evpn]) is refused by
// merge with an error naming the field.
import type { Diagnostic } from '../api/diagnostic.ts';
import type { KubeObject, ObjectRef } from '../api/k8s.ts';
import { merge } from './merge.ts';
import { render, type RenderOptions } from './render.ts';
import type { SecretSource } from './secrets.ts';
import { selectForNode, type NodeInfo } from './select.ts';

export { merge, checkCompatible, type MergeResult } from './merge.ts';
export { render, type RenderOptions, type RenderResult } from './render.ts';
export { redactSecretText, secretScrubber, secretValues, SECRET_KEYWORDS, REDACTED } from './redact.ts';
export { selectForNode, nodeSelection, type NodeInfo, type Selection } from './select.ts';
export { secretsFrom, noSecrets, type SecretSource, type SecretKey } from './secrets.ts';
export { passwordFromSecret, isSecret, SecretText, type SecretObject } from '../api/secret.ts';
export { neighborNames, type NeighborNames } from './names.ts';
export { inNamespace } from './namespace.ts';
export type { Merged, MergedRouter, MergedNeighbor, MergedBFDProfile, PasswordSpec, PeerASN, Origin, PrefixFilter, RawSnippet } from './model.ts';

export interface NodeRenderResult {
  /** frr.conf; empty when there is an error. */
  text: string;
  diagnostics: Diagnostic[];
  /** The configurations that selected the node, in merge order. */
  selected: ObjectRef[];
}

/** Selects, merges and renders the configuration of one node. */
export function renderNode(
  configs: readonly KubeObject[],
  node: NodeInfo,
  secrets: SecretSource,
  opts: Omit<RenderOptions, 'secrets' | 'hostname'> & { hostname?: string },
): NodeRenderResult {
  const selection = selectForNode(configs, node);
  const merged = merge(selection.selected);
  const diagnostics = [...selection.diagnostics, ...merged.diagnostics];
  if (!merged.merged || selection.diagnostics.length > 0) { // the selection reports errors only
    return { text: '', diagnostics, selected: merged.merged?.sources ?? [] };
  }
  const rendered = render(merged.merged, { ...opts, hostname: opts.hostname ?? node.name, secrets });
  return { text: rendered.text, diagnostics: [...diagnostics, ...rendered.diagnostics], selected: merged.merged.sources };
}
