/**
 * A shareable experiment link's payload: everything needed to re-run a run elsewhere and to
 * tell whether its numbers came back. It travels compressed in the URL fragment (never the
 * query, so no server sees it) and is untrusted when it arrives: see decode-share-link.ts.
 */
import type { ColumnKind } from '../data/types.ts';
import type { ExperimentSpec } from '../spec/types.ts';

/** Where the opener gets the data. Whatever the source, the data's fingerprint must match the spec's. */
export type ShareSource =
  /** A sample bundled with Benchtop, by its id in static/samples/index.json. */
  | { kind: 'sample'; id: string }
  /** An https address the opener's browser downloads (only after the opener agrees). */
  | { kind: 'url'; url: string }
  /** A local file the opener is asked for; known only by the spec's data fingerprint (and its name, a hint). */
  | { kind: 'file' };

/** One column of the data contract the run saw: enough to say what a wrong file lacks. */
export interface ContractColumn {
  name: string;
  kind: ColumnKind;
}

/** What the run measured, and where: numbers are only expected to be identical on the same backend. */
export interface ExpectedResult {
  /** The run's held-out metrics (holdout test set or the cross-validation mean), finite numbers. */
  metrics: Record<string, number>;
  /** The backend the run trained on (webgpu, webgl, wasm, cpu). */
  backend: string;
  /** The GPU adapter, e.g. "google / swiftshader". */
  adapter?: string;
  /**
   * Where it ran: the studio in a browser, or the CLI in Node. The same backend name compiles
   * kernels differently in the two (Chromium's and Dawn's shader compilers), so the last bits can differ.
   */
  runtime?: 'browser' | 'node';
}

export interface ShareLink {
  /** Payload format version. */
  format: 1;
  /** The run's normalized spec, without `search`; `data.fingerprint` is always set. */
  spec: ExperimentSpec & { data: { fingerprint: string; name?: string } };
  source: ShareSource;
  /** The columns the spec reads (target, features, split column) with their kinds. */
  contract: ContractColumn[];
  /** Absent for a link made from a spec that was never run (benchtop link on a bare spec). */
  expected?: ExpectedResult;
  /** Benchtop version that made the link. Informational. */
  benchtop?: string;
}

/** The result of making a link: the fragment, or `tooLong` (offer the spec as a file instead). */
export interface ShareLinkOutput {
  /** The encoded payload (what follows `#/link/`); absent when tooLong. */
  fragment?: string;
  /** Encoded length in characters (also when too long). */
  length: number;
  tooLong: boolean;
  /** The payload as pretty JSON: the fallback download when the link is too long. */
  json: string;
}
