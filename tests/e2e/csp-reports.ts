/**
 * Content-Security-Policy violations seen by the preview server during a Playwright run. The
 * preview's CSP header carries `report-uri /__csp-report`; vite.config.ts appends each report to
 * the file named by BENCHTOP_CSP_REPORTS (set in playwright.config.ts), one JSON object a line.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CSP_REPORTS_ENV = 'BENCHTOP_CSP_REPORTS';

export function cspReportsFile(): string {
  const file = process.env[CSP_REPORTS_ENV];
  if (!file) throw new Error(`${CSP_REPORTS_ENV} is not set: playwright.config.ts sets it before the preview server starts`);
  return file;
}

export interface CspReport {
  'document-uri'?: string;
  'violated-directive'?: string;
  'effective-directive'?: string;
  'blocked-uri'?: string;
  'source-file'?: string;
  'line-number'?: number;
}

export function readCspReports(file = cspReportsFile()): CspReport[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as { 'csp-report'?: CspReport } & CspReport;
      return parsed['csp-report'] ?? parsed;
    });
}

/** Keep only the reports `keep` accepts (a test removes the violation it caused on purpose). */
export function filterCspReports(keep: (r: CspReport) => boolean, file = cspReportsFile()): void {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
  const kept = lines.filter((line) => {
    const parsed = JSON.parse(line) as { 'csp-report'?: CspReport } & CspReport;
    return keep(parsed['csp-report'] ?? parsed);
  });
  fs.writeFileSync(file, kept.map((l) => l + '\n').join(''));
}

export function describeCspReport(r: CspReport): string {
  const where = r['source-file'] ? ` at ${r['source-file']}${r['line-number'] !== undefined ? `:${r['line-number']}` : ''}` : '';
  return `${r['effective-directive'] ?? r['violated-directive'] ?? '?'} blocked ${r['blocked-uri'] || '(inline)'} on ${r['document-uri'] ?? '?'}${where}`;
}

export function resetCspReports(file = cspReportsFile()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
}
