import { describe, expect, it } from 'vitest';
import { datetimeParts } from '../../../../src/core/features/steps/datetime-parts.ts';
import { drop } from '../../../../src/core/features/steps/drop.ts';
import { impute } from '../../../../src/core/features/steps/impute.ts';
import { interactions } from '../../../../src/core/features/steps/interactions.ts';
import { oneHot } from '../../../../src/core/features/steps/one-hot.ts';
import { getStep, stepKinds } from '../../../../src/core/features/steps/registry.ts';
import { selectFeatures } from '../../../../src/core/features/steps/select-features.ts';
import { targetEncode } from '../../../../src/core/features/steps/target-encode.ts';
import { text } from '../../../../src/core/features/steps/text.ts';
import { transform } from '../../../../src/core/features/steps/transform.ts';
import { murmur3 } from '../../../../src/core/features/steps/util.ts';
import { isBenchtopError } from '../../../../src/core/errors.ts';
import { createRng } from '../../../../src/core/random.ts';
import { byName, close, ctx, lab, num, run, values } from './helpers.ts';

const specError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(isBenchtopError(e) && e.code).toBe('spec_invalid');
    return;
  }
  throw new Error('expected a spec_invalid error');
};

describe('registry', () => {
  it('has every spec kind, each named by its kind', () => {
    expect(stepKinds()).toEqual(['impute', 'scale', 'transform', 'one-hot', 'ordinal', 'hashing', 'target-encode', 'datetime-parts', 'bin', 'text', 'interactions', 'drop', 'select-features']);
    for (const k of stepKinds()) {
      const s = getStep(k);
      expect(s.name).toBe(k);
      expect(s.why(s.defaults({}))).toMatch(/\.$/);
      expect(s.defaults(s.defaults({}))).toEqual(s.defaults({}));
    }
  });
  it('unknown kinds are spec errors', () => specError(() => getStep('standardise')));
  it('a step given a column type it does not take is a spec error', () => {
    specError(() => getStep('scale').fit({ method: 'standard' }, [lab('c', ['a'])], ctx()));
    specError(() => getStep('one-hot').fit(getStep('one-hot').defaults({}), [num('x', [1])], ctx()));
    specError(() => datetimeParts.fit(datetimeParts.defaults({}), [num('x', [1])], ctx()));
  });
});

describe('murmur3', () => {
  it('matches the reference vectors', () => {
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('Hello, world!', 1234) >>> 0).toBe(0xfaf6cdb3);
    expect(murmur3('The quick brown fox jumps over the lazy dog', 0x9747b28c) >>> 0).toBe(0x2fa826cd);
  });
});

describe('impute edge cases', () => {
  it('no indicator without training missings; all-missing columns fill 0 / "(missing)"', () => {
    const r = run(impute, {}, [num('a', [1, 2, 3]), num('b', [null, null]), lab('c', [null, null])], [num('a', [null]), num('b', [5]), lab('c', [null])]);
    expect(r.test.map((c) => c.name)).toEqual(['a', 'b', 'b__missing', 'c', 'c__missing']);
    expect(values(r.test[0]!)).toEqual([2]);
    expect(r.state.columns[1]!.fill).toBe(0);
    expect(r.test[3]!.values).toEqual(['(missing)']);
  });
  it('a numeric strategy on labels falls back to most-frequent', () => {
    const r = run(impute, { strategy: 'mean' }, [lab('c', ['x', 'y', 'y', null])]);
    expect(r.train[0]!.values).toEqual(['x', 'y', 'y', 'y']);
  });
});

describe('transform log1p', () => {
  it('rejects negative training values and maps negative new values to NaN', () => {
    specError(() => run(transform, { method: 'log1p' }, [num('x', [1, -2])]));
    const r = run(transform, { method: 'log1p' }, [num('x', [0, 1, null])], [num('x', [-0.5, 3])]);
    close(values(r.train[0]!), [0, Math.log(2), null]);
    close(values(r.test[0]!), [null, Math.log(4)]);
  });
});

describe('one-hot', () => {
  it('missing is its own level when seen, else goes to (other); maxLevels caps', () => {
    const r = run(oneHot, { maxLevels: 2 }, [lab('c', ['a', 'a', 'b', null, null, null, 'c'])], [lab('c', [null, 'c', 'zzz', 'a'])]);
    expect(r.test.map((c) => c.name)).toEqual(['c=(missing)', 'c=a', 'c=(other)']);
    expect(values(r.test[0]!)).toEqual([1, 0, 0, 0]);
    expect(values(r.test[2]!)).toEqual([0, 1, 1, 0]);
    const r2 = run(oneHot, {}, [lab('c', ['a'])], [lab('c', [null])]);
    expect(values(byName(r2.test, 'c=(other)'))).toEqual([1]);
  });
});

describe('target-encode', () => {
  const colors = ['r', 'r', 'r', 'g', 'g', 'b', null, 'r'];
  const y = Float64Array.from([1, 0, 1, 0, 0, 1, 1, 1]);
  it('full-training encoding is the smoothed mean (by hand); unseen -> prior', () => {
    const m = 2;
    const prior = 5 / 8;
    const r = run(targetEncode, { smoothing: m }, [lab('c', colors)], [lab('c', ['r', 'g', 'b', null, 'new'])], ctx({ y, task: 'binary', k: 2 }));
    expect(r.test[0]!.name).toBe('c.target');
    close(values(r.test[0]!), [(3 + m * prior) / (4 + m), (0 + m * prior) / (2 + m), (1 + m * prior) / (1 + m), (1 + m * prior) / (1 + m), prior]);
  });
  it('multiclass gives P(class | level) per class', () => {
    const yc = Int32Array.from([0, 1, 2, 2, 2, 0, 1, 0]);
    const r = run(targetEncode, { smoothing: 0 }, [lab('c', colors)], [lab('c', ['r', 'g'])], ctx({ y: yc, task: 'multiclass', k: 3 }));
    expect(r.test.map((c) => c.name)).toEqual(['c.target=0', 'c.target=1', 'c.target=2']);
    close(r.test.map((c) => values(c)[0]!), [2 / 4, 1 / 4, 1 / 4]);
    close(r.test.map((c) => values(c)[1]!), [0, 0, 1]);
  });
  it('out-of-fold training encodings never depend on the row\'s own target', () => {
    const rng = createRng(3);
    const n = 60;
    const labels = Array.from({ length: n }, () => ['a', 'b', 'c', null][rng.int(4)]!);
    const ys = Float64Array.from({ length: n }, () => rng.normal());
    const p = targetEncode.defaults({ folds: 5, smoothing: 3 });
    const base = targetEncode.fitApply!(p, [lab('c', labels)], ctx({ y: ys, rng: createRng(11) })).columns[0]!;
    for (const i of [0, 7, 31, 59]) {
      const y2 = Float64Array.from(ys);
      y2[i] = y2[i]! + 1000;
      const again = targetEncode.fitApply!(p, [lab('c', labels)], ctx({ y: y2, rng: createRng(11) })).columns[0]!;
      expect(again.values[i]).toBe(base.values[i]);
    }
    // and differs from the in-sample encoding
    const full = targetEncode.apply(p, targetEncode.fit(p, [lab('c', labels)], ctx({ y: ys })), [lab('c', labels)])[0]!;
    expect(values(full)).not.toEqual(values(base));
  });
  it('needs a target', () => specError(() => run(targetEncode, {}, [lab('c', ['a'])])));
});

describe('datetime-parts', () => {
  it('parts, cyclical and elapsed days in UTC', () => {
    const t0 = Date.UTC(2024, 0, 1, 6); // Monday
    const t1 = Date.UTC(2024, 11, 31, 23); // Tuesday, day 366
    const r = run(datetimeParts, { parts: ['year', 'month', 'day', 'weekday', 'hour', 'dayofyear'] }, [num('d', [t1, t0, null], 'datetime')]);
    const get = (n: string) => values(byName(r.train, `d.${n}`));
    expect(get('year')).toEqual([2024, 2024, Number.NaN]);
    expect(get('month').slice(0, 2)).toEqual([12, 1]);
    expect(get('weekday').slice(0, 2)).toEqual([1, 0]);
    expect(get('dayofyear').slice(0, 2)).toEqual([366, 1]);
    close(get('month_sin'), [Math.sin((2 * Math.PI * 11) / 12), 0, null]);
    close(get('hour_cos'), [Math.cos((2 * Math.PI * 23) / 24), Math.cos((2 * Math.PI * 6) / 24), null]);
    close(get('elapsed_days'), [(t1 - t0) / 86_400_000, 0, null]);
  });
});

describe('interactions and drop', () => {
  it('pairwise products, NaN propagates', () => {
    const r = run(interactions, {}, [num('a', [1, 2, null]), num('b', [3, 4, 5]), num('c', [0, 1, 2])]);
    expect(r.train.map((c) => c.name)).toEqual(['a', 'b', 'c', 'a*b', 'a*c', 'b*c']);
    close(values(r.train[3]!), [3, 8, null]);
  });
  it('drop returns nothing', () => expect(run(drop, {}, [num('a', [1])]).train).toEqual([]));
});

describe('select-features', () => {
  const rng = createRng(5);
  const n = 300;
  const signal = Array.from({ length: n }, () => rng.normal());
  const noise = Array.from({ length: n }, () => rng.normal());
  const noise2 = Array.from({ length: n }, () => rng.normal());
  const cols = [num('noise', noise), num('signal', signal), num('noise2', noise2)];
  it('mutual-info keeps the informative column', () => {
    const y = Float64Array.from(signal, (s) => 3 * s);
    const r = run(selectFeatures, { method: 'mutual-info', k: 1 }, cols, cols, ctx({ y }));
    expect(r.state.kept).toEqual(['signal']);
    expect(r.test.map((c) => c.name)).toEqual(['signal']);
  });
  it('l1 keeps the informative columns for regression and classification', () => {
    const y = Float64Array.from(signal, (s) => 2 * s);
    expect(run(selectFeatures, { method: 'l1', alpha: 0.1 }, cols, cols, ctx({ y })).state.kept).toEqual(['signal']);
    const yb = Int32Array.from(signal, (s) => (s > 0 ? 1 : 0));
    expect(run(selectFeatures, { method: 'l1', alpha: 0.05 }, cols, cols, ctx({ y: yb, task: 'binary', k: 2 })).state.kept).toEqual(['signal']);
    const ym = Int32Array.from(signal, (s) => (s < -0.5 ? 0 : s < 0.5 ? 1 : 2));
    expect(run(selectFeatures, { method: 'l1', alpha: 0.05 }, cols, cols, ctx({ y: ym, task: 'multiclass', k: 3 })).state.kept).toEqual(['signal']);
  });
  it('keeping nothing is a spec error', () => specError(() => run(selectFeatures, { threshold: 100 }, cols)));
});

describe('text hashing', () => {
  it('is l2-normalised signed counts', () => {
    const r = run(text, { method: 'hashing', width: 8 }, [lab('t', ['a a b', null], 'text')]);
    const row0 = r.train.map((c) => values(c)[0]!);
    close([Math.hypot(...row0)], [1]);
    expect(r.train.every((c) => values(c)[1] === 0)).toBe(true);
  });
});
