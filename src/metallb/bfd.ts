// BFDProfile: the CRD's ranges are checked by the structural validators; the
// model keeps what frr-k8s needs (internal/config/config.go bfdProfileFromCR).
import { refOf } from '../api/k8s.ts';
import type { BFDProfile as BFDProfileCR } from '../api/metallb.ts';
import type { BFDProfile } from './model.ts';
import { byName } from '../api/order.ts';

export function parseBFDProfiles(crs: BFDProfileCR[]): BFDProfile[] {
  return crs
    .map((cr) => {
      const s = cr.spec ?? {};
      return { ...s, name: cr.metadata?.name ?? '', ref: refOf(cr), echoMode: s.echoMode ?? false, passiveMode: s.passiveMode ?? false };
    })
    .sort(byName);
}
