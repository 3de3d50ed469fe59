import * as tf from '@tensorflow/tfjs';

let ready: Promise<typeof tf> | null = null;

/** tfjs on its pure-JS cpu backend: deterministic and available everywhere tests run. */
export function cpuTf(): Promise<typeof tf> {
  ready ??= tf.setBackend('cpu').then(async () => {
    await tf.ready();
    return tf;
  });
  return ready;
}
