/**
 * Student's t for the permutation-importance intervals (10 repeats: the normal 1.96 would be
 * ~13% too narrow). One implementation serves the whole evaluation module: the comparison
 * tests' distributions, matched to scipy.stats.
 */
export { studentTCdf, studentTPpf as studentTQuantile } from '../../stats/distributions.ts';
