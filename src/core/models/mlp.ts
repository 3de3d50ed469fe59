import type { MlpModel } from '../spec/types.ts';
import { trainNet } from '../train/train-net.ts';
import type { ModelDef } from './types.ts';

export const mlp: ModelDef<MlpModel> = {
  name: 'mlp',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'Multi-layer perceptron trained with Adam on the selected backend (TensorFlow.js).',
  fit: (spec, data, ctx) => trainNet(spec, data, ctx),
};
