// usablePassword: one reading of a password Secret for the build (BGPPeers,
// hand-written FRRConfigurations) and the node (render): what it holds, if
// frr.conf can carry it, or one problem naming the Secret and never the value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usablePassword, type SecretObject } from '../../src/api/secret.ts';

const secret = (content: Partial<SecretObject>): SecretObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'pw', namespace: 'ns' },
  type: 'kubernetes.io/basic-auth',
  ...content,
});
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('a password frr.conf can carry is returned as it is, from data or stringData', () => {
  for (const s of [secret({ data: { password: b64('s3cret!') } }), secret({ stringData: { password: 's3cret!' } })]) {
    const got = usablePassword(s);
    assert.ok(got.ok);
    assert.equal(got.value.reveal(), 's3cret!');
  }
});

test('a Secret it cannot read, or a value frr.conf cannot carry, gives one problem that names the Secret and not the value', () => {
  const cases: [Partial<SecretObject>, string][] = [
    [{ type: 'Opaque', stringData: { password: 'hunter2' } }, 'Secret ns/pw has type Opaque; a password Secret must have type kubernetes.io/basic-auth'],
    [{ data: { password: 'not base64!' } }, 'Secret ns/pw data.password is not valid base64'],
    [{ stringData: { password: '' } }, 'Secret ns/pw: the password is empty'],
    [{ stringData: { password: 'hunter 2' } }, 'Secret ns/pw: the password has characters frr.conf cannot carry (spaces, line breaks, control or non-ASCII characters); use printable ASCII without spaces'],
    [{ data: { password: b64('h'.repeat(81)) } }, 'Secret ns/pw: the password is longer than 80 characters, the TCP-MD5 key limit'],
  ];
  for (const [content, problem] of cases) {
    // The whole problem is asserted: none of these holds the value (hunter2, hunter 2, h…).
    assert.deepEqual(usablePassword(secret(content)), { ok: false, problem });
  }
});
