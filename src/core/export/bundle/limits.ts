/**
 * Size limits a bundle must keep before anything in it is inflated or parsed. Sizes are
 * checked as declared in the zip's central directory, then again while inflating (an entry
 * that inflates past its declared size is stopped there), so a zip bomb costs at most a little
 * more than the limits.
 */
export interface BundleLimits {
  /** The zip file itself. */
  maxBundleBytes: number;
  /** Entries in the zip. */
  maxEntries: number;
  /** All entries together, uncompressed. */
  maxTotalBytes: number;
  /** One model blob (model/<name>), uncompressed. */
  maxBlobBytes: number;
  /** pipeline.json, model/model.json, contract.json. */
  maxJsonBytes: number;
  /** manifest.json, spec.json, model-card.md, examples.csv. */
  maxTextBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = Object.freeze({
  maxBundleBytes: 256 * MiB,
  maxEntries: 512,
  maxTotalBytes: 512 * MiB,
  maxBlobBytes: 256 * MiB,
  maxJsonBytes: 64 * MiB,
  maxTextBytes: 4 * MiB,
});

export function resolveLimits(limits: Partial<BundleLimits> = {}): BundleLimits {
  return { ...DEFAULT_BUNDLE_LIMITS, ...limits };
}
