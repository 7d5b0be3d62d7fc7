// BFDProfile: the CRD's ranges are checked by the structural validators; the
// model keeps what frr-k8s needs (internal/config/config.go bfdProfileFromCR).
import type { Diagnostics } from '../api/diagnostic.ts';
import { refOf } from '../api/k8s.ts';
import type { BFDProfileSpec, Typed } from '../api/metallb.ts';
import type { BFDProfile } from './model.ts';

export function parseBFDProfiles(crs: Array<Typed<BFDProfileSpec>>, _diags: Diagnostics): BFDProfile[] {
  return crs
    .map((cr) => {
      const s = cr.spec ?? {};
      const p: BFDProfile = {
        name: cr.metadata?.name ?? '',
        ref: refOf(cr),
        echoMode: s.echoMode ?? false,
        passiveMode: s.passiveMode ?? false,
      };
      if (s.receiveInterval !== undefined) p.receiveInterval = s.receiveInterval;
      if (s.transmitInterval !== undefined) p.transmitInterval = s.transmitInterval;
      if (s.detectMultiplier !== undefined) p.detectMultiplier = s.detectMultiplier;
      if (s.echoInterval !== undefined) p.echoInterval = s.echoInterval;
      if (s.minimumTtl !== undefined) p.minimumTtl = s.minimumTtl;
      return p;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
