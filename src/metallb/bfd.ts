// BFDProfile: the CRD's ranges are checked by the structural validators; the
// model keeps what frr-k8s needs (internal/config/config.go bfdProfileFromCR).
// The name becomes FRR's `profile NAME`, so it must be one FRR takes (a word
// of at most 64 characters, frr-bfdd.yang), as the node would refuse it.
import type { Diagnostics } from '../api/diagnostic.ts';
import { wordProblem } from '../api/frr-input.ts';
import { refOf } from '../api/k8s.ts';
import type { BFDProfile as BFDProfileCR } from '../api/metallb.ts';
import type { BFDProfile } from './model.ts';
import { byName } from '../api/order.ts';

export function parseBFDProfiles(crs: BFDProfileCR[], diags: Diagnostics): BFDProfile[] {
  for (const cr of crs) {
    // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
    const problem = wordProblem(cr.metadata?.name ?? '', 64);
    if (problem) diags.error(refOf(cr), 'metadata.name', `a BFD profile name becomes FRR's profile name: ${problem}`);
  }
  return crs
    .map((cr) => {
      const s = cr.spec ?? {};
      // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
      return { ...s, name: cr.metadata?.name ?? '', ref: refOf(cr), echoMode: s.echoMode ?? false, passiveMode: s.passiveMode ?? false };
    })
    .sort(byName);
}
