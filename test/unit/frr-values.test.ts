// src/api/ip.ts reads addresses and prefixes on its own fast paths; they
// must accept, reject and canonicalize exactly as ipaddr.js does under Go's
// rules (four-part decimal IPv4, IPv6 without zone, IPv4-mapped IPv6 as IPv4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { fcParams } from '../lib/property.ts';
import { formatIP, formatPrefix, mask, parseCIDR, parseIP, readAddress, readPrefix, sortPrefixes, type Family } from '../../src/api/ip.ts';
import { interfaceNameProblem, passwordProblem } from '../../src/api/frr-input.ts';

/** The rules, through ipaddr.js alone. */
function referenceIP(text: string): { family: Family; value: bigint } | undefined {
  if (text.trim() !== text || text === '' || text.includes('%')) return undefined;
  let a: ipaddr.IPv4 | ipaddr.IPv6;
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    a = ipaddr.IPv6.parse(text);
  } else if (ipaddr.IPv4.isValidFourPartDecimal(text)) a = ipaddr.IPv4.parse(text);
  else return undefined;
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return { family: a.kind() === 'ipv4' ? 4 : 6, value: a.toByteArray().reduce((v, b) => (v << 8n) | BigInt(b), 0n) };
}

function referenceCIDR(text: string): { family: Family; base: bigint; len: number } | undefined {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? undefined : referenceIP(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText) || Number(lenText) > (ip.family === 4 ? 32 : 128)) return undefined;
  return { family: ip.family, base: mask(ip.value, ip.family, Number(lenText)), len: Number(lenText) };
}

const addressText = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.constantFrom('010.0.0.1', '1.2.3', '256.0.0.1', '::ffff:10.0.0.1', '::FFFF:0a00:0001', 'fe80::1%eth0', ' 10.0.0.1', '2001:DB8::1', '::', '0.0.0.0', '1:2:3:4:5:6:7:8:9', ''),
);
const lenText = fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), fc.constantFrom('024', '', '-1', '8x', '00'));

describe('ip: same answers as ipaddr.js', () => {
  it('parseIP and readAddress', () => {
    fc.assert(
      fc.property(addressText, (text) => {
        const want = referenceIP(text);
        assert.deepEqual(parseIP(text), want, text);
        const got = readAddress(text);
        if (!want) return assert.equal(got.ok, false, text);
        assert.ok(got.ok, text);
        assert.deepEqual(got.value, { text: formatIP(want.value, want.family), family: want.family });
      }),
      fcParams({ numRuns: 2000 }),
    );
  });

  it('parseCIDR and readPrefix', () => {
    fc.assert(
      fc.property(addressText, lenText, (addr, len) => {
        const text = `${addr}/${len}`;
        const want = referenceCIDR(text);
        assert.deepEqual(parseCIDR(text), want, text);
        const got = readPrefix(text);
        if (!want) return assert.equal(got.ok, false, text);
        const hostBits = referenceIP(addr)!.value !== want.base;
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
