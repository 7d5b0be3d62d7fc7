// BFDProfile: the CRD's ranges are checked by the structural validators; the
// model keeps what frr-k8s needs (internal/config/config.go bfdProfileFromCR).
import { refOf } from '../api/k8s.ts';
import type { BFDProfileSpec, Typed } from '../api/metallb.ts';
import type { BFDProfile } from './model.ts';
import { byName } from '../api/order.ts';

export function parseBFDProfiles(crs: Array<Typed<BFDProfileSpec>>): BFDProfile[] {
  return crs
    .map((cr) => {
      const s = cr.spec ?? {};
      return { ...s, name: cr.metadata?.name ?? '', ref: refOf(cr), echoMode: s.echoMode ?? false, passiveMode: s.passiveMode ?? false };
    })
    .sort(byName);
}
