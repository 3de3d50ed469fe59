import type { LogisticModel } from '../spec/types.ts';
import { netSpecOf } from '../train/build-net.ts';
import { trainNet } from '../train/train-net.ts';
import { loadNet, netShapeOf, savableNet } from './net-artifact.ts';
import type { ModelDef } from './types.ts';

/**
 * Logistic regression is the network with no hidden layer: sigmoid (binary) or softmax
 * (multiclass). Saved in TF.js's layers format: see net-artifact.ts for the layout.
 */
export const logistic: ModelDef<LogisticModel> = {
  name: 'logistic',
  tasks: ['binary', 'multiclass'],
  describe: 'Logistic regression (sigmoid / softmax) with L2 and proximal L1 (exact zeros) penalties, trained with Adam, AdamW or SGD.',
  async fit(spec, data, ctx) {
    const net = netSpecOf(spec);
    return savableNet(ctx.tf, await trainNet(net, data, ctx), 'logistic', netShapeOf(net, data.d, ctx.task, data.k), data, ctx.task);
  },
  load: (artifact, tf) => loadNet(tf, artifact, 'logistic'),
};
