import type { LogisticModel } from '../spec/types.ts';
import { netSpecOf } from '../train/build-net.ts';
import { trainNet } from '../train/train-net.ts';
import type { ModelDef } from './types.ts';

/** Logistic regression is the network with no hidden layer: sigmoid (binary) or softmax (multiclass). */
export const logistic: ModelDef<LogisticModel> = {
  name: 'logistic',
  tasks: ['binary', 'multiclass'],
  describe: 'Logistic regression (sigmoid / softmax) with L2 and proximal L1 (exact zeros) penalties, trained with Adam, AdamW or SGD.',
  fit: (spec, data, ctx) => trainNet(netSpecOf(spec), data, ctx),
};
