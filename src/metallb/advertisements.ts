// Community aliases, BGPAdvertisement and L2Advertisement, with MetalLB's rules
// (internal/config/config.go bgpAdvertisementFromCR, validateBGPAdvPerPool,
// BGPAdvertisementsHaveCompatibleLocalPref; validation.go validateConfig).
import { compareCommunities, looksLikeCommunity, parseCommunity } from '../api/community.ts';
import type { Diagnostics } from '../api/diagnostic.ts';
import { refOf, type LabelSelector } from '../api/k8s.ts';
import type { BGPAdvertisement as BGPAdvertisementCR, Community as CommunityCR, L2Advertisement } from '../api/metallb.ts';
import { selectorMatches } from '../api/selector.ts';
import type { BFDProfile, BGPAdvertisement, Community, NodeInfo, Peer, Pool, PoolCIDR } from './model.ts';
import { checkSelector, checkSelectors, selectionsCanMeet, selectsNode } from './selectors.ts';
import { byName } from '../api/order.ts';

/** FRR accepts at most 63 communities in one "set community" (MetalLB's limit). */
export const MAX_COMMUNITIES = 63;

export function parseCommunityAliases(crs: CommunityCR[], diags: Diagnostics): Map<string, Community> {
  const aliases = new Map<string, Community>();
  const owner = new Map<string, string>();
  for (const cr of crs) {
    const ref = refOf(cr);
    (cr.spec?.communities ?? []).forEach((c, i) => {
      const at = `spec.communities[${i}]`;
      if (!c.name) {
        diags.error(ref, `${at}.name`, 'a community alias needs a name');
        return;
      }
      const v = parseCommunity(c.value ?? '');
      if (!v.ok) {
        diags.error(ref, `${at}.value`, v.problem);
        return;
      }
      const first = owner.get(c.name);
      if (first !== undefined) {
        diags.error(ref, `${at}.name`, `community alias "${c.name}" is already defined in Community "${first}"`);
        return;
      }
      // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
      owner.set(c.name, cr.metadata?.name ?? '');
      aliases.set(c.name, v.value);
    });
  }
  return aliases;
}

export interface AdvContext {
  pools: Pool[];
  /** Parsed peers (without those with errors). */
  peers: Peer[];
  /** Every BGPPeer name of the input, so that references to a faulty peer still resolve. */
  peerNames: Set<string>;
  aliases: Map<string, Community>;
  nodes: NodeInfo[] | undefined;
  bfdProfiles: BFDProfile[];
}

function duplicates(list: string[] | undefined): string[] {
  // Stryker disable next-line ArrayDeclaration: equivalent: a list of one element has no duplicate
  return [...new Set((list ?? []).filter((v, i, a) => a.indexOf(v) !== i))];
}

/** Pools an advertisement (BGP or L2) selects: by name, by label, or all when it names none. */
function selectedPools(names: string[] | undefined, selectors: LabelSelector[] | undefined, pools: Pool[]): Pool[] {
  return pools.filter((p) => poolSelection(names, selectors, p) !== undefined);
}

/**
 * Whether an advertisement selects a pool, and by which field: the name in
 * spec.ipAddressPools[i], a selector spec.ipAddressPoolSelectors[j] matching
 * its labels, or '' when the advertisement names none (every pool).
 */
export function poolSelection(names: string[] | undefined, selectors: LabelSelector[] | undefined, pool: { name: string; labels: Record<string, string> }): string | undefined {
  if ((names ?? []).length === 0 && (selectors ?? []).length === 0) return '';
  // Stryker disable next-line ArrayDeclaration: equivalent: no pool name (a Kubernetes name) equals Stryker's placeholder text
  const i = (names ?? []).indexOf(pool.name);
  if (i >= 0) return `spec.ipAddressPools[${i}]`;
  const j = (selectors ?? []).findIndex((s) => selectorMatches(s, pool.labels));
  return j >= 0 ? `spec.ipAddressPoolSelectors[${j}]` : undefined;
}

export function parseBGPAdvertisements(crs: BGPAdvertisementCR[], ctx: AdvContext, diags: Diagnostics): BGPAdvertisement[] {
  const ads: BGPAdvertisement[] = [];
  const specs = new Map<string, string>();
  for (const cr of crs) {
    const ref = refOf(cr);
    // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
    const name = cr.metadata?.name ?? '';
    const s = cr.spec ?? {};
    const err = (field: string, msg: string) => diags.error(ref, field, msg);

    // MetalLB's validateDuplicateBGPAdvertisements compares whole objects,
    // names included, so two advertisements that differ only in name pass
    // there; they announce nothing twice, so a warning is enough. The same
    // name twice is an error already (parse.ts).
    const specKey = JSON.stringify(s);
    const twin = specs.get(specKey);
    if (twin !== undefined) diags.warning(ref, 'spec', `same spec as BGPAdvertisement "${twin}": one of the two can go`);
    else specs.set(specKey, name);

    for (const [field, list] of [['ipAddressPools', s.ipAddressPools], ['peers', s.peers], ['communities', s.communities]] as const) {
      for (const d of duplicates(list)) err(`spec.${field}`, `duplicate entry "${d}"`);
    }
    checkSelectors(s.ipAddressPoolSelectors, 'spec.ipAddressPoolSelectors', ref, diags);
    checkSelectors(s.nodeSelectors, 'spec.nodeSelectors', ref, diags);
    checkSelectors(s.serviceSelectors, 'spec.serviceSelectors', ref, diags);

    const aggregationLength = s.aggregationLength ?? 32;
    const aggregationLengthV6 = s.aggregationLengthV6 ?? 128;
    if (aggregationLength > 32) err('spec.aggregationLength', `invalid aggregation length ${aggregationLength} for IPv4: at most 32`);
    // The CRD sets no minimum for IPv6; a negative length has no meaning (MetalLB would produce no mask).
    if (aggregationLengthV6 > 128 || aggregationLengthV6 < 0) err('spec.aggregationLengthV6', `invalid aggregation length ${aggregationLengthV6} for IPv6: must be 0 to 128`);
    // The CRD's CEL rule: a service selector makes sense only for per-IP announcements.
    if ((s.serviceSelectors ?? []).length > 0) {
      if (aggregationLength !== 32) err('spec.aggregationLength', 'serviceSelectors and aggregationLength are mutually exclusive: aggregationLength must stay 32');
      if (aggregationLengthV6 !== 128) err('spec.aggregationLengthV6', 'serviceSelectors and aggregationLengthV6 are mutually exclusive: aggregationLengthV6 must stay 128');
    }

    const communities: Community[] = [];
    (s.communities ?? []).forEach((c, i) => {
      const alias = ctx.aliases.get(c);
      if (alias) return void communities.push(alias);
      if (!looksLikeCommunity(c)) return err(`spec.communities[${i}]`, `"${c}" is neither a community (A:B or large:A:B:C) nor the name of an alias defined in a Community resource`);
      const v = parseCommunity(c);
      if (!v.ok) return err(`spec.communities[${i}]`, v.problem);
      communities.push(v.value);
    });
    const uniq = [...new Map(communities.map((c) => [c.value, c])).values()].sort(compareCommunities);
    if (uniq.length > MAX_COMMUNITIES) err('spec.communities', `at most ${MAX_COMMUNITIES} communities per advertisement, got ${uniq.length}`);

    // MetalLB ignores unknown names; a typo here would silently announce
    // nothing, or to nobody, so both are errors.
    (s.ipAddressPools ?? []).forEach((p, i) => {
      if (!ctx.pools.some((x) => x.name === p)) err(`spec.ipAddressPools[${i}]`, `IPAddressPool "${p}" does not exist`);
    });
    (s.peers ?? []).forEach((p, i) => {
      if (!ctx.peerNames.has(p)) err(`spec.peers[${i}]`, `BGPPeer "${p}" does not exist`);
    });

    // Other errors do not stop the per-pool checks (every problem is reported
    // at once); only lengths that are no lengths do.
    if (aggregationLength > 32 || aggregationLengthV6 > 128 || aggregationLengthV6 < 0) continue;
    const pools = selectedPools(s.ipAddressPools, s.ipAddressPoolSelectors, ctx.pools);
    const ad: BGPAdvertisement = {
      name,
      ref,
      aggregationLength,
      aggregationLengthV6,
      localPref: s.localPref ?? 0,
      communities: uniq,
      nodeSelectors: s.nodeSelectors ?? [],
      peers: [...(s.peers ?? [])].sort(),
      serviceSelectors: s.serviceSelectors ?? [],
      // Stryker disable next-line MethodExpression: equivalent: ctx.pools is sorted by name already
      pools: pools.map((p) => p.name).sort(),
    };
    for (const pool of pools) {
      if (checkAdvOnPool(ad, pool, ctx, diags)) pool.bgpAdvertisements.push(ad);
    }
    ads.push(ad);
  }
  for (const p of ctx.pools) p.bgpAdvertisements.sort(byName);
  checkBFDEcho(ctx, diags);
  return ads.sort(byName);
}

/** validateBGPAdvPerPool: aggregation never shorter than a pool prefix; compatible localPref. */
function checkAdvOnPool(ad: BGPAdvertisement, pool: Pool, ctx: AdvContext, diags: Diagnostics): boolean {
  let ok = true;
  // Per address entry, the aggregation may not be shorter than the entry's
  // widest prefix; a range's narrower pieces are then aggregated (e.g. the /32
  // and /31 pieces of a range under aggregationLength 30).
  const widest = new Map<number, PoolCIDR>();
  for (const c of pool.cidrs) {
    const w = widest.get(c.index);
    // Stryker disable next-line EqualityOperator: equivalent: pieces of one entry and one length give the same message (its length and its text)
    if (!w || c.prefix.len < w.prefix.len) widest.set(c.index, c);
  }
  for (const c of widest.values()) {
    const len = c.prefix.family === 4 ? ad.aggregationLength : ad.aggregationLengthV6;
    if (len < c.prefix.len) {
      const field = c.prefix.family === 4 ? 'spec.aggregationLength' : 'spec.aggregationLengthV6';
      diags.error(ad.ref, field, `aggregation length ${len} is shorter than the /${c.prefix.len} prefix of "${c.source}" in IPAddressPool "${pool.name}"`);
      ok = false;
    }
  }
  if (ad.serviceSelectors.length > 0) return ok;
  for (const other of pool.bgpAdvertisements) {
    if (other.serviceSelectors.length > 0) continue;
    if (!compatibleLocalPref(ad, other, pool, ctx.nodes)) {
      diags.error(ad.ref, 'spec.localPref', `localPref ${ad.localPref} conflicts with localPref ${other.localPref} of BGPAdvertisement "${other.name}" on IPAddressPool "${pool.name}": advertisements of one pool may differ in localPref only with different aggregation lengths, disjoint peers or disjoint nodes`);
      ok = false;
    }
  }
  return ok;
}

/**
 * MetalLB's BGPAdvertisementsHaveCompatibleLocalPref: two advertisements of a
 * pool may set different local preferences only when their aggregation
 * differs (for every family the pool has), their peer lists are disjoint, or
 * they select disjoint nodes. Without Node objects two advertisements are
 * taken to meet unless their node selectors exclude each other.
 */
export function compatibleLocalPref(a: BGPAdvertisement, b: BGPAdvertisement, pool: Pool, nodes: NodeInfo[] | undefined): boolean {
  if (a.localPref === b.localPref) return true;
  const hasV4 = pool.cidrs.some((c) => c.prefix.family === 4);
  const hasV6 = pool.cidrs.some((c) => c.prefix.family === 6);
  // Stryker disable next-line BooleanLiteral,ConditionalExpression,LogicalOperator: unreachable: a pool without addresses is refused before advertisements are compared on it
  if (!hasV4 && !hasV6) return true;
  const diff4 = a.aggregationLength !== b.aggregationLength;
  const diff6 = a.aggregationLengthV6 !== b.aggregationLengthV6;
  if ((diff4 && !hasV6) || (diff6 && !hasV4) || (diff4 && diff6)) return true;
  if (a.peers.length > 0 && b.peers.length > 0 && !a.peers.some((p) => b.peers.includes(p))) return true;
  if (nodes === undefined) return !selectionsCanMeet(a.nodeSelectors, b.nodeSelectors);
  return !nodes.some((n) => selectsNode(a.nodeSelectors, n.labels) && selectsNode(b.nodeSelectors, n.labels));
}

/** BFD echo mode is refused towards peers that would receive IPv6 prefixes (validation.go validateConfig). */
function checkBFDEcho(ctx: AdvContext, diags: Diagnostics): void {
  const echo = new Set(ctx.bfdProfiles.filter((b) => b.echoMode).map((b) => b.name));
  // Stryker disable next-line ConditionalExpression: equivalent: a shortcut; without echo profiles no peer matches below
  if (echo.size === 0) return;
  for (const pool of ctx.pools) {
    if (!pool.cidrs.some((c) => c.prefix.family === 6)) continue;
    for (const ad of pool.bgpAdvertisements) {
      const peers = ad.peers.length === 0 ? ctx.peers : ctx.peers.filter((p) => ad.peers.includes(p.name));
      for (const peer of peers) {
        if (peer.bfdProfile && echo.has(peer.bfdProfile)) {
          diags.error(peer.ref, 'spec.bfdProfile', `BFDProfile "${peer.bfdProfile}" has echo mode on, which cannot be used towards a peer receiving IPv6 prefixes (IPAddressPool "${pool.name}" via BGPAdvertisement "${ad.name}")`);
        }
      }
    }
  }
}

/** L2Advertisements are validated and passed through; they announce nothing over BGP. */
export function parseL2Advertisements(crs: L2Advertisement[], pools: Pool[], diags: Diagnostics): void {
  for (const cr of crs) {
    const ref = refOf(cr);
    const s = cr.spec ?? {};
    for (const d of duplicates(s.ipAddressPools)) diags.error(ref, 'spec.ipAddressPools', `duplicate entry "${d}"`);
    checkSelectors(s.ipAddressPoolSelectors, 'spec.ipAddressPoolSelectors', ref, diags);
    checkSelectors(s.nodeSelectors, 'spec.nodeSelectors', ref, diags);
    checkSelectors(s.serviceSelectors, 'spec.serviceSelectors', ref, diags);
    (s.preferredNodeSelectors ?? []).forEach((p, i) => checkSelector(p.preference, `spec.preferredNodeSelectors[${i}].preference`, ref, diags));
    (s.ipAddressPools ?? []).forEach((p, i) => {
      if (!pools.some((x) => x.name === p)) diags.error(ref, `spec.ipAddressPools[${i}]`, `IPAddressPool "${p}" does not exist`);
    });
  }
}
