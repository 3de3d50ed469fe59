import type { MlpModel } from '../spec/types.ts';
import { netSpecOf } from '../train/build-net.ts';
import { trainNet } from '../train/train-net.ts';
import { loadNet, netShapeOf, savableNet } from './net-artifact.ts';
import type { ModelDef } from './types.ts';

/** Saved in TF.js's layers format: see net-artifact.ts for the layout. */
export const mlp: ModelDef<MlpModel> = {
  name: 'mlp',
  tasks: ['binary', 'multiclass', 'regression'],
  describe:
    'Multi-layer perceptron (Adam, AdamW or SGD; optional batch norm, dropout, focal / robust losses, class weights) trained on the selected backend (TensorFlow.js).',
  async fit(spec, data, ctx) {
    const net = netSpecOf(spec);
    return savableNet(ctx.tf, await trainNet(net, data, ctx), 'mlp', netShapeOf(net, data.d, ctx.task, data.k), data, ctx.task);
  },
  load: (artifact, tf) => loadNet(tf, artifact, 'mlp'),
};
