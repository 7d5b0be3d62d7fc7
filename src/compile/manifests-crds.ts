// The two CustomResourceDefinitions the node agent needs, built from the JSON
// schemas in src/api/schemas.ts (the same ones the function validates with),
// as the build writes them out in plain data (src/api/generated/crd-schemas.js:
// neither TypeBox nor the schema builders run when the function starts):
//
//   FRRConfiguration (frrk8s.metallb.io/v1beta1, namespaced)
//       API-compatible with upstream frr-k8s: the same fields, ranges, enums,
//       defaults and CEL rules, so objects written for one are accepted by
//       the other and a cluster can switch either way
//       (test/unit/frrk8s-crd-compat.test.ts compares them with upstream's
//       field by field and lists each difference with its reason). Deliberate
//       differences:
//         - router.evpn is an open object (x-kubernetes-preserve-unknown-fields)
//           rather than upstream's EVPN schema: metallb-frr does not render
//           EVPN, and the agent reports any EVPN content as a conversion error;
//         - no field descriptions (`kubectl explain` shows types only);
//         - no validating webhook (upstream's webhook rejects what merging
//           would reject; the agent reports those problems in FRRNodeState).
//       The function's own validators are stricter in three places (an entry
//       of withLocalPref, withCommunity or toReceive.allowed.prefixes must
//       name its value); the CRD drops those `required` lists, as upstream
//       has none.
//   FRRNodeState (frrk8s.metallb.io/v1beta1, cluster-scoped, one per node,
//       named after it): status.runningConfig, lastConversionResult and
//       lastReloadResult, as upstream; written by the agent through the
//       status subresource. Printer columns (upstream has none): the last
//       conversion and reload results, and the age.
//   BGPSessionState (frrk8s.metallb.io/v1beta1, namespaced, one per BGP
//       session of a node): status node, peer, vrf, bgpStatus, bfdStatus, as
//       upstream, with upstream's printer columns (Node, Peer, VRF, BGP, BFD)
//       and the age (a CRD that lists columns loses kubectl's default Age).
import { FRRK8S_GROUP } from '../api/frrk8s.ts';
import type { KubeObject } from '../api/k8s.ts';
import { bgpSessionStateStatus, frrConfigurationSpec, frrNodeStateStatus } from '../api/generated/crd-schemas.js';
import type { Schema } from '../api/schemas.ts';

/** Object paths (in the spec) whose `required` list is the function's, not upstream's. */
const FUNCTION_ONLY_REQUIRED = [
  'bgp.routers[].neighbors[].toAdvertise.withLocalPref[]',
  'bgp.routers[].neighbors[].toAdvertise.withCommunity[]',
  'bgp.routers[].neighbors[].toReceive.allowed.prefixes[]',
];

/** A deep copy of `s` without the function-only `required` lists. */
function specSchema(s: Schema, path = ''): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'required' && FUNCTION_ONLY_REQUIRED.includes(path)) continue;
    if (k === 'properties') {
      const props: Record<string, Schema> = {};
      for (const [name, p] of Object.entries(v as Record<string, Schema>)) props[name] = specSchema(p, path ? `${path}.${name}` : name);
      out[k] = props;
    } else if (k === 'items') {
      out[k] = specSchema(v as Schema, `${path}[]`);
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = specSchema(v as Schema, path);
    } else {
      out[k] = Array.isArray(v) ? structuredClone(v) : v;
    }
  }
  return out;
}

/** The envelope of a custom resource: metadata is the API server's to check. */
function rootSchema(spec: Schema, status: Schema): Schema {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec,
      status,
    },
  };
}

interface PrinterColumn {
  name: string;
  type: 'string' | 'date';
  jsonPath: string;
}

/** `kubectl get`'s AGE, which a CRD listing its own columns must list too. */
const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const statusColumn = (name: string, field: string): PrinterColumn => ({ name, type: 'string', jsonPath: `.status.${field}` });

/** A CRD of one version, v1beta1, with the status subresource (the agent writes status through it). */
function crd(kind: string, plural: string, scope: 'Namespaced' | 'Cluster', schema: Schema, labels: Record<string, string>, columns: PrinterColumn[] = []): KubeObject {
  const version: Record<string, unknown> = { name: 'v1beta1', served: true, storage: true };
  if (columns.length > 0) version.additionalPrinterColumns = columns.map((c) => ({ ...c }));
  version.schema = { openAPIV3Schema: schema };
  version.subresources = { status: {} };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${FRRK8S_GROUP}`, labels },
    spec: {
      group: FRRK8S_GROUP,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope,
      versions: [version],
    },
  };
}

export function frrConfigurationCRD(labels: Record<string, string>): KubeObject {
  return crd('FRRConfiguration', 'frrconfigurations', 'Namespaced', rootSchema(specSchema(frrConfigurationSpec), { type: 'object' }), labels);
}

export function frrNodeStateCRD(labels: Record<string, string>): KubeObject {
  return crd('FRRNodeState', 'frrnodestates', 'Cluster', rootSchema({ type: 'object' }, specSchema(frrNodeStateStatus)), labels, [
    statusColumn('Conversion', 'lastConversionResult'),
    statusColumn('Reload', 'lastReloadResult'),
    AGE,
  ]);
}

export function bgpSessionStateCRD(labels: Record<string, string>): KubeObject {
  return crd('BGPSessionState', 'bgpsessionstates', 'Namespaced', rootSchema({ type: 'object' }, specSchema(bgpSessionStateStatus)), labels, [
    statusColumn('Node', 'node'),
    statusColumn('Peer', 'peer'),
    statusColumn('VRF', 'vrf'),
    statusColumn('BGP', 'bgpStatus'),
    statusColumn('BFD', 'bfdStatus'),
    AGE,
  ]);
}
