// Regression tests for issue 9 (adversarial and careless inputs): each
// describe block is one numbered defect, reproduced first, then fixed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import { renderCommand } from '../../fn/render.ts';
import { DirSource } from '../../src/agent/dirsource.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { requireBuild, run, tempDir } from '../lib/fixtures.ts';
import { RAW_SECRETS } from '../lib/secrets.ts';

// Test names in ASCII: a raw line or paragraph separator (U+2028, U+2029,
// U+0085) in a name breaks TAP readers (the mutation run's tap runner).
const shown = (v: string): string => JSON.stringify(v).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const list = (items: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`;
const stdin = (text: string) => () => text;
// Most inputs here hold no MetalLB configuration on purpose: allowEmpty keeps
// them from being refused for that ("no MetalLB configuration found").
const ALLOW_EMPTY_FC = 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {allowEmpty: "true"}\n';
const listAllowingEmpty = (items: string) => list(items) + ALLOW_EMPTY_FC;
const buildAllowingEmpty = (args: string[], text: string) => runBuild([...args, '--env-prefix', 'T_'], stdin(text), { T_ALLOW_EMPTY: 'true' });

describe('1. an FRRConfiguration without spec', () => {
  const doc = 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: custom, namespace: frr-k8s-system}\n';

  it('is an empty configuration for the function and build, as for render (no crash)', async () => {
    const fn = runFunction(listAllowingEmpty(`- ${doc.replace(/\n(?=.)/g, '\n  ')}`));
    assert.equal(fn.code, 0, fn.stderr);
    assert.equal(fn.stderr, '');
    const build = buildAllowingEmpty(['-'], doc);
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /name: custom/);
    const render = await renderCommand(['--node', 'n1'], doc);
    assert.equal(render.code, 0, render.stderr);
  });

  it('meets generated configurations like one that selects every node', () => {
    const peer = 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1}\n';
    const r = runBuild(['-'], stdin(`${peer}---\n${doc}`), {});
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('2. deeply nested input', () => {
  const nested = (levels: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };
  // A ConfigMap whose data nests `levels` deep below the document (ResourceList → items → item → data: 3 more).
  const item = (levels: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep', annotations: { note: 'x' } }, data: { k: nested(levels) } });
  const resourceList = (levels: number) => ({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [item(levels)], functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { allowEmpty: 'true' } } });
  const oneLine = (stderr: string) => {
    assert.equal(stderr.split('\n').filter(Boolean).length, 1, stderr);
    assert.match(stderr, /^error: .*nested more than 200 levels deep\n$/);
  };

  for (const levels of [900, 3000]) {
    it(`${levels} levels: one clean error line from the function (JSON and YAML), build and render`, async () => {
      const json = JSON.stringify(resourceList(levels));
      const fnJSON = runFunction(json);
      assert.equal(fnJSON.code, 1);
      oneLine(fnJSON.stderr);
      const flow = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${JSON.stringify(item(levels))}]\n`;
      const fnYAML = runFunction(flow);
      assert.equal(fnYAML.code, 1);
      oneLine(fnYAML.stderr);
      const build = runBuild(['-'], stdin(JSON.stringify(item(levels))), {});
      assert.equal(build.code, 1);
      oneLine(build.stderr);
      const render = await renderCommand(['--node', 'n1'], JSON.stringify(item(levels)));
      assert.equal(render.code, 2);
      oneLine(render.stderr);
    });
  }

  it('the agent reading files: a conversion problem, not a crash', () => {
    const t = tempDir('deep');
    try {
      writeFileSync(join(t.dir, 'deep.yaml'), JSON.stringify(item(3000)));
      const src = new DirSource(t.dir, 'frr-k8s-system', { name: 'n1', labels: {} }, 1000, memoryLogger(), () => undefined);
      src.poll();
      assert.deepEqual(src.snapshot()?.problems, ['deep.yaml: not valid YAML (document 1): maps and lists are nested more than 200 levels deep']);
    } finally {
      t.cleanup();
    }
  });

  it('up to the limit the input passes through whole', () => {
    const r = runFunction(JSON.stringify(resourceList(196)));
    assert.equal(r.code, 0, r.stderr);
    const y = runFunction(r.stdout);
    assert.equal(y.code, 0, y.stderr);
    assert.equal(y.stdout, r.stdout);
    assert.equal(buildAllowingEmpty(['-'], JSON.stringify(item(197))).code, 0);
  });
});

describe('3. a router with 130,000 prefixes', () => {
  it('render prints every network (no stack overflow from a spread)', async () => {
    const prefixes = Array.from({ length: 130_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
    const cfg = {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: 'huge', namespace: 'frr-k8s-system' },
      spec: { bgp: { routers: [{ asn: 64512, prefixes, neighbors: [{ address: '10.255.0.1', asn: 65000, toAdvertise: { allowed: { mode: 'all' } } }] }] } },
    };
    const r = await renderCommand(['--node', 'n1'], JSON.stringify(cfg));
    assert.equal(r.code, 0, r.stderr.slice(0, 300));
    assert.equal(r.stdout.match(/^  network /gm)?.length, 130_000);
  });
});

describe('4. secrets in raw configuration', () => {
  const rawConfig = RAW_SECRETS.map(([l]) => l).join('\n');
  const cfg = `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: raw, namespace: frr-k8s-system}\nspec:\n  raw:\n    rawConfig: ${JSON.stringify(rawConfig)}\n`;

  it('render without --secrets redacts every secret keyword FRR has; with --secrets they are there', async () => {
    const r = await renderCommand(['--node', 'n1'], cfg);
    assert.equal(r.code, 0, r.stderr);
    for (const [, secret] of RAW_SECRETS) assert.ok(!r.stdout.includes(secret), `${secret} leaked:\n${r.stdout}`);
    // Each line keeps its command up to the secret keyword.
    assert.equal(r.stdout.match(/<redacted>$/gm)?.length, RAW_SECRETS.length, r.stdout);
    const shown = await renderCommand(['--node', 'n1', '--secrets'], cfg);
    for (const [, secret] of RAW_SECRETS) assert.ok(shown.stdout.includes(secret));
  });
});

describe('5. parser messages quote no values', () => {
  const SECRET = 'Hunter2-s3cret';
  const noSecret = (r: { stdout: string; stderr: string }) => {
    assert.ok(!r.stderr.includes(SECRET) && !r.stdout.includes(SECRET), `leaked: ${r.stderr}`);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
  };
  const secretDoc = (value: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: frr-k8s-system}\nstringData:\n  password: ${value}\n`;

  for (const value of [`>${SECRET}`, `|${SECRET}`, `@${SECRET}`, `"${SECRET}\\q"`, `"${SECRET}`, `[${SECRET}`, `${SECRET}: x: y`]) {
    it(`password: ${value} — function, build, render and the agent say what and where, not the value`, async () => {
      const fn = runFunction(list(`- ${secretDoc(value).replace(/\n(?=.)/g, '\n  ')}`));
      assert.equal(fn.code, 1);
      noSecret(fn);
      assert.match(fn.stderr, /^error: input is not valid YAML: .* \(line \d+, column \d+\)\n$/);
      const build = runBuild(['-'], stdin(secretDoc(value)), {});
      assert.equal(build.code, 1);
      noSecret(build);
      const render = await renderCommand(['--node', 'n1'], secretDoc(value));
      assert.equal(render.code, 2);
      noSecret(render);
      const t = tempDir('yamlerr');
      try {
        writeFileSync(join(t.dir, 's.yaml'), secretDoc(value));
        const src = new DirSource(t.dir, 'frr-k8s-system', { name: 'n1', labels: {} }, 1000, memoryLogger(), () => undefined);
        src.poll();
        const problems = src.snapshot()?.problems ?? [];
        assert.equal(problems.length, 1);
        assert.ok(!problems[0].includes(SECRET), problems[0]);
      } finally {
        t.cleanup();
      }
    });
  }

  it('a block scalar header with extra text gets its own hint', () => {
    const r = runBuild(['-'], stdin(secretDoc(`>${SECRET}`)), {});
    assert.equal(r.stderr, 'error: stdin: not valid YAML: a value starting with > or | starts a block of text on the next lines; quote it (line 5, column 14)\n');
  });

  it('a duplicate key is named (keys are quoted, values never)', () => {
    const r = runBuild(['-'], stdin(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: ${SECRET}\n  k: other\n`), {});
    assert.equal(r.stderr, 'error: stdin: not valid YAML: the key "k" appears twice in one map (line 6, column 3)\n');
  });

  it('JSON that does not parse: the position, not the text around it', () => {
    const r = runFunction(`{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"password": ${SECRET}}]}`);
    assert.equal(r.code, 1);
    noSecret(r);
    assert.match(r.stderr, /^error: input is not valid JSON/);
  });

  it('an item that is a plain string (or number) is described, never echoed', () => {
    const whole = `apiVersion: v1 kind: Secret stringData: password: ${SECRET}`.repeat(20);
    for (const item of [JSON.stringify(whole), '123456789']) {
      const r = runFunction(list(`- ${item}\n`));
      assert.equal(r.code, 1);
      noSecret(r);
      assert.ok(!r.stderr.includes('123456789'));
      assert.match(r.stderr, /^error: ResourceList\.items\[0\] is a (string|number), not a Kubernetes object\n$/);
    }
    const top = runFunction(JSON.stringify(whole));
    noSecret(top);
    assert.match(top.stderr, /^error: input is a string, not a/);
  });
});

describe('6. explicit tags and number spellings are echoed as written', () => {
  const ITEM = [
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata: {name: spellings}',
    '  data:',
    '    a: !!str 12',
    '    b: !!int "12"',
    "    c: !!float '1.5'",
    '    d: !!bool true',
    '    e: !!null ~',
    '    f: 1e3',
    '    g: 0x1F',
    '    h: +12',
    '    i: .5',
    '    j: 123456789012345678901234567890',
    '    k: True',
    '    l: NULL',
    '    m: !custom tagged',
    '    n: "caf\\u00e9 \\x41"',
    "    o: 'it''s'",
    '    p: |+',
    '      kept',
    '',
    '    q: >-',
    '      folded',
    '      text',
    '',
  ].join('\n');

  it('the function echoes every input item byte for byte (before the generated ones), and again on its own output', () => {
    const input = listAllowingEmpty(ITEM);
    const r = runFunction(input);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${ITEM}`), r.stdout.slice(0, 800));
    assert.equal(runFunction(r.stdout).stdout, r.stdout);
  });

  it('build echoes the document as written', () => {
    const doc = ITEM.replace(/^- /, '').replace(/\n {2}/g, '\n');
    const r = buildAllowingEmpty(['-'], doc);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith(doc), r.stdout.slice(0, 600));
  });

  for (const [value, tag, what] of [
    ['!!int 10.0.0.1', '!!int', 'an integer'],
    ['!!float abc', '!!float', 'a number'],
    ['!!bool yes', '!!bool', 'true or false'],
    ['!!null foo', '!!null', 'null'],
    ['!!int 1.5', '!!int', 'an integer'],
  ]) {
    it(`peerAddress: ${value} is refused naming the tag and the place, not rewritten (function, build)`, () => {
      const col = '  peerAddress: '.length + tag.length + 2; // where the tagged value starts (1-based)
      const peer = `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec:\n  myASN: 64512\n  peerASN: 65000\n  peerAddress: ${value}\n`;
      const fn = runFunction(list(`- ${peer.replace(/\n(?=.)/g, '\n  ')}`));
      assert.equal(fn.code, 1);
      assert.equal(fn.stdout, '');
      assert.equal(fn.stderr, `error: input is not plain data: a value tagged ${tag} is not ${what} (line 10, column ${col + 2})\n`);
      const build = runBuild(['-'], stdin(peer), {});
      assert.equal(build.code, 1);
      assert.equal(build.stderr, `error: stdin: not plain data: a value tagged ${tag} is not ${what} (line 7, column ${col})\n`);
    });
  }

  it('a number JSON cannot hold (.nan, .inf, 1e400) is refused, as kubectl refuses it', () => {
    for (const v of ['.nan', '.inf', '-.Inf', '1e400']) {
      const r = runFunction(list(`- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {x: ${v}}}\n`));
      assert.equal(r.code, 1, v);
      assert.match(r.stderr, /^error: input is not plain data: a number that JSON cannot hold/);
    }
    assert.equal(runFunction('{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"x": 1e400}}]}').code, 1);
  });
});

describe('7. line separators inside comments', () => {
  for (const [name, sep] of [['a bare CR', '\r'], ['U+2028', '\u2028'], ['U+2029', '\u2029'], ['NEL', '\u0085']]) {
    it(`${name} in a comment: the function and build are idempotent, the comment unchanged`, () => {
      const comment = `# before${sep}after`;
      const input = list(`- ${comment}\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a ${comment}\n  ${comment}\n  data: {}\nfunctionConfig:\n  ${comment}\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {allowEmpty: "true"}\n`);
      const once = runFunction(input);
      assert.equal(once.code, 0, once.stderr);
      const twice = runFunction(once.stdout);
      assert.equal(twice.stdout, once.stdout);
      assert.equal(runFunction(twice.stdout).stdout, once.stdout);
      assert.equal(once.stdout.split(comment).length - 1, 4, once.stdout);
      const doc = `${comment}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a} ${comment}\n`;
      const b1 = buildAllowingEmpty(['-'], doc);
      assert.equal(b1.code, 0, b1.stderr);
      assert.equal(buildAllowingEmpty(['-'], b1.stdout).stdout, b1.stdout);
      assert.equal(b1.stdout.split(comment).length - 1, 2, b1.stdout);
    });
  }
});

describe('8. names that would forge diagnostic lines; a namespace that is not a string', () => {
  const FORGED = ['\nerror: forged', '\rerror: forged', '\u2028error: forged', '\u2029error: forged', '\u0085error: forged', '\x1b[2Kerror: forged'];
  const oneLinePerDiagnostic = (stderr: string) => {
    for (const line of stderr.split('\n').filter(Boolean)) {
      assert.match(line, /^(error|warning|info): /, JSON.stringify(line));
      assert.ok(!/[\r\u2028\u2029\u0085\x1b]/.test(line), JSON.stringify(line));
      assert.ok(!line.startsWith('error: forged'));
    }
  };

  for (const bad of FORGED) {
    it(`kind, name and namespace with ${shown(bad.slice(0, 1))}: one line per diagnostic (function, build, render)`, async () => {
      const pool = (field: 'kind' | 'name') =>
        JSON.stringify({
          apiVersion: 'metallb.io/v1beta1',
          kind: `IPAddressPool${field === 'kind' ? bad : ''}`,
          metadata: { name: `p${field === 'name' ? bad : ''}`, namespace: 'metallb-system' },
          spec: { addresses: ['bad'] },
        });
      const fn = runFunction(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [JSON.parse(pool('kind')), JSON.parse(pool('name'))] }));
      assert.equal(fn.code, 1);
      oneLinePerDiagnostic(fn.stderr);
      for (const r of (parse(fn.stdout) as { results: Array<{ message: string; field?: { path: string } }> }).results) {
        assert.ok(!/[\n\r\u2028\u2029\u0085\x1b]/.test(r.message + (r.field?.path ?? '')), JSON.stringify(r));
      }
      const build = runBuild(['-'], stdin(`${pool('kind')}\n---\n${pool('name')}\n`), {});
      assert.equal(build.code, 1);
      oneLinePerDiagnostic(build.stderr);
      const cfg = JSON.stringify({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: `c${bad}`, namespace: `other${bad}` } });
      const render = await renderCommand(['--node', 'n1'], cfg);
      oneLinePerDiagnostic(render.stderr);
      assert.match(render.stderr, /^warning: /);
    });
  }

  it('a namespace that is a map: an error naming the field; resourceRef fields stay strings, no [object Object]', async () => {
    const item = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', namespace: { x: 1 } }, spec: { addresses: ['10.0.0.0/24'] } };
    const fn = runFunction(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [item] }));
    assert.equal(fn.code, 1);
    assert.ok(!fn.stderr.includes('[object Object]') && !fn.stdout.includes('[object Object]'), fn.stderr);
    assert.match(fn.stderr, /^error: IPAddressPool p metadata\.namespace: must be a string$/m);
    for (const r of (parse(fn.stdout) as { results: Array<{ resourceRef?: Record<string, unknown> }> }).results) {
      for (const v of Object.values(r.resourceRef ?? {})) assert.equal(typeof v, 'string');
    }
    const cfg = JSON.stringify({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'c', namespace: { a: 1 } } });
    const render = await renderCommand(['--node', 'n1'], cfg);
    assert.ok(!render.stderr.includes('[object Object]'), render.stderr);
  });
});

describe('10. render --hostname and --node: names FRR refuses are usage errors', () => {
  const cfg = 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: c, namespace: frr-k8s-system}\n';
  for (const bad of ['\\', '.', "'", '$(reboot)', '-x', '!x', 'a b', 'é', 'x'.repeat(256), '']) {
    it(`--hostname ${shown(bad.slice(0, 12))}: exit 2, one line`, async () => {
      const r = await renderCommand(['--node', 'n1', `--hostname=${bad}`], cfg);
      assert.equal(r.code, 2, r.stdout);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: --hostname: .* is not a hostname FRR takes .*\n$/);
    });
  }
  for (const bad of ['\\', '.', "'", '$(reboot)', 'Upper', 'a_b', 'x'.repeat(254)]) {
    it(`--node ${shown(bad.slice(0, 12))}: exit 2, one line`, async () => {
      const r = await renderCommand([`--node=${bad}`], cfg);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, /^error: --node: .* is not a node name .*\n$/);
    });
  }
  it('names FRR takes still render: a DNS node name, a hostname with dots and digits', async () => {
    assert.equal((await renderCommand(['--node', 'worker-1.example.com'], cfg)).code, 0);
    const r = await renderCommand(['--node', 'n1', '--hostname', '9host.example'], cfg);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^hostname 9host\.example$/m);
  });
});

describe('9. the function refuses what the node would refuse', () => {
  const peer = (extra: string) => `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1${extra}}\n`;
  const build = (docs: string[]) => runBuild(['-'], stdin(docs.join('---\n')), {});

  for (const name of ['a b', 'x'.repeat(65), '!bfd', 'tab\tx']) {
    it(`a BFDProfile named ${shown(name.slice(0, 10))}: an error on metadata.name`, () => {
      const r = build([`apiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata: {name: ${JSON.stringify(name)}, namespace: metallb-system}\n`, peer(`, bfdProfile: ${JSON.stringify(name)}`)]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: BFDProfile metallb-system\/.* metadata\.name: a BFD profile name becomes FRR's profile name: /m);
    });
  }

  for (const name of ['a b', 'Node_1', 'n'.repeat(64), "o'brien"]) {
    it(`a Node named ${shown(name.slice(0, 10))}: an error on metadata.name`, () => {
      const r = build([`apiVersion: v1\nkind: Node\nmetadata: {name: ${JSON.stringify(name)}}\n`, peer('')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: Node .* metadata\.name: a Node name must be a DNS name of at most 63 characters/m);
    });
  }

  for (const [what, secret] of [
    ['a space', 'stringData: {password: "has space"}'],
    ['81 characters', `stringData: {password: ${'p'.repeat(81)}}`],
    ['non-ASCII', 'stringData: {password: pässword}'],
    ['bad base64', 'data: {password: "not base64!"}'],
  ]) {
    it(`a password Secret whose value has ${what}: an error naming the Secret, never the value`, () => {
      const r = build([`apiVersion: v1\nkind: Secret\nmetadata: {name: pw, namespace: frr-k8s-system}\ntype: kubernetes.io/basic-auth\n${secret}\n`, peer(', passwordSecret: {name: pw, namespace: frr-k8s-system}')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: BGPPeer metallb-system\/p .*spec\.passwordSecret: Secret frr-k8s-system\/pw(: the password| data\.password is not valid base64)/m);
      assert.ok(!/has space|ppppp|pässword|not base64!/.test(r.stderr), r.stderr);
    });
  }

  it('an EndpointSlice endpoint on a node name no Node can have is not counted (a warning), not put in a selector', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec: {type: LoadBalancer, externalTrafficPolicy: Local}\nstatus: {loadBalancer: {ingress: [{ip: 10.10.0.7}]}}\n';
    const slice = 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}\nendpoints: [{addresses: [10.244.0.1], nodeName: "a b", conditions: {ready: true}}]\n';
    const pool = 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: pool, namespace: metallb-system}\nspec: {addresses: [10.10.0.0/24]}\n';
    const adv = 'apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: adv, namespace: metallb-system}\n';
    const r = runBuild(['-', '--advertise', 'services'], stdin([pool, peer(''), adv, svc, slice].join('---\n')), {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: EndpointSlice default\/web-1 .*endpoints\[0\]\.nodeName: is not a node name/);
    assert.ok(!r.stdout.includes('- a b'), 'the bad name reached a selector');
  });
});

describe('11. a pool of every address (a default route) is refused unless allowed', () => {
  const peer = 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1}\n';
  const adv = 'apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: adv, namespace: metallb-system}\n';
  const pool = (address: string, extra = '') => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: everything, namespace: metallb-system}\nspec: {addresses: [fd00:9::/64, ${JSON.stringify(address)}]${extra}}\n`;
  const only = (address: string) => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: everything, namespace: metallb-system}\nspec: {addresses: [${JSON.stringify(address)}]}\n`;

  for (const [address, extra] of [['0.0.0.0/0', ''], ['::/0', ''], ['0.0.0.0-255.255.255.255', ''], ['0.0.0.0/0', ', autoAssign: false']]) {
    it(`${address}${extra}: an error naming the pool and the address, in pools and services mode`, () => {
      for (const mode of ['pools', 'services']) {
        const r = runBuild(['-', '--advertise', mode], stdin([peer, adv, pool(address, extra)].join('---\n')), {});
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, /^error: IPAddressPool metallb-system\/everything \(stdin \(document 3\)\) spec\.addresses\[1\]: .*default route.*allowDefaultRoute/m);
      }
    });
  }

  it('allowDefaultRoute: true (typed config or ConfigMap key) lets it through, announced as a default route', () => {
    const typed = 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {allowDefaultRoute: true, manifests: {enabled: false}}\n';
    const r = runBuild(['-'], stdin([peer, adv, only('0.0.0.0/0'), typed].join('---\n')), {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /- 0\.0\.0\.0\/0/);
    const fn = runFunction(`${list(`- ${[peer, adv, only('0.0.0.0/0')].map((d) => d.replace(/\n(?=.)/g, '\n  ')).join('- ')}`)}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {allowDefaultRoute: "true"}\n`);
    assert.equal(fn.code, 0, fn.stderr);
    const bad = runFunction(`${list(`- ${peer.replace(/\n(?=.)/g, '\n  ')}`)}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {allowDefaultRoute: "yes"}\n`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /data\.allowDefaultRoute: must be "true" or "false"/);
  });
});

describe('12. an input size limit, configurable, with a clean error', () => {
  const input = listAllowingEmpty(Array.from({ length: 40 }, (_, i) => `- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}, data: {x: "${'y'.repeat(20)}"}}\n`).join(''));

  it('the function (the binary): over METALLB_FRR_MAX_INPUT_SIZE, exit 1 and one line; 0 is no limit; a bad value is a usage error', () => {
    const bin = requireBuild();
    const over = run(bin, [], { input, env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '1Ki' } });
    assert.equal(over.status, 1);
    assert.equal(over.stdout, '');
    assert.match(over.stderr, /^error: the input on stdin: more than the input limit of 1Ki; raise it with METALLB_FRR_MAX_INPUT_SIZE .*\n$/);
    assert.equal(run(bin, [], { input, env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '0' } }).status, 0);
    assert.equal(run(bin, [], { input, env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '64Mi' } }).status, 0);
    const bad = run(bin, [], { input, env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: 'lots' } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^error: METALLB_FRR_MAX_INPUT_SIZE: "lots" is not a size/);
  });

  it('the binary stops reading at the limit (a stream larger than memory would allow ends at once)', () => {
    const big = 'x'.repeat(8 << 20);
    const r = run(requireBuild(), ['build', '-'], { input: big, env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '1Mi' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: the input on stdin: more than the input limit of 1Mi/);
  });

  it('build: --max-input-size for stdin and for a directory; render: --max-input-size (exit 2)', async () => {
    const docs = Array.from({ length: 40 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
    const b = runBuild(['-', '--max-input-size=1Ki'], stdin(docs), {});
    assert.equal(b.code, 1);
    assert.match(b.stderr, /^error: the input on stdin: more than the input limit of 1Ki/);
    assert.equal(buildAllowingEmpty(['-', '--max-input-size', '1Mi'], docs).code, 0);
    assert.equal(runBuild(['-'], stdin(docs), { METALLB_FRR_MAX_INPUT_SIZE: '100' }).code, 1);
    assert.equal(runBuild(['-', '--max-input-size=9x'], stdin(docs), {}).code, 2);
    const t = tempDir('limit');
    try {
      writeFileSync(join(t.dir, 'a.yaml'), docs);
      const d = runBuild([t.dir, '--max-input-size=1Ki'], stdin(''), {});
      assert.equal(d.code, 1);
      assert.match(d.stderr, /^error: the files under .*: more than the input limit of 1Ki/);
    } finally {
      t.cleanup();
    }
    const r = await renderCommand(['--node', 'n1', '--max-input-size=1Ki'], docs);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: the input on stdin: more than the input limit of 1Ki/);
  });
});

describe('4 (continued). raw configuration with control characters', () => {
  it('a keyword glued to the word before it (a line FRR refuses, echoed back) is still redacted, as the reloader redacts it', async () => {
    const cfg = JSON.stringify({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'raw', namespace: 'frr-k8s-system' }, spec: { raw: { rawConfig: ' xkey-string Glued-s3cret\n ip ospfauthentication-key Glued-s3cret2' } } });
    const r = await renderCommand(['--node', 'n1'], cfg);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('Glued-s3cret'), r.stdout);
  });

  for (const [what, raw] of [['a CR (CRLF line ends)', 'router bgp 64512\r\n neighbor 10.0.0.1 password Hidden-by-cr\r\n'], ['a CR inside a keyword', ' isis p\rassword md5 Hidden-by-cr'], ['an escape', ' key-\x1b[2Kstring Hidden-by-esc']]) {
    it(`${what}: refused by render and the function (FRR cannot read it, and the keyword hides from redaction)`, async () => {
      const cfg = JSON.stringify({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'raw', namespace: 'frr-k8s-system' }, spec: { raw: { rawConfig: raw } } });
      const r = await renderCommand(['--node', 'n1'], cfg);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: FRRConfiguration frr-k8s-system\/raw spec\.raw\.rawConfig: line \d+ has a control character/);
      assert.ok(!/Hidden-by/.test(r.stderr));
      const b = runBuild(['-'], stdin(cfg), {});
      assert.equal(b.code, 1);
      assert.match(b.stderr, /spec\.raw\.rawConfig: line \d+ has a control character/);
    });
  }
});

describe('9 (continued). a hand-written FRRConfiguration that meets no generated one', () => {
  it('is still checked on its own: what render refuses, the function refuses', async () => {
    const cfg = 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: custom, namespace: frr-k8s-system}\nspec: {bgp: {routers: [{asn: 64512, prefixes: [10.0.0.1/24]}]}}\n';
    const render = await renderCommand(['--node', 'n1'], cfg);
    assert.equal(render.code, 1);
    const b = runBuild(['-'], stdin(cfg), {});
    assert.equal(b.code, 1, b.stdout.slice(0, 200));
    assert.match(b.stderr, /^error: FRRConfiguration frr-k8s-system\/custom .*spec\.bgp\.routers\[0\]\.prefixes\[0\]: "10\.0\.0\.1\/24" has host bits set/m);
  });
});

describe('6 (continued). an item the parser read with a line left of its map', () => {
  // Found by the fuzz test: one space typed before `functionConfig:`. The
  // parser takes ` functionConfig` for a top-level key of its own; the last
  // item's piece runs to the end, and cut and moved right, that line made the
  // item's keys its siblings (duplicate keys on the next read).
  const INPUT = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: metallb.io/v1beta2\n  kind: BGPPeer\n  metadata:\n    name: tor\n    namespace: metallb-system\n  spec:\n    myASN: 64512\n    peerASN: 65000\n    peerAddress: 10.0.0.1\n    passwordSecret:\n      name: tor-pw\n      namespace: frr-k8s-system\n    bfdProfile: fast\n- apiVersion: metallb.io/v1beta2\n  kind: Secret\n  metadata:\n    name: spine\n    namespace: metallb-system\n  spec:\n    myASN: 64512\n    peerASN: 65001\n    peerAddress: fd00::1\n    password: Fz-Inline-passw0rd\n    nodeSelectors:\n    - matchLabels: 100000196\n- apiVersion: metallb.io/v1beta1\n  kind: BGPAdvertisement\n  metadata:\n    name: adv\n    namespace: metallb-system\n  spec:\n    ipAddressPools:\n    - pool\n    communities:\n    - \"65000:1\"\n    localPref: 100\n- apiVersion: metallb.io/v1beta1\n  kind: BFDProfile\n  metadata:\n    name: fast\n    namespace: metallb-system\n  spec:\n    receiveInterval: 100\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: n1\n    labels:\n      rack: r1\n- apiVersion: frrk8s.metallb.io/v1beta1\n  kind: FRRConfiguration\n  metadata:\n    name: custom\n    namespace: frr-k8s-system\n  spec:\n    raw:\n      rawConfig: |-\n        password Vty-s3cret-1\n        enable password 8 Enc-s3cret-2\n         neighbor 10.0.0.7 password Bgp-s3cret-3\n         neighbor 10.0.0.8 password Ldp-s3cret-4\n         msdp peer 10.0.0.9 password Msdp-s3cret-5\n         area-password md5 Isis-s3cret-6 authenticate snp validate\n         domain-password clear Isis-s3cret-7\n         isis password md5 Isis-s3cret-8\n         ip ospf authentication-key Ospf-s3cret-9\n         ip ospf message-digest-key 1 md5 Ospf-s3cret-10\n         area 0 virtual-link 10.1.1.1 message-digest-key 2 md5 Ospf-s3cret-11\n         area 0 virtual-link 10.1.1.2 authentication-key Ospf-s3cret-12\n         ipv6 ospf6 authentication key-id 3 hash-algo hmac-sha-256 key Ospf6-s3cret-13\n          key-string Chain-s3cret-14\n         ip rip authentication string Rip-s3cret-15\n         ip nhrp authentication Nhrp-s3cret-16\n           tcp-md5-auth Pcep-s3cret-17\n      priority: 5\n    bgp:\n      routers:\n      - asn: 64512\n        prefixes:\n        - 10.201.0.0/24\n        neighbors:\n        - address: 10.0.0.1\n          asn: 65000\n          toAdvertise:\n            allowed:\n              prefixes:\n              - 10.201.0.0/24\n\u2028functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cfg\n  data:\n    manifests: \"false\"\n";

  it('is printed instead of cut; the output reads back as the input, and again as itself', () => {
    const r = runFunction(INPUT);
    assert.equal(r.code, 1); // a Secret kind under metallb.io: an error, the items written back
    const items = (parse(r.stdout, { uniqueKeys: true }) as { items: unknown[] }).items;
    assert.deepEqual(items, (parse(INPUT) as { items: unknown[] }).items);
    assert.equal(runFunction(r.stdout).stdout, r.stdout);
  });
});

describe('crashes on values that are maps where text goes (found by npm run fuzz)', () => {
  const evil = { toString: null };
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a Service whose loadBalancerClass is a map', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer', loadBalancerClass: evil } }],
    ['an EndpointSlice whose service-name label is a map', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default', labels: { 'kubernetes.io/service-name': evil } }, endpoints: [] }],
    ['a Secret whose namespace is a map', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: evil } }],
    ['a Service whose namespace is a map', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: evil }, spec: { type: 'LoadBalancer' } }],
  ];
  for (const [what, obj] of cases) {
    it(`${what}: results, not a TypeError (function and build, both modes)`, () => {
      for (const advertise of ['pools', 'services']) {
        const items = [obj, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { addresses: ['10.1.0.0/24'] } }];
        const fn = runFunction(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { advertise } } }));
        assert.ok(fn.code === 0 || fn.code === 1, fn.stderr);
        assert.ok(!fn.stderr.includes('[object Object]'), fn.stderr);
        const b = runBuild(['-', `--advertise=${advertise}`], stdin(items.map((o) => JSON.stringify(o)).join('\n---\n')), {});
        assert.ok(b.code === 0 || b.code === 1, b.stderr);
      }
    });
  }
});
