/**
 * Hand-written validation of a decoded link payload. Only allow-listed fields are copied into a
 * fresh object; anything else (unknown keys, `__proto__`/`constructor`/`prototype` keys at any
 * depth, wrong types, too many entries) is refused with link_invalid naming the field. The spec
 * goes through the studio's own spec parser, as every untrusted spec does.
 */
import { checkUrl } from '../data/fetch-url.ts';
import type { ColumnKind } from '../data/types.ts';
import { benchtopError, isBenchtopError } from '../errors.ts';
import { parseSpec } from '../spec/parse.ts';
import type { ContractColumn, ExpectedResult, ShareLink, ShareSource } from './types.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 24;
const MAX_COLUMNS = 2000;
const MAX_METRICS = 200;
const KINDS: readonly ColumnKind[] = ['numeric', 'categorical', 'boolean', 'datetime', 'text'];
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
const FINGERPRINT = /^[0-9a-f]{64}$/;
const SAMPLE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const METRIC_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

const invalid = (field: string, reason: string) => benchtopError('link_invalid', { field, reason });

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function object(v: unknown, field: string): Plain {
  if (!isPlain(v)) throw invalid(field, `must be an object, not ${describe(v)}`);
  return v;
}

function onlyKeys(o: Plain, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) throw invalid(join(field, key), 'unknown field');
}

function string(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string') throw invalid(field, `must be text, not ${describe(v)}`);
  if (v.length === 0 || v.length > max) throw invalid(field, `must be 1 to ${max} characters long`);
  return v;
}

const join = (field: string, key: string | number): string => (field === '(root)' ? String(key) : `${field}.${key}`);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object of another kind' : `a ${typeof v}`;
}

/**
 * Refuse prototype-bending keys and absurd nesting anywhere, before any field is read. Iterative:
 * a hostile payload must not be able to exhaust the stack.
 */
function checkTree(value: unknown): void {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '(root)', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) throw invalid(path, `nests deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: join(path, i), depth: depth + 1 }));
      continue;
    }
    if (!isPlain(v)) throw invalid(path, 'must be plain JSON');
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) throw invalid(join(path, key), `the key "${key}" is not allowed`);
      stack.push({ v: v[key], path: join(path, key), depth: depth + 1 });
    }
  }
}

export function validateShareLink(value: unknown): ShareLink {
  checkTree(value);
  const root = object(value, '(root)');
  onlyKeys(root, ['format', 'spec', 'source', 'contract', 'expected', 'benchtop'], '(root)');
  if (root.format !== 1) throw invalid('format', root.format === undefined ? 'missing' : 'must be 1');
  const link: ShareLink = {
    format: 1,
    spec: spec(root.spec),
    source: source(root.source),
    contract: contract(root.contract),
  };
  if (root.expected !== undefined) link.expected = expected(root.expected);
  if (root.benchtop !== undefined) {
    const v = string(root.benchtop, 'benchtop', 64);
    if (!/^[0-9A-Za-z.+-]+$/.test(v)) throw invalid('benchtop', 'must be a version such as 0.1.0');
    link.benchtop = v;
  }
  return link;
}

function spec(v: unknown): ShareLink['spec'] {
  const o = object(v, 'spec');
  if ('search' in o) throw invalid('spec.search', 'a link shares one run, not a hyperparameter search');
  const data = object(o.data, 'spec.data');
  const fingerprint = string(data.fingerprint, 'spec.data.fingerprint', 64);
  if (!FINGERPRINT.test(fingerprint)) throw invalid('spec.data.fingerprint', 'must be a SHA-256 fingerprint (64 lowercase hex digits)');
  let parsed;
  try {
    parsed = parseSpec(o);
  } catch (e) {
    if (!isBenchtopError(e)) throw invalid('spec', 'not a valid experiment spec');
    throw invalid(e.location.field ? `spec.${e.location.field}` : 'spec', e.message);
  }
  // A fresh copy: nothing of the input object survives into what the studio runs.
  return JSON.parse(JSON.stringify(parsed)) as ShareLink['spec'];
}

function source(v: unknown): ShareSource {
  const o = object(v, 'source');
  switch (o.kind) {
    case 'sample': {
      onlyKeys(o, ['kind', 'id'], 'source');
      const id = string(o.id, 'source.id', 64);
      if (!SAMPLE_ID.test(id)) throw invalid('source.id', 'must be a sample id such as "penguins"');
      return { kind: 'sample', id };
    }
    case 'url': {
      onlyKeys(o, ['kind', 'url'], 'source');
      const url = string(o.url, 'source.url', 2048);
      try {
        checkUrl(url);
      } catch (e) {
        throw invalid('source.url', isBenchtopError(e) ? e.message : 'not a web address');
      }
      return { kind: 'url', url };
    }
    case 'file':
      onlyKeys(o, ['kind'], 'source');
      return { kind: 'file' };
    default:
      throw invalid('source.kind', 'must be "sample", "url" or "file"');
  }
}

function contract(v: unknown): ContractColumn[] {
  if (!Array.isArray(v)) throw invalid('contract', `must be a list, not ${describe(v)}`);
  if (v.length > MAX_COLUMNS) throw invalid('contract', `lists more than ${MAX_COLUMNS} columns`);
  return v.map((item, i) => {
    const field = `contract.${i}`;
    const o = object(item, field);
    onlyKeys(o, ['name', 'kind'], field);
    const name = string(o.name, `${field}.name`, 1024);
    if (!KINDS.includes(o.kind as ColumnKind)) throw invalid(`${field}.kind`, `must be one of ${KINDS.join(', ')}`);
    return { name, kind: o.kind as ColumnKind };
  });
}

function expected(v: unknown): ExpectedResult {
  const o = object(v, 'expected');
  onlyKeys(o, ['metrics', 'backend', 'adapter', 'runtime'], 'expected');
  const backend = string(o.backend, 'expected.backend', 16);
  if (!BACKENDS.includes(backend)) throw invalid('expected.backend', `must be one of ${BACKENDS.join(', ')}`);
  const extra: Pick<ExpectedResult, 'adapter' | 'runtime'> = {};
  if (o.adapter !== undefined) {
    const adapter = string(o.adapter, 'expected.adapter', 128);
    if (!/^[\x20-\x7e]+$/.test(adapter)) throw invalid('expected.adapter', 'must be plain printable text');
    extra.adapter = adapter;
  }
  if (o.runtime !== undefined) {
    if (o.runtime !== 'browser' && o.runtime !== 'node') throw invalid('expected.runtime', 'must be "browser" or "node"');
    extra.runtime = o.runtime;
  }
  const raw = object(o.metrics, 'expected.metrics');
  const keys = Object.keys(raw);
  if (keys.length > MAX_METRICS) throw invalid('expected.metrics', `lists more than ${MAX_METRICS} metrics`);
  const metrics: Record<string, number> = {};
  for (const key of keys) {
    if (!METRIC_NAME.test(key)) throw invalid(`expected.metrics.${key.slice(0, 64)}`, 'is not a metric name');
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`expected.metrics.${key}`, `must be a finite number, not ${describe(value)}`);
    metrics[key] = value;
  }
  return { metrics, backend, ...extra };
}
