export type { ContractColumn, ExpectedResult, ShareLink, ShareLinkOutput, ShareSource } from './types.ts';
export { LINK_BUDGET, LINK_PREFIX, LINK_ROUTE, encodeShareLink, fragmentOf, shareLinkOutput, shareUrl } from './encode-share-link.ts';
export { MAX_INFLATED_BYTES, decodeShareLink, inflateCapped, parseShareFile, readShareLink } from './decode-share-link.ts';
export { validateShareLink } from './validate-share-link.ts';
export { buildShareLink, type ShareLinkInput } from './build-share-link.ts';
export { checkSharedData, type ProvidedData } from './check-shared-data.ts';
export { compareMetrics, describeMeasured, sameBackend, type MeasuredOn, type MetricComparison, type MetricDifference } from './compare-metrics.ts';
