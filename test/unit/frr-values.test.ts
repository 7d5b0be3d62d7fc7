// src/frr/values.ts parses addresses and prefixes on its own fast paths; they
// must accept, reject and canonicalize exactly as src/api/ip.ts does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fcParams } from '../lib/property.ts';
import { formatIP, formatPrefix, parseCIDR, parseIP } from '../../src/api/ip.ts';
import { interfaceNameProblem, passwordProblem } from '../../src/api/frr-input.ts';
import { readAddress, readPrefix, sortPrefixes } from '../../src/frr/values.ts';

const addressText = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.constantFrom('010.0.0.1', '1.2.3', '256.0.0.1', '::ffff:10.0.0.1', '::FFFF:0a00:0001', 'fe80::1%eth0', ' 10.0.0.1', '2001:DB8::1', '::', '0.0.0.0', '1:2:3:4:5:6:7:8:9', ''),
);
const lenText = fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), fc.constantFrom('024', '', '-1', '8x', '00'));

describe('values: same answers as src/api/ip.ts', () => {
  it('readAddress', () => {
    fc.assert(
      fc.property(addressText, (text) => {
        const want = parseIP(text);
        const got = readAddress(text);
        if (!want) return assert.equal(got.ok, false, text);
        assert.ok(got.ok, text);
        assert.deepEqual(got.value, { text: formatIP(want.value, want.family), family: want.family });
      }),
      fcParams({ numRuns: 2000 }),
    );
  });

  it('readPrefix', () => {
    fc.assert(
      fc.property(addressText, lenText, (addr, len) => {
        const text = `${addr}/${len}`;
        const want = parseCIDR(text);
        const got = readPrefix(text);
        if (!want) return assert.equal(got.ok, false, text);
        const hostBits = parseIP(addr)!.value !== want.base;
        if (hostBits) {
          assert.ok(!got.ok && got.problem.includes('host bits'), text);
        } else {
          assert.ok(got.ok, text);
          assert.equal(got.value.text, formatPrefix(want));
          assert.deepEqual(got.value.prefix, want);
        }
      }),
      fcParams({ numRuns: 2000 }),
    );
  });

  it('sortPrefixes: numeric, IPv4 first, duplicates removed', () => {
    assert.deepEqual(sortPrefixes(['10.0.0.0/8', '2001:db8::/32', '9.0.0.0/8', '10.0.0.0/16', '10.0.0.0/8', '::/0']), ['9.0.0.0/8', '10.0.0.0/8', '10.0.0.0/16', '::/0', '2001:db8::/32']);
  });
});

describe('values: names and passwords', () => {
  it('interface names as Linux takes them', () => {
    assert.equal(interfaceNameProblem('eth0.100'), undefined);
    assert.equal(interfaceNameProblem('bond0+x'), undefined);
    for (const bad of ['', '.', '..', 'a/b', 'a:b', 'a b', 'sixteen-chars-xx', 'tab\tx', 'é']) assert.ok(interfaceNameProblem(bad), bad);
  });

  it('passwords: printable ASCII without spaces, at most 80, and never quoted back', () => {
    assert.equal(passwordProblem('Abc!#$%-_=+'), undefined);
    for (const bad of ['', 'two words', 'line\nbreak', 'ünïcode', 'x'.repeat(81)]) {
      const p = passwordProblem(bad);
      assert.ok(p, JSON.stringify(bad));
      if (bad.length > 3) assert.ok(!p.includes(bad), p);
    }
  });
});
