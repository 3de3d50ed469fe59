/** The manifest's derived parts: the input signature from the contract, the output schema. */
import { benchtopError } from '../../errors.ts';
import type { DataContract } from '../../validate/contract/types.ts';
import type { BundleDecision, BundleManifest, InputColumn } from './types.ts';

/**
 * The model's input signature: for each raw column the pipeline reads (in its order), the
 * contract's promise about it (type, required-ness, missing share, allowed values or range).
 * Distribution references stay in contract.json: the signature is what a caller must send.
 */
export function inputSignature(contract: DataContract, features: readonly string[]): InputColumn[] {
  return features.map((name) => {
    const col = contract.columns.find((c) => c.name === name);
    if (!col) throw benchtopError('bundle_export_failed', { reason: `the data contract does not describe input column "${name}"; make the contract from the training data` });
    return {
      name: col.name,
      kind: col.kind,
      type: col.type,
      required: col.required,
      nullable: col.nullable,
      maxMissingShare: col.maxMissingShare,
      ...(col.range ? { range: { ...col.range } } : {}),
      ...(col.allowedValues ? { allowedValues: [...col.allowedValues] } : {}),
      ...(col.allowUnseen !== undefined ? { allowUnseen: col.allowUnseen } : {}),
    } as InputColumn;
  });
}

export function outputSchema(task: BundleManifest['model']['task'], target: string, classes: readonly string[] | undefined, decision?: BundleDecision): BundleManifest['output'] {
  if (task === 'regression') return { task, target, value: 'number' };
  if (!classes || classes.length < 2) throw benchtopError('bundle_export_failed', { reason: 'a classifier needs its class labels (classes)' });
  return { task, target, classes: [...classes], ...(decision ? { decision: { ...decision } } : {}) };
}
