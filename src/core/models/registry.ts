import { benchtopError } from '../errors.ts';
import type { ModelKind, ModelSpec, Task } from '../spec/types.ts';
import { baseline } from './baseline.ts';
import { linear } from './linear.ts';
import { logistic } from './logistic.ts';
import { mlp } from './mlp.ts';
import type { ModelDef } from './types.ts';

const models = new Map<string, ModelDef>(
  ([baseline, logistic, linear, mlp] as ModelDef[]).map((m) => [m.name, m]),
);

export const modelKinds = (): ModelKind[] => [...models.keys()] as ModelKind[];

export function getModel(kind: string, task?: Task): ModelDef<ModelSpec> {
  const m = models.get(kind);
  if (!m) throw benchtopError('unknown_model', { model: kind, available: modelKinds().join(', ') });
  if (task && !m.tasks.includes(task)) throw benchtopError('model_task_mismatch', { model: kind, task });
  return m;
}
