import { resetCspReports } from './csp-reports.ts';

/** Playwright globalSetup: start every run with no recorded CSP violations. */
export default function cspSetup(): void {
  resetCspReports();
}
