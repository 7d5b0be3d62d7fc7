// Values an FRRConfiguration passes into frr.conf that MetalLB's resources
// carry too. One rule each, used where BGPPeers are read (src/metallb, at
// build time) and where FRRConfigurations are read and rendered (src/frr, in
// the agent), so that both refuse the same values with the same words. Each
// returns a sentence saying what is wrong, or undefined; none ever repeats a
// password.

/** The type a Secret holding a BGP password must have (MetalLB and frr-k8s). */
export const BASIC_AUTH_SECRET_TYPE = 'kubernetes.io/basic-auth';

/**
 * A Linux network device name (interfaces and VRFs): 1 to 15 bytes, no '/',
 * ':', whitespace or control characters, not "." or "..".
 */
export function interfaceNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (Buffer.byteLength(name) > 15) return `"${name}" is longer than 15 characters, the limit of a Linux interface name`;
  if (name === '.' || name === '..' || /[/:\s\x00-\x1f\x7f]/.test(name) || !/^[\x21-\x7e]+$/.test(name)) {
    return `"${name}" is not a valid Linux interface name (printable ASCII without '/', ':' or spaces)`;
  }
  return undefined;
}

/** TCP-MD5 keys are at most 80 bytes (TCP_MD5SIG_MAXKEYLEN). */
export const MAX_PASSWORD_LENGTH = 80;

/**
 * What is wrong with a password for FRR, in words that never include it:
 * frr.conf carries it as one token on one line.
 */
export function passwordProblem(password: string): string | undefined {
  if (password === '') return 'the password is empty';
  if (!/^[\x21-\x7e]+$/.test(password)) {
    return 'the password has characters frr.conf cannot carry (spaces, line breaks, control or non-ASCII characters); use printable ASCII without spaces';
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `the password is longer than ${MAX_PASSWORD_LENGTH} characters, the TCP-MD5 key limit`;
  return undefined;
}

/** A single token of FRR configuration: printable ASCII, no spaces. */
export function wordProblem(name: string, max = 64): string | undefined {
  if (name === '') return 'must not be empty';
  if (!/^[\x21-\x7e]+$/.test(name)) return `"${name}" must be printable ASCII without spaces`;
  if (name.length > max) return `"${name}" is longer than ${max} characters`;
  if (name.startsWith('!') || name.startsWith('#')) return `"${name}" must not start with '!' or '#' (FRR comment characters)`;
  return undefined;
}

/**
 * FRR's `hostname WORD` (lib/command.c): a word that starts with a letter or
 * a digit, at most 255 characters; vtysh refuses the whole file otherwise.
 */
export function hostnameProblem(name: string): string | undefined {
  const problem = wordProblem(name, 255);
  if (problem) return problem;
  if (!/^[A-Za-z0-9]/.test(name)) return `"${name}" must start with a letter or a digit (FRR's rule for a hostname)`;
  return undefined;
}
