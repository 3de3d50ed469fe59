/** Personal data: detection per column, and drop/mask/hash before a dataset is stored. */
export { detectPii } from './detect-pii.ts';
export { scrubPii, type ScrubResult } from './scrub-pii.ts';
export { generateSalt, saltedHash } from './salt.ts';
export { PII_DETECTORS, scanCell } from './detectors.ts';
export { nameHints } from './name-hints.ts';
export type {
  ColumnHints,
  DetectPiiOptions,
  PiiAction,
  PiiColumnReport,
  PiiDetector,
  PiiFinding,
  PiiKind,
  PiiNameHint,
  PiiNameHintKind,
  PiiReport,
  ScrubLogEntry,
  ScrubOptions,
} from './types.ts';
