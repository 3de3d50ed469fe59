import type { MlpModel } from '../spec/types.ts';
import { netSpecOf } from '../train/build-net.ts';
import { trainNet } from '../train/train-net.ts';
import type { ModelDef } from './types.ts';

export const mlp: ModelDef<MlpModel> = {
  name: 'mlp',
  tasks: ['binary', 'multiclass', 'regression'],
  describe:
    'Multi-layer perceptron (Adam, AdamW or SGD; optional batch norm, dropout, focal / robust losses, class weights) trained on the selected backend (TensorFlow.js).',
  fit: (spec, data, ctx) => trainNet(netSpecOf(spec), data, ctx),
};
