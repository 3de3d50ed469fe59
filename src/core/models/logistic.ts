import type { LogisticModel } from '../spec/types.ts';
import { trainNet } from '../train/train-net.ts';
import type { ModelDef } from './types.ts';

/** Logistic regression is the network with no hidden layer: sigmoid (binary) or softmax (multiclass). */
export const logistic: ModelDef<LogisticModel> = {
  name: 'logistic',
  tasks: ['binary', 'multiclass'],
  describe: 'Logistic regression (sigmoid / softmax) with an L2 penalty, trained with Adam.',
  fit: (spec, data, ctx) => trainNet({ ...spec, hiddenLayers: [], activation: 'relu', dropout: 0 }, data, ctx),
};
