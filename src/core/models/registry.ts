import { benchtopError } from '../errors.ts';
import type { ModelKind, ModelSpec, Task } from '../spec/types.ts';
import { baseline } from './baseline.ts';
import { ensemble } from './ensemble.ts';
import { gbdt } from './gbdt.ts';
import { knn } from './knn.ts';
import { linear } from './linear.ts';
import { logistic } from './logistic.ts';
import { mlp } from './mlp.ts';
import { naiveBayes } from './naive-bayes.ts';
import { randomForest } from './random-forest.ts';
import type { ModelDef } from './types.ts';

const models = new Map<string, ModelDef>(
  ([baseline, logistic, linear, mlp, knn, naiveBayes, gbdt, randomForest, ensemble] as ModelDef[]).map((m) => [m.name, m]),
);

export const modelKinds = (): ModelKind[] => [...models.keys()] as ModelKind[];

/**
 * The model registered under `kind`; with `task`, also checks the model supports it
 * (for an ensemble, that every member does: pass `members`).
 */
export function getModel(kind: string, task?: Task, members?: readonly { kind: string }[]): ModelDef<ModelSpec> {
  const m = models.get(kind);
  if (!m) throw benchtopError('unknown_model', { model: kind, available: modelKinds().join(', ') });
  if (task && !m.tasks.includes(task)) throw benchtopError('model_task_mismatch', { model: kind, task });
  if (task && members) for (const member of members) getModel(member.kind, task);
  return m;
}
