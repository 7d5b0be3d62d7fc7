// redact.ts: secrets out of every text the agent and the tools show, by
// value (secretScrubber) and by FRR's secret keywords (redactSecretText).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, secretScrubber } from '../../src/frr/index.ts';

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
