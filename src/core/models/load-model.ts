/**
 * Artifact -> model. The one way a stored, bundled or imported model comes back to life: the
 * kind's own `load` reads only what its `save` wrote, and nothing in an artifact is run as code.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { benchtopError } from '../errors.ts';
import type { ModelArtifact } from './artifact.ts';
import { getModel, modelKinds } from './registry.ts';
import type { TrainedModel } from './types.ts';

export async function loadModel(artifact: ModelArtifact, tf: typeof tfjs): Promise<TrainedModel> {
  const kind: unknown = typeof artifact === 'object' && artifact !== null ? artifact.kind : undefined;
  if (typeof kind !== 'string' || !(modelKinds() as string[]).includes(kind))
    throw benchtopError('model_artifact_invalid', {
      model: typeof kind === 'string' ? kind : 'unknown',
      field: 'kind',
      reason: `${typeof kind === 'string' ? `"${kind}"` : 'a missing kind'} is not a model kind this version knows (${modelKinds().join(', ')})`,
    });
  return getModel(kind).load(artifact, tf);
}
