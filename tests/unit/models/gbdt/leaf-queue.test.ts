/**
 * The learner's open-leaf queue pops leaves in the order its former linear scan chose them
 * (largest gain, ties to the lower id), so trees do not change with the data structure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeafQueue } from '../../../../src/core/models/gbdt/leaf-queue.ts';

/** The scan the queue replaced. */
function scanPop(open: { id: number; gain: number }[]): number {
  let at = 0;
  for (let i = 1; i < open.length; i++) {
    const a = open[i]!;
    const b = open[at]!;
    if (a.gain > b.gain || (a.gain === b.gain && a.id < b.id)) at = i;
  }
  return open.splice(at, 1)[0]!.id;
}

describe('LeafQueue', () => {
  it('pops in the linear scan order over any pushes and pops, ties included', () => {
    // Gains from a small set, so ties are common; ids distinct, pushed in any order.
    const op = fc.oneof(fc.record({ push: fc.constantFrom(0.5, 1, 1, 2, 3.25, 1e-9, 7) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 0, max: 1000 }), (ops, salt) => {
        const q = new LeafQueue();
        const ref: { id: number; gain: number }[] = [];
        let next = 0;
        for (const o of ops) {
          if ('push' in o) {
            // Ids not increasing with push order: (k * 37 + salt) mod 211 over k < 200 are distinct.
            const id = (next++ * 37 + salt) % 211;
            q.push(id, o.push);
            ref.push({ id, gain: o.push });
          } else if (ref.length > 0) expect(q.pop()).toBe(scanPop(ref));
          else expect(q.pop()).toBe(-1);
          expect(q.size).toBe(ref.length);
        }
        expect([...q.ids()].sort((a, b) => a - b)).toEqual(ref.map((r) => r.id).sort((a, b) => a - b));
        while (ref.length > 0) expect(q.pop()).toBe(scanPop(ref));
      }),
      { numRuns: 300 },
    );
  });
});
