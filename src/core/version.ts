/** Benchtop's version as recorded in runs and bundles. Kept equal to package.json by a unit test. */
export const BENCHTOP_VERSION = '0.1.0';
