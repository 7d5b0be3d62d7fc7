import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, contains, formatPrefix, overlaps, parseCIDR, parseIP, summarizeRange, formatIP } from '../../src/api/ip.ts';

const p = (s: string) => {
  const x = parseCIDR(s);
  assert.ok(x, `parse ${s}`);
  return x;
};

test('parseCIDR clears host bits and rejects junk', () => {
  assert.equal(formatPrefix(p('10.200.0.7/24')), '10.200.0.0/24');
  assert.equal(formatPrefix(p('2001:DB8::1/64')), '2001:db8::/64');
  for (const bad of ['10.0.0.0/33', '10.0.0/24', '10.0.0.0', 'fd00::/129', '10.0.0.0/-1', ' 10.0.0.0/8', '10.0.0.0/08x']) {
    assert.equal(parseCIDR(bad), undefined, bad);
  }
});

test('parseIP: families, IPv4-mapped IPv6 is IPv4 as in Go, zones and spaces refused', () => {
  assert.equal(parseIP('10.0.0.1')?.family, 4);
  assert.equal(parseIP('::ffff:10.0.0.1')?.family, 4);
  assert.equal(parseIP('fd00::1')?.family, 6);
  assert.equal(parseIP('fe80::1%eth0'), undefined);
  assert.equal(parseIP('10.0.0.1 '), undefined);
  assert.equal(parseIP('010.0.0.1'), undefined);
  assert.equal(formatIP(parseIP('2001:0db8:0000:0000:0000:0000:0000:0001')!.value, 6), '2001:db8::1');
});

test('summarizeRange gives the minimal covering CIDRs', () => {
  const r = (a: string, b: string) => summarizeRange(parseIP(a)!.value, parseIP(b)!.value, parseIP(a)!.family).map(formatPrefix);
  assert.deepEqual(r('10.0.0.1', '10.0.0.6'), ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
  assert.deepEqual(r('10.0.0.0', '10.0.0.255'), ['10.0.0.0/24']);
  assert.deepEqual(r('10.0.0.0', '10.0.1.127'), ['10.0.0.0/24', '10.0.1.0/25']);
  assert.deepEqual(r('0.0.0.0', '255.255.255.255'), ['0.0.0.0/0']);
  assert.deepEqual(r('fd00::', 'fd00::ff'), ['fd00::/120']);
  assert.deepEqual(r('10.0.0.5', '10.0.0.5'), ['10.0.0.5/32']);
});

test('overlaps, contains and aggregate', () => {
  assert.ok(overlaps(p('10.0.0.0/24'), p('10.0.0.128/25')));
  assert.ok(!overlaps(p('10.0.0.0/25'), p('10.0.0.128/25')));
  assert.ok(!overlaps(p('10.0.0.0/8'), p('::/0')));
  assert.ok(contains(p('10.0.0.0/8'), p('10.1.2.0/24')));
  assert.ok(!contains(p('10.1.2.0/24'), p('10.0.0.0/8')));
  assert.equal(formatPrefix(aggregate(p('10.0.0.5/32'), 30)), '10.0.0.4/30');
  assert.equal(formatPrefix(aggregate(p('10.0.0.0/24'), 32)), '10.0.0.0/24');
});
