import { readFileSync } from 'node:fs';
import { ingest } from '../../src/core/data/ingest.ts';
import type { Dataset } from '../../src/core/data/types.ts';
import { createRng } from '../../src/core/random.ts';

export const fromText = (text: string, name = 'data.csv'): Promise<Dataset> => ingest(text, { name });

export const sample = (file: 'penguins.json' | 'seattle-weather.csv' | 'cars.json'): Promise<Dataset> =>
  ingest(readFileSync(new URL(`../../static/samples/${file}`, import.meta.url), 'utf8'), { name: file });

/** Two Gaussian blobs in 2-D with a categorical nuisance column: linearly separable up to noise. */
export function blobsCsv(n: number, seed: number, gap = 3): string {
  const rng = createRng(seed);
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const x1 = rng.normal() + (label ? gap : 0);
    const x2 = rng.normal() - (label ? gap : 0);
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${['red', 'green', 'blue'][rng.int(3)]},${label ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

/** y = 3*x1 - 2*x2 + 5 + noise*N(0,1). */
export function linearCsv(n: number, seed: number, noise = 0): string {
  const rng = createRng(seed);
  const lines = ['x1,x2,y'];
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal(), x2 = rng.normal();
    lines.push(`${x1},${x2},${3 * x1 - 2 * x2 + 5 + noise * rng.normal()}`);
  }
  return lines.join('\n');
}
