// Our frr-k8s CRDs are API-compatible with upstream's: the same fields, types,
// enums, required lists, ranges, defaults and CEL rules, field by field, so
// that an object written for one is read the same by the other. Upstream's
// CRDs are read at run time from the shared reference folder
// (<shared>/reference/frrk8s-crds, shared = METALLB_FRR_SHARED or ../shared
// beside the repository), never copied; without it the tests are skipped.
// Every difference is listed below with the reason for it; a new one fails.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { bgpSessionStateCRD, frrConfigurationCRD, frrNodeStateCRD } from '../../src/compile/manifests-crds.ts';
import { ROOT } from '../lib/fixtures.ts';

const SHARED = process.env.METALLB_FRR_SHARED ?? join(ROOT, '..', 'shared');
const CRDS = join(SHARED, 'reference', 'frrk8s-crds');
const skip = existsSync(CRDS) ? false : `upstream's CRDs are not at ${CRDS} (set METALLB_FRR_SHARED to the shared folder)`;

type Schema = Record<string, unknown>;

/** The keywords compared; descriptions are not (ours has none: `kubectl explain` shows types only). */
const KEYWORDS = [
  'type',
  'format',
  'enum',
  'required',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'default',
  'nullable',
  'x-kubernetes-validations',
  'x-kubernetes-map-type',
  'x-kubernetes-list-type',
  'x-kubernetes-preserve-unknown-fields',
];
const NESTED = ['properties', 'items', 'additionalProperties', 'description'];

/** Every difference between two schemas, one line each: "path keyword: ours X, upstream Y". */
function differences(ours: Schema | undefined, theirs: Schema | undefined, path = ''): string[] {
  const at = path || '<root>';
  if (!ours || !theirs) return [`${at}: ${ours ? 'only ours has it' : 'only upstream has it'}`];
  const out: string[] = [];
  const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
  for (const k of KEYWORDS) {
    const a = k === 'required' ? sorted(ours[k]) : ours[k];
    const b = k === 'required' ? sorted(theirs[k]) : theirs[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at} ${k}: ours ${show(a)}, upstream ${show(b)}`);
  }
  for (const k of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
    if (!KEYWORDS.includes(k) && !NESTED.includes(k)) out.push(`${at}: keyword ${k} not compared`);
  }
  const po = (ours.properties ?? {}) as Record<string, Schema>;
  const pt = (theirs.properties ?? {}) as Record<string, Schema>;
  for (const name of new Set([...Object.keys(po), ...Object.keys(pt)])) out.push(...differences(po[name], pt[name], path ? `${path}.${name}` : name));
  if (ours.items || theirs.items) out.push(...differences(ours.items as Schema, theirs.items as Schema, `${path}[]`));
  const ao = ours.additionalProperties;
  const at2 = theirs.additionalProperties;
  if (typeof ao === 'object' || typeof at2 === 'object') out.push(...differences(ao as Schema, at2 as Schema, `${path}{}`));
  else if (ao !== at2) out.push(`${at} additionalProperties: ours ${show(ao)}, upstream ${show(at2)}`);
  return out;
}

const sorted = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);

function upstream(plural: string): KubeObject {
  return parse(readFileSync(join(CRDS, `frrk8s.metallb.io_${plural}.yaml`), 'utf8')) as KubeObject;
}

interface Version {
  name: string;
  served: boolean;
  storage: boolean;
  schema: { openAPIV3Schema: Schema };
  subresources?: Schema;
}
const versions = (crd: KubeObject) => (crd.spec as { versions: Version[] }).versions;

/** group, names, scope and each version's name, serving, storage and subresources. */
function envelope(crd: KubeObject): unknown {
  const { versions: vs, ...rest } = crd.spec as { versions: Version[] };
  return { ...rest, versions: vs.map((v) => ({ name: v.name, served: v.served, storage: v.storage, subresources: v.subresources ?? {} })) };
}

/** The differences in FRRConfiguration we mean, each with why (see also src/compile/manifests-crds.ts). */
const FRRCONFIGURATION_DIFFERENCES: Record<string, string> = {
  'spec.bgp.routers[].evpn x-kubernetes-preserve-unknown-fields: ours true, upstream none':
    'EVPN is not rendered: router.evpn is an open object so that upstream objects validate, and the agent reports any EVPN content as a conversion error',
  'spec.bgp.routers[].evpn.advertiseSVI: only upstream has it': 'EVPN, see router.evpn',
  'spec.bgp.routers[].evpn.advertiseVNIs: only upstream has it': 'EVPN, see router.evpn',
  'spec.bgp.routers[].evpn.l2vnis: only upstream has it': 'EVPN, see router.evpn',
  'spec.bgp.routers[].evpn.l3vni: only upstream has it': 'EVPN, see router.evpn',
  'spec.bgp.routers[].neighbors[].connectTime x-kubernetes-validations: ours [{"rule":"duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535","message":"must be from 1s to 65535s"},{"rule":"duration(self).getMilliseconds() % 1000 == 0","message":"must be a whole number of seconds"}], upstream [{"message":"connect time should be between 1 seconds to 65535","rule":"duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535"},{"message":"connect time should contain a whole number of seconds","rule":"duration(self).getMilliseconds() % 1000 == 0"}]':
    'the same two rules; only the messages are worded as ours',
  'spec.bgp.routers[].neighbors[].port format: ours "int32", upstream none':
    'the same integer and range (0 to 16384); the API server does not check integer formats',
  'spec.bgp.routers[].neighbors[].toAdvertise.withLocalPref[].localPref format: ours "int64", upstream "int32"':
    "localPref is a uint32 (frr-k8s' Go type and BGP's): ours states its range, upstream's format says int32; the API server does not check integer formats",
  'spec.bgp.routers[].neighbors[].toAdvertise.withLocalPref[].localPref minimum: ours 0, upstream none': 'localPref is a uint32, see its format',
  'spec.bgp.routers[].neighbors[].toAdvertise.withLocalPref[].localPref maximum: ours 4294967295, upstream none': 'localPref is a uint32, see its format',
  'spec.bgp.routers[].neighbors[].toAdvertise.withLocalPref[].prefixes format: ours none, upstream "cidr"':
    "upstream's format sits on the list, where no API server applies it (formats apply to strings): no difference in what either accepts",
  'spec.bgp.routers[].neighbors[].toAdvertise.withCommunity[].prefixes format: ours none, upstream "cidr"': 'as withLocalPref[].prefixes',
  'spec.bgp.routers[].neighbors[].toReceive.allowed.prefixes[].prefix format: ours none, upstream "cidr"':
    "upstream's API server refuses a prefix that is not a CIDR; ours accepts it and the agent refuses it (conversion error naming the field, last good configuration kept), as the function does at build time",
};

describe("our frr-k8s CRDs against upstream's (shared/reference/frrk8s-crds)", () => {
  test('FRRConfiguration: same group, names, scope, version and subresources; same schema but for the listed differences', { skip }, () => {
    const theirs = upstream('frrconfigurations');
    const ours = frrConfigurationCRD({});
    assert.deepEqual(envelope(ours), envelope(theirs));
    const found = differences(versions(ours)[0].schema.openAPIV3Schema, versions(theirs)[0].schema.openAPIV3Schema);
    const unexplained = found.filter((d) => !(d in FRRCONFIGURATION_DIFFERENCES));
    assert.deepEqual(unexplained, [], 'differences from upstream without a reason in this test');
    const gone = Object.keys(FRRCONFIGURATION_DIFFERENCES).filter((d) => !found.includes(d));
    assert.deepEqual(gone, [], 'listed differences that no longer exist: remove them from the list');
  });

  test('FRRNodeState: the same CRD (the agent writes its status)', { skip }, () => {
    const theirs = upstream('frrnodestates');
    const ours = frrNodeStateCRD({});
    assert.deepEqual(envelope(ours), envelope(theirs));
    assert.deepEqual(differences(versions(ours)[0].schema.openAPIV3Schema, versions(theirs)[0].schema.openAPIV3Schema), []);
  });

  test('BGPSessionState: the same CRD (the agent writes one per BGP session), with upstream\'s printer columns and the age', { skip }, () => {
    const theirs = upstream('bgpsessionstates');
    const ours = bgpSessionStateCRD({});
    assert.deepEqual(envelope(ours), envelope(theirs));
    assert.deepEqual(differences(versions(ours)[0].schema.openAPIV3Schema, versions(theirs)[0].schema.openAPIV3Schema), []);
    // A CRD that lists columns loses kubectl's default AGE: ours lists it.
    const columns = (crd: KubeObject) => (versions(crd)[0] as Version & { additionalPrinterColumns?: unknown[] }).additionalPrinterColumns ?? [];
    assert.deepEqual(columns(ours), [...columns(theirs), { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }]);
  });

  test('FRRNodeState: printer columns of our own (upstream has none): the last conversion and reload results, the age', () => {
    const v = versions(frrNodeStateCRD({}))[0] as Version & { additionalPrinterColumns?: Array<{ name: string; jsonPath: string }> };
    assert.deepEqual(v.additionalPrinterColumns?.map((c) => [c.name, c.jsonPath]), [
      ['Conversion', '.status.lastConversionResult'],
      ['Reload', '.status.lastReloadResult'],
      ['Age', '.metadata.creationTimestamp'],
    ]);
  });

  test('the comparison itself finds a changed type, a missing enum value and a new required field', () => {
    const base: Schema = { type: 'object', required: ['a'], properties: { a: { type: 'string', enum: ['x', 'y'] } } };
    const changed: Schema = { type: 'object', required: ['a', 'b'], properties: { a: { type: 'integer', enum: ['x'] }, b: { type: 'string' } } };
    assert.deepEqual(differences(changed, base), [
      '<root> required: ours ["a","b"], upstream ["a"]',
      'a type: ours "integer", upstream "string"',
      'a enum: ours ["x"], upstream ["x","y"]',
      'b: only ours has it',
    ]);
    assert.deepEqual(differences(base, structuredClone(base)), []);
  });
});
