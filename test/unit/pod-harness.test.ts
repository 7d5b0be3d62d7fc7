// The kubelet stand-in's own rules (test/e2e/lib/pod.ts), which decide what
// the pod test proves: $(VAR) expansion, a container's capabilities, and mount
// points resolved inside the image root (never through a symlink to this
// machine's /run).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { containerCapabilities, expandVars, resolveInRoot, RUNTIME_DEFAULT_CAPABILITIES } from '../e2e/lib/pod.ts';
import { tempDir } from '../lib/fixtures.ts';

describe('pod harness', () => {
  it('expands $(VAR) as the kubelet does', () => {
    const env = { NODE_NAME: 'node1', NAMESPACE: 'frr-k8s-system' };
    assert.equal(expandVars('--node-name=$(NODE_NAME)', env), '--node-name=node1');
    assert.equal(expandVars('$(NAMESPACE)/$(NODE_NAME)', env), 'frr-k8s-system/node1');
    assert.equal(expandVars('$(UNKNOWN) stays', env), '$(UNKNOWN) stays');
    assert.equal(expandVars('$$(NODE_NAME) is escaped', env), '$(NODE_NAME) is escaped');
  });

  it('gives a container the runtime defaults plus add minus drop', () => {
    assert.deepEqual(containerCapabilities(undefined), [...RUNTIME_DEFAULT_CAPABILITIES].sort());
    assert.deepEqual(containerCapabilities({ capabilities: { drop: ['ALL'] } }), []);
    assert.deepEqual(containerCapabilities({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }), ['NET_ADMIN']);
    const frr = containerCapabilities({ capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } });
    assert.ok(frr.includes('NET_ADMIN') && frr.includes('SYS_ADMIN') && frr.includes('CHOWN'));
    assert.ok(!containerCapabilities({ capabilities: { drop: ['CAP_KILL'] } }).includes('KILL'));
  });

  it('resolves mount points through the image layers\' symlinks, inside the root', () => {
    const t = tempDir('layers');
    try {
      const [top, base] = [join(t.dir, 'top'), join(t.dir, 'base')];
      mkdirSync(join(base, 'usr', 'sbin'), { recursive: true });
      mkdirSync(join(base, 'run'), { recursive: true });
      mkdirSync(top, { recursive: true });
      mkdirSync(join(base, 'var'));
      symlinkSync('/run', join(base, 'var', 'run'));
      symlinkSync('usr/sbin', join(base, 'sbin'));
      symlinkSync('../run/x', join(base, 'var', 'rel'));
      assert.equal(resolveInRoot([top, base], '/var/run/frr'), '/run/frr');
      assert.equal(resolveInRoot([top, base], '/sbin/tini'), '/usr/sbin/tini');
      assert.equal(resolveInRoot([top, base], '/var/rel/y'), '/run/x/y');
      assert.equal(resolveInRoot([top, base], '/etc/frr_reloader'), '/etc/frr_reloader');
      // The top layer decides: a directory there hides the base's symlink.
      mkdirSync(join(top, 'var', 'run'), { recursive: true });
      assert.equal(resolveInRoot([top, base], '/var/run/frr'), '/var/run/frr');
    } finally {
      t.cleanup();
    }
  });
});
