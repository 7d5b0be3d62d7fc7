// redact.ts: secrets out of every text the agent and the tools show, by
// value (secretScrubber) and by FRR's secret keywords (redactSecretText).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redactSecretText, SECRET_KEYWORDS, secretScrubber, secretValues } from '../../src/frr/index.ts';

describe('secretScrubber', () => {
  it('a value of four characters or more is replaced wherever it occurs', () => {
    const scrub = secretScrubber(['s3cr']);
    assert.equal(scrub('password s3cr; xs3cry, s3cr'), `password ${REDACTED}; x${REDACTED}y, ${REDACTED}`);
  });

  it('a shorter value only as a whole token, so that a password "ab" does not rewrite "label" or "tab"', () => {
    const scrub = secretScrubber(['ab']);
    assert.equal(scrub('ab'), REDACTED);
    assert.equal(scrub('label tab abc'), 'label tab abc');
    for (const [open, close] of [[' ', ' '], ["'", "'"], ['"', '"'], ['`', '`'], ['(', ')'], ['[', ']'], ['{', '}'], [',', ';'], [':', '='], ['\\', '\t']]) {
      assert.equal(scrub(`x${open}ab${close}y`), `x${open}${REDACTED}${close}y`, `${open}ab${close}`);
    }
  });

  it('no values, or only empty ones: the text is returned as it is', () => {
    for (const values of [[], [''], [REDACTED]]) assert.equal(secretScrubber(values)(', a <redacted> b, '), ', a <redacted> b, ');
  });

  it('the longest value first: a secret that begins with another leaves no tail behind', () => {
    for (const values of [['abcd', 'abcdef'], ['abcdef', 'abcd']]) assert.equal(secretScrubber(values)('x abcdef y abcd'), `x ${REDACTED} y ${REDACTED}`);
  });

  it('a value is taken literally, not as a pattern', () => {
    const scrub = secretScrubber(['p.s+(s)*', 'a|b']);
    assert.equal(scrub('p.s+(s)* pXss a|b a'), `${REDACTED} pXss ${REDACTED} a`);
  });
});

describe('redactSecretText', () => {
  it('the rest of the line after each of FRR\'s secret keywords, whatever the case and the blanks between words', () => {
    const text = [
      'password zebra1',
      ' neighbor 10.0.0.1 password s3cr et',
      'ip ospf authentication-key k1',
      'ip ospf message-digest-key 1 md5 k2',
      'ipv6 ospf6 authentication key-id 1 hash-algo hmac-sha-256 key k3',
      ' key-string k4',
      'ip rip authentication string\tk5',
      'ip rip authentication \t string k5',
      'ip nhrp authentication k6',
      ' tcp-md5-auth k7',
      'PASSWORD K8',
      'xkey-string k9',
      'no secret here',
    ].join('\n');
    assert.equal(
      redactSecretText(text),
      [
        `password ${REDACTED}`,
        ` neighbor 10.0.0.1 password ${REDACTED}`,
        `ip ospf authentication-key ${REDACTED}`,
        `ip ospf message-digest-key ${REDACTED}`,
        `ipv6 ospf6 authentication key-id 1 hash-algo ${REDACTED}`,
        ` key-string ${REDACTED}`,
        `ip rip authentication string ${REDACTED}`,
        `ip rip authentication \t string ${REDACTED}`,
        `ip nhrp authentication ${REDACTED}`,
        ` tcp-md5-auth ${REDACTED}`,
        `PASSWORD ${REDACTED}`,
        `xkey-string ${REDACTED}`,
        'no secret here',
      ].join('\n'),
    );
    assert.equal(SECRET_KEYWORDS.length, 8);
  });

  it('a keyword at the end of a line, with nothing after it, is left alone', () => {
    assert.equal(redactSecretText('password\nkey-string'), 'password\nkey-string');
  });
});

describe('secretValues', () => {
  const values = (text: string) => [...secretValues(text)].sort();

  it('the word holding the secret, and the rest of the line from it when there is more', () => {
    assert.deepEqual(values(' neighbor 10.0.0.1 password s3cret'), ['s3cret']);
    assert.deepEqual(values('ip rip authentication string two words'), ['two', 'two words']);
    assert.deepEqual(values('ip ospf authentication-key k1\n key-string k2\n tcp-md5-auth k3\nip nhrp authentication k4'), ['k1', 'k2', 'k3', 'k4']);
  });

  it('words that come before the secret are skipped (md5, a key number, an algorithm), after a keyword in any case', () => {
    assert.deepEqual(values('ip ospf message-digest-key 1 md5 k2'), ['k2']);
    assert.deepEqual(values('IP OSPF MESSAGE-DIGEST-KEY 1 md5 k2'), ['k2']);
    assert.deepEqual(values('ipv6 ospf6 authentication key-id 1 hash-algo hmac-sha-256 key k3'), ['k3']);
    assert.deepEqual(values('area-password md5 k4'), ['k4']);
    assert.deepEqual(values('PASSWORD clear k5'), ['k5']);
    assert.deepEqual(values('password 8 k6'), ['k6']);
    assert.deepEqual(values('ip ospf message-digest-key 255 md5 k7'), ['k7']);
    assert.deepEqual(values('ipv6 ospf6 authentication key-id 1 hash-algo md5 key k8'), ['k8']);
  });

  it('only whole words are skipped', () => {
    assert.deepEqual(values('password x8 k'), ['x8', 'x8 k']);
    assert.deepEqual(values('password md5x k'), ['md5x', 'md5x k']);
    assert.deepEqual(values('message-digest-key 1x md5 k'), ['1x', '1x md5 k']);
    assert.deepEqual(values('message-digest-key x1 md5 k'), ['x1', 'x1 md5 k']);
    assert.deepEqual(values('hash-algo xmd5 k'), ['xmd5', 'xmd5 k']);
    assert.deepEqual(values('hash-algo md5x k'), ['md5x', 'md5x k']);
  });

  it('words are separated by any run of blanks; the rest of the line is taken with single spaces, as FRR prints it', () => {
    assert.deepEqual(values('ip rip authentication string two \t words'), ['two', 'two words']);
    assert.deepEqual(values('ip ospf message-digest-key 1  md5\t\tk9'), ['k9']);
  });

  it('the last word is the secret even when it looks like one to skip', () => {
    assert.deepEqual(values('password md5'), ['md5']);
    assert.deepEqual(values('password 8'), ['8']);
  });

  it('"neighbor password password P" (an interface named password): P, not the keyword', () => {
    assert.deepEqual(values(' neighbor password password P1'), ['P1']);
    assert.deepEqual(values(' neighbor \t password password P1'), ['P1']);
  });

  it('a keyword with nothing after it carries no secret', () => {
    assert.deepEqual(values('password \nkey-string\t\n'), []);
    assert.deepEqual(values('no secret here'), []);
  });
});
