import { cspReportsFile, describeCspReport, readCspReports } from './csp-reports.ts';

/** Reports travel after the violation; give the last ones a moment to land before reading. */
const SETTLE_MS = 1500;

/**
 * Playwright globalTeardown: fail the run when any page or worker violated the production
 * Content-Security-Policy, listing each violation, so no spec has to check it itself.
 */
export default async function cspTeardown(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const reports = readCspReports();
  if (reports.length === 0) return;
  const list = reports.map((r) => `  - ${describeCspReport(r)}`).join('\n');
  throw new Error(`${reports.length} Content-Security-Policy violation(s) during the browser tests (${cspReportsFile()}):\n${list}`);
}
