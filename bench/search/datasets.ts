/**
 * The bench's three tasks: Palmer penguins (multiclass, bundled sample), cars (regression on
 * miles per gallon, bundled sample; the free-text car name is left out) and a synthetic
 * binary task generated here (seeded): 8 standard-normal features, the label a noisy sign of
 * x0 * x1 + sin(2 x2) + 0.5 x3^2 - 0.5 (an interaction, a wave and a bowl; x4..x7 are noise),
 * so the trees' shape and shrinkage matter.
 */
import { readFileSync } from 'node:fs';
import { ingest } from '../../src/core/data/ingest.ts';
import type { Dataset } from '../../src/core/data/types.ts';
import { createRng } from '../../src/core/random.ts';

export interface BenchTask {
  name: string;
  dataset: Dataset;
  target: string;
  features?: string[];
}

function syntheticBinaryCsv(n: number, seed: number): string {
  const rng = createRng(seed);
  const lines = ['x0,x1,x2,x3,x4,x5,x6,x7,y'];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 8 }, () => rng.normal());
    const signal = x[0]! * x[1]! + Math.sin(2 * x[2]!) + 0.5 * x[3]! ** 2 - 0.5;
    lines.push(`${x.map((v) => v.toFixed(5)).join(',')},${signal + 0.5 * rng.normal() > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

const sample = (file: string) => readFileSync(new URL(`../../static/samples/${file}`, import.meta.url), 'utf8');

export async function benchTasks(): Promise<BenchTask[]> {
  return [
    { name: 'penguins', dataset: await ingest(sample('penguins.json'), { name: 'penguins.json' }), target: 'Species' },
    {
      name: 'cars',
      dataset: await ingest(sample('cars.json'), { name: 'cars.json' }),
      target: 'Miles_per_Gallon',
      features: ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin'],
    },
    { name: 'synthetic-binary', dataset: await ingest(syntheticBinaryCsv(600, 2024), { name: 'synthetic-binary.csv' }), target: 'y' },
  ];
}
