// A node's changes as indented lines, each marked + (added), - (removed),
// ~ (changed) or ' ' (context): what the text and markdown outputs print.
// Passwords read as their kind and Secret; raw configuration is redacted
// before it is compared line by line.
import { diffArrays } from 'diff';
import { BFD_NUMBER_SETTINGS } from '../api/bfd.ts';
import { redactSecretText } from '../frr/index.ts';
import type { AttributeChange, FieldChange, NeighborChange, NodeChanges, RouterChange } from './changes.ts';
import { describePassword, type BFDProfileModel, type PasswordModel, type PrefixModel, type RawModel, type ReceiveModel } from './model.ts';

export type Sign = '+' | '-' | '~' | ' ';

export interface Line {
  sign: Sign;
  depth: number;
  text: string;
}

export function changeLines(c: NodeChanges): Line[] {
  const out: Line[] = [];
  for (const r of c.routers) routerLines(r, out);
  for (const p of c.bfdProfiles) {
    const sign: Sign = p.change === 'added' ? '+' : p.change === 'removed' ? '-' : '~';
    out.push({ sign, depth: 0, text: `BFD profile ${p.name}${p.change === 'changed' ? `: ${p.fields.map(fieldText).join(', ')}` : ''}` });
  }
  if (c.raw) rawLines(c.raw.old, c.raw.new, out);
  return out;
}

function routerLines(r: RouterChange, out: Line[]): void {
  const head = `router AS ${r.asn}${r.vrf ? ` VRF ${r.vrf}` : ''}`;
  const sign: Sign = r.change === 'added' ? '+' : r.change === 'removed' ? '-' : ' ';
  out.push({ sign, depth: 0, text: head });
  for (const f of r.fields) {
    if (r.change !== 'changed' && f.field !== 'routerId') continue;
    if (f.field === 'networks' || f.field === 'imports') {
      const name = f.field === 'networks' ? 'network' : 'import VRF';
      const [added, removed] = listChange(f);
      for (const x of added) out.push({ sign: '+', depth: 1, text: `${name} ${x}` });
      for (const x of removed) out.push({ sign: '-', depth: 1, text: `${name} ${x}` });
    } else {
      out.push({ sign: r.change === 'changed' ? '~' : sign, depth: 1, text: fieldText(f) });
    }
  }
  for (const n of r.neighbors) neighborLines(n, out);
}

function neighborLines(n: NeighborChange, out: Line[]): void {
  const asn = n.session.find((f) => f.field === 'asn');
  const who = `neighbor ${n.kind === 'interface' ? `interface ${n.peer}` : n.peer}`;
  if (n.change === 'removed') {
    out.push({ sign: '-', depth: 1, text: `${who}: session removed${n.withdrawn.length ? `, ${n.withdrawn.length} prefix${n.withdrawn.length === 1 ? '' : 'es'} withdrawn` : ''}` });
    for (const p of n.withdrawn) out.push({ sign: '-', depth: 2, text: p });
    return;
  }
  if (n.change === 'added') {
    const settings = n.session.filter((f) => f.field !== 'asn').map(settingText).filter((t) => t !== '');
    out.push({ sign: '+', depth: 1, text: `${who} AS ${asnText(asn?.new)}: new session${settings.length ? ` (${settings.join(', ')})` : ''}` });
  } else {
    out.push({ sign: ' ', depth: 1, text: who });
    for (const f of n.session) out.push({ sign: '~', depth: 2, text: fieldText(f) });
  }
  for (const p of n.announced) out.push({ sign: '+', depth: 2, text: prefixText(p) });
  for (const p of n.withdrawn) out.push({ sign: '-', depth: 2, text: p });
  for (const a of n.attributes) out.push({ sign: '~', depth: 2, text: attributeText(a) });
  if (n.receive) out.push({ sign: n.change === 'added' ? '+' : '~', depth: 2, text: n.change === 'added' ? `receives ${receiveText(n.receive.new)}` : `receives ${receiveText(n.receive.old)} → ${receiveText(n.receive.new)}` });
}

function prefixText(p: PrefixModel): string {
  const attrs: string[] = [];
  if (p.localPref !== undefined) attrs.push(`localPref ${p.localPref}`);
  if (p.communities.length) attrs.push(`communities ${p.communities.join(' ')}`);
  if (p.largeCommunities.length) attrs.push(`large communities ${p.largeCommunities.join(' ')}`);
  return `${p.prefix}${attrs.length ? ` (${attrs.join(', ')})` : ''}`;
}

function attributeText(a: AttributeChange): string {
  const parts: string[] = [];
  if (a.localPref) parts.push(`localPref ${a.localPref.old ?? 'unset'} → ${a.localPref.new ?? 'unset'}`);
  const set = (label: string, c: { added: string[]; removed: string[] } | undefined) => {
    if (!c) return;
    parts.push(`${label} ${[...c.added.map((x) => `+${x}`), ...c.removed.map((x) => `-${x}`)].join(' ')}`);
  };
  set('communities', a.communities);
  set('large communities', a.largeCommunities);
  return `${a.prefix}: ${parts.join(', ')}`;
}

function receiveText(r: ReceiveModel | undefined): string {
  if (!r) return 'nothing';
  if (r.all) return 'every prefix';
  return r.filters.length ? r.filters.join(', ') : 'nothing';
}

function asnText(v: unknown): string {
  return v === 'internal' || v === 'external' ? `dynamic (${v})` : String(v);
}

function listChange(f: FieldChange): [string[], string[]] {
  const a = (f.old as string[] | undefined) ?? [];
  const b = (f.new as string[] | undefined) ?? [];
  return [b.filter((x) => !a.includes(x)), a.filter((x) => !b.includes(x))];
}

const UNITS: Record<string, string> = { holdTime: 's', keepaliveTime: 's', connectTime: 's' };

function valueText(field: string, v: unknown): string {
  if (v === undefined) return 'unset';
  if (field === 'password') return describePassword(v as PasswordModel);
  if (field === 'asn') return asnText(v);
  if (field === 'bfd') return bfdText(v as BFDProfileModel);
  if (field === 'family') return v === 'dual' ? 'IPv4+IPv6' : v === 'ipv6' ? 'IPv6' : 'IPv4';
  if (Array.isArray(v)) return v.length ? v.join(' ') : 'none';
  return `${String(v)}${UNITS[field] ?? ''}`;
}

function bfdText(p: BFDProfileModel): string {
  const values = BFD_NUMBER_SETTINGS.filter((k) => p[k] !== undefined).map((k) => `${k} ${p[k]}`);
  if (p.echoMode) values.push('echo');
  if (p.passiveMode) values.push('passive');
  return `${p.name}${values.length ? ` (${values.join(', ')})` : ''}`;
}

/** "holdTime 180s → 90s"; a password "changed", never a value. */
export function fieldText(f: FieldChange): string {
  if (f.field === 'password') {
    if (f.old === undefined) return `password added (${valueText('password', f.new)})`;
    if (f.new === undefined) return `password removed (was ${valueText('password', f.old)})`;
    const o = valueText('password', f.old);
    const n = valueText('password', f.new);
    return `password changed${o === n ? ` (${n})` : ` (${o} → ${n})`}`;
  }
  return `${f.field} ${valueText(f.field, f.old)} → ${valueText(f.field, f.new)}`;
}

/** A setting of a new session worth naming (defaults are left out). */
function settingText(f: FieldChange): string {
  const v = f.new;
  switch (f.field) {
    case 'port':
      return v === 179 ? '' : `port ${v}`;
    case 'holdTime':
    case 'keepaliveTime':
    case 'connectTime':
      return v === { holdTime: 180, keepaliveTime: 60, connectTime: 60 }[f.field] ? '' : `${f.field} ${v}s`;
    case 'ebgpMultiHop':
    case 'gracefulRestart':
      return v ? f.field : '';
    case 'family':
      return v === 'dual' ? 'IPv4+IPv6' : '';
    case 'password':
      return `password ${valueText('password', v)}`;
    default:
      return `${f.field} ${valueText(f.field, v)}`;
  }
}

/** Raw configuration, redacted, compared line by line. */
export function rawDelta(a: RawModel[], b: RawModel[]): { added: string[]; removed: string[]; note?: string } {
  const text = (rs: RawModel[]) => rs.flatMap((r) => redactSecretText(r.text.replace(/\s+$/, '')).split('\n'));
  const added: string[] = [];
  const removed: string[] = [];
  for (const p of diffArrays(text(a), text(b))) {
    if (p.added) for (const l of p.value) added.push(l);
    else if (p.removed) for (const l of p.value) removed.push(l);
  }
  if (added.length + removed.length > 0) return { added, removed };
  // The redacted texts are equal: a priority changed, or only a password.
  const priorities = (rs: RawModel[]) => rs.map((r) => r.priority).join(', ');
  if (priorities(a) !== priorities(b)) return { added, removed, note: `priorities ${priorities(a)} → ${priorities(b)}` };
  return { added, removed, note: 'a password in it changed (values not shown)' };
}

function rawLines(a: RawModel[], b: RawModel[], out: Line[]): void {
  out.push({ sign: '~', depth: 0, text: 'raw configuration' });
  const d = rawDelta(a, b);
  for (const l of d.removed) out.push({ sign: '-', depth: 1, text: l });
  for (const l of d.added) out.push({ sign: '+', depth: 1, text: l });
  if (d.note) out.push({ sign: '~', depth: 1, text: d.note });
}
