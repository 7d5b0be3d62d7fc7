// BFD profile settings: the same seven fields in MetalLB's BFDProfile spec
// and in frr-k8s' FRRConfiguration spec.bgp.bfdProfiles (their ranges are in
// schemas.ts, one schema for both). Everything that copies, compares or
// renders a profile goes through this list.
import type { Static } from '@sinclair/typebox';
import type { bfdSettings } from './schemas.ts';

/** Every setting, in the order of the CRDs. */
export const BFD_SETTINGS = ['receiveInterval', 'transmitInterval', 'detectMultiplier', 'echoInterval', 'echoMode', 'passiveMode', 'minimumTtl'] as const;
export type BFDSetting = (typeof BFD_SETTINGS)[number];

/** The settings that are on or off; the others are numbers. */
export type BFDFlag = 'echoMode' | 'passiveMode';
const isNumberSetting = (k: BFDSetting): k is Exclude<BFDSetting, BFDFlag> => k !== 'echoMode' && k !== 'passiveMode';
export const BFD_NUMBER_SETTINGS = BFD_SETTINGS.filter(isNumberSetting);

/** A profile's settings, as both APIs write them. */
export type BFDSettings = Static<typeof bfdSettings>;

/** The settings of `keys` that `p` has, in list order; absent ones stay absent. */
export function pickBFDSettings(p: BFDSettings, keys: readonly BFDSetting[] = BFD_SETTINGS): BFDSettings {
  const out: Record<string, number | boolean> = {};
  for (const k of keys) {
    const v = p[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
