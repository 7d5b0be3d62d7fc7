// Secret text in FRR configuration and in what FRR's tools print about it.
//
// Two rules:
//  - by keyword (redactSecretText), on FRR configuration text and on what
//    FRR's tools print (the rendered configuration shown without --secrets,
//    frr-reload.py's output): after any keyword FRR's configuration uses for
//    a secret, the rest of the line becomes <redacted> (SECRET_KEYWORDS; the
//    reloader script, src/compile/frr-reloader.sh, applies the same list
//    with sed);
//  - by value (secretScrubber), on everything the agent stores, logs or
//    publishes: the secrets of the configurations it rendered are known
//    (secretValues), and every occurrence of one is replaced, so that a
//    secret printed where no keyword precedes it (frr-reload.py wraps long
//    lines with pformat, putting the value on a line of its own) is caught
//    too.
//
// The keywords are those of FRR's own commands that carry a secret (FRR
// prints them in clear in `show running-config`; `service
// password-encryption` only covers the vty passwords):
//   password              vty `password`, `enable password`; bgpd and ldpd
//                         `neighbor X password`; pimd `msdp peer X password`;
//                         isisd `area-password`, `domain-password`,
//                         `isis password`, `openfabric password`
//   authentication-key    ospfd `ip ospf authentication-key`, virtual links
//   message-digest-key    ospfd `ip ospf message-digest-key N md5 KEY`, virtual links
//   hash-algo             ospf6d `ipv6 ospf6 authentication key-id N hash-algo ALGO key KEY`
//   key-string            key chains (`key N` / `key-string`)
//   authentication string ripd `ip rip authentication string`
//   nhrp authentication   nhrpd `ip nhrp authentication`
//   tcp-md5-auth          pathd PCEP peers
export const REDACTED = '<redacted>';

export const SECRET_KEYWORDS = [
  'password',
  'authentication-key',
  'message-digest-key',
  'hash-algo',
  'key-string',
  'authentication string',
  'nhrp authentication',
  'tcp-md5-auth',
] as const;

const KEYWORDS = SECRET_KEYWORDS.map((k) => k.replace(/ /g, '[ \\t]+')).join('|');
// No word boundary in front, as in the reloader's sed: `xkey-string S` (a
// line FRR refuses, echoed back) is redacted too.
const KEYWORD = new RegExp(`(${KEYWORDS})[ \\t]+[^\\n]*`, 'gi');
/** The same, except a neighbour named like a keyword (`neighbor password password P`: an interface "password"). */
const SECRET_AFTER = new RegExp(`(?<!\\bneighbor[ \\t]+)(${KEYWORDS})[ \\t]+[^\\n]*`, 'gi');

/**
 * Text with the rest of the line after every secret keyword replaced by
 * <redacted>. Not only the next word: in `neighbor password password P` (an
 * interface named "password") that is the keyword, and `area-password md5 P`
 * has the secret second.
 */
export function redactSecretText(text: string): string {
  return text.replace(KEYWORD, (_, keyword: string) => `${keyword} ${REDACTED}`);
}

/** Words between a keyword and its secret (`md5` in `message-digest-key 1 md5 KEY`). */
const BEFORE_SECRET: Record<string, RegExp> = {
  password: /^(8|clear|md5)$/,
  'message-digest-key': /^(\d+|md5)$/,
  'hash-algo': /^(md5|hmac-sha-\d+|key)$/,
};

/**
 * The secrets a configuration text carries: for each keyword, the word
 * holding the secret and the rest of the line from it (bgpd's and ripd's
 * take a whole line). Used to scrub them by value.
 */
export function secretValues(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(SECRET_AFTER)) {
    const keyword = m[1].toLowerCase(); // BEFORE_SECRET's keywords are single words
    const words = m[0].slice(m[1].length).trim().split(/[ \t]+/);
    const skip = BEFORE_SECRET[keyword];
    let i = 0;
    while (skip && i < words.length - 1 && skip.test(words[i])) i++;
    const secret = words[i];
    if (!secret) continue;
    found.add(secret);
    found.add(words.slice(i).join(' ')); // the same when it is the last word
  }
  return found;
}

/**
 * A function replacing every occurrence of the given secrets by <redacted>
 * (the value rule only: text worded by this project, such as diagnostics,
 * may say "password" in a sentence). Values of four characters or more are
 * replaced wherever they occur; shorter ones only as a whole token (between
 * spaces, quotes, brackets, commas), so that a weak password such as "1" does
 * not rewrite every number. One pass: a value that is part of "<redacted>"
 * cannot rewrite a replacement.
 */
export function secretScrubber(values: Iterable<string>): (text: string) => string {
  const list = [...new Set(values)].filter((v) => v !== '').sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const edge = `\\s'"\`,;:=()[\\]{}\\\\`;
  const parts = list.map((v) => (v.length >= 4 ? escape(v) : `(?<=^|[${edge}])${escape(v)}(?=$|[${edge}])`));
  const re = new RegExp(parts.join('|'), 'g');
  return (text) => text.replace(re, REDACTED);
}
