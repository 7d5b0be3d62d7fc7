// One order for names and keys: JavaScript's string comparison (UTF-16 code
// units), which for the ASCII names Kubernetes allows is Go's sort.Strings.
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Objects by their name. */
export function byName(a: { name: string }, b: { name: string }): number {
  return compareStrings(a.name, b.name);
}
