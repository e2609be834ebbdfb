// PING's feature bits by name, in bit order (the `features` flags of kernel/usip.yaml).
export const featureNames = [
  'listeners',
  'mtab-dump',
  'mount-lookup',
  'mtab-changes',
  'fs-usage',
  'test-commands',
  'real-mtab-events',
  'real-storage-events',
] as const;

export type FeatureName = (typeof featureNames)[number];

export function featureBit(name: FeatureName): bigint {
  return 1n << BigInt(featureNames.indexOf(name));
}

export function hasFeature(features: bigint, name: FeatureName): boolean {
  return (features & featureBit(name)) !== 0n;
}

/** The names of the set bits; unknown bits as "bit N", so nothing is hidden. */
export function describeFeatures(features: bigint): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((features >> BigInt(bit)) & 1n) names.push(featureNames[bit] ?? `bit ${bit}`);
  }
  return names;
}
