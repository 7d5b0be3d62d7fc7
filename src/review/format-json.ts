// `diff --output json`: the schema documented in the README, versioned by
// `version`. Built field by field from the changes (never by dumping them),
// so that what a password is stays out: a password reads as its kind and
// Secret, raw configuration as redacted lines.
import type { AttributeChange, FieldChange, NeighborChange, NodeChanges, RouterChange } from './changes.ts';
import { rawDelta } from './lines.ts';
import type { PasswordModel, PrefixModel } from './model.ts';
import { DIFF_JSON_VERSION, exitCode, type DiffReport } from './report.ts';

export function formatJSON(r: DiffReport): string {
  const t = r.result.totals;
  const doc = {
    version: DIFF_JSON_VERSION,
    old: r.old,
    new: r.new,
    by: r.result.by,
    ...(r.nodesFrom ? { nodesFrom: r.nodesFrom } : {}),
    summary: {
      compared: t.compared,
      changed: t.changed,
      sessionsAdded: t.sessionsAdded,
      sessionsRemoved: t.sessionsRemoved,
      sessionsChanged: t.sessionsChanged,
      prefixesAnnounced: t.prefixesAnnounced,
      prefixesWithdrawn: t.prefixesWithdrawn,
      prefixesBefore: t.prefixesBefore,
      isolated: t.isolated,
    },
    changes: r.result.groups.map((g) => ({ members: g.members, description: g.description, ...nodeChanges(g.changes) })),
    guards: r.guards,
    exitCode: exitCode(r),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function nodeChanges(c: NodeChanges) {
  return {
    routers: c.routers.map(router),
    bfdProfiles: c.bfdProfiles.map((p) => ({ name: p.name, change: p.change, fields: p.fields.map(field) })),
    ...(c.raw ? { raw: rawDelta(c.raw.old, c.raw.new) } : {}),
  };
}

function router(r: RouterChange) {
  return { vrf: r.vrf, asn: r.asn, change: r.change, fields: r.fields.map(field), neighbors: r.neighbors.map(neighbor) };
}

function neighbor(n: NeighborChange) {
  return {
    peer: n.peer,
    kind: n.kind,
    change: n.change,
    session: n.session.map(field),
    announced: n.announced.map(prefix),
    withdrawn: n.withdrawn,
    attributes: n.attributes.map(attribute),
    ...(n.receive ? { receive: n.receive } : {}),
  };
}

function prefix(p: PrefixModel) {
  return { prefix: p.prefix, ...(p.localPref !== undefined ? { localPref: p.localPref } : {}), communities: p.communities, largeCommunities: p.largeCommunities };
}

function attribute(a: AttributeChange) {
  return a;
}

function field(f: FieldChange) {
  if (f.field !== 'password') return f;
  const p = (v: unknown) => {
    const m = v as PasswordModel;
    return m.kind === 'secret' ? { kind: 'secret', secret: m.secret } : { kind: 'cleartext' };
  };
  return {
    field: 'password',
    change: f.old === undefined ? 'added' : f.new === undefined ? 'removed' : 'changed',
    ...(f.old !== undefined ? { old: p(f.old) } : {}),
    ...(f.new !== undefined ? { new: p(f.new) } : {}),
  };
}
