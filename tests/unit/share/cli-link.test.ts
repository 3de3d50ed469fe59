import { openAsBlob } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkArgs, linkCommand } from '../../../src/cli/link.ts';
import { parseCommand } from '../../../src/cli/args.ts';
import { formatReplay, replayLink, runLinkArgs, type LoadFile } from '../../../src/cli/run-link.ts';
import { ingest } from '../../../src/core/data/ingest.ts';
import { isBenchtopError } from '../../../src/core/errors.ts';
import { decodeShareLink } from '../../../src/core/share/decode-share-link.ts';
import { encodeShareLink, shareUrl } from '../../../src/core/share/encode-share-link.ts';
import { PENGUINS, penguinsLink } from './fixture.ts';

const loadFile: LoadFile = async (path) => ingest(await openAsBlob(path), { name: basename(path) });
const tmp = mkdtempSync(join(tmpdir(), 'benchtop-share-'));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isBenchtopError(e)) return e.code;
    throw e;
  }
  return 'ok';
}

describe('benchtop link / run --link arguments', () => {
  it('parses the commands and refuses stray or conflicting flags', () => {
    expect(parseCommand(['link', 'spec.json', '--sample', 'penguins'])).toMatchObject({ kind: 'link', args: { spec: 'spec.json', sample: 'penguins' } });
    expect(parseCommand(['run', '--link', 'b1.x', '--data', 'a.csv'])).toMatchObject({ kind: 'run-link', args: { link: 'b1.x', data: 'a.csv', backend: 'cpu' } });
    expect(() => linkArgs({ sample: 'a', 'data-url': 'https://x.org/a.csv' }, ['link', 's.json'])).toThrow(/not both/);
    expect(() => linkArgs({}, ['link'])).toThrow(/one SPEC.json/);
    expect(() => linkArgs({ 'data-url': 'ftp://x.org/a.csv' }, ['link', 's.json'])).toThrow(/ftp/);
    expect(() => linkArgs({ base: 'not a url' }, ['link', 's.json'])).toThrow(/--base/);
    expect(() => runLinkArgs({})).toThrow(/--link URL/);
    expect(() => runLinkArgs({ link: 'x', target: 'y' })).toThrow(/--target is not a run option/);
    expect(() => runLinkArgs({ link: 'x', backend: 'gpu' })).toThrow(/--backend/);
    expect(() => parseCommand(['train', '--data', 'a.csv', '--target', 'y', '--sample', 'penguins'])).toThrow(/link option/);
  });
});

describe('benchtop link', () => {
  it('makes a link from a train --json document that carries its metrics and backend', async () => {
    const { spec } = await penguinsLink();
    const doc = { spec, metrics: { accuracy: 0.5, log_loss: 0.75 }, backend: 'cpu', dataset: { fingerprint: spec.data.fingerprint } };
    const file = join(tmp, 'run.json');
    writeFileSync(file, JSON.stringify(doc));
    const made = await linkCommand(linkArgs({ sample: 'penguins', base: 'https://example.org/app/' }, ['link', file]), loadFile);
    expect(made.output).toMatch(/^https:\/\/example\.org\/app\/#\/link\/b1\.[A-Za-z0-9_-]+\n$/);
    const link = decodeShareLink(made.output.trim());
    expect(link.source).toEqual({ kind: 'sample', id: 'penguins' });
    expect(link.expected).toEqual({ metrics: { accuracy: 0.5, log_loss: 0.75 }, backend: 'cpu', runtime: 'node' });
    expect(link.spec.model).toEqual(spec.model);
    expect(link.contract.map((c) => c.name)).toContain('Species');
  });

  it('plans a bare spec on --data and refuses data that is not the spec\'s', async () => {
    const file = join(tmp, 'spec.json');
    writeFileSync(file, JSON.stringify({ version: 1, target: 'Species', model: { kind: 'logistic', epochs: 3 } }));
    const made = await linkCommand(linkArgs({ data: PENGUINS }, ['link', file]), loadFile);
    const link = decodeShareLink(made.output);
    expect(link.source).toEqual({ kind: 'file' });
    expect(link.expected).toBeUndefined();
    expect(Array.isArray(link.spec.pipeline)).toBe(true);
    expect(await codeOf(linkCommand(linkArgs({}, ['link', file]), loadFile))).toBe('cli_usage');
    const pinned = join(tmp, 'pinned.json');
    writeFileSync(pinned, JSON.stringify({ version: 1, target: 'Species', data: { fingerprint: link.spec.data.fingerprint } }));
    expect(await codeOf(linkCommand(linkArgs({ data: 'static/samples/cars.json' }, ['link', pinned]), loadFile))).toBe('link_data_mismatch');
  });
});

describe('benchtop run --link', () => {
  it('replays a sample link, reproduces its metrics exactly, and exits 1 when they differ on the same backend', async () => {
    const { link } = await penguinsLink();
    // Learn the true metrics once, then share them: the replay must match bit for bit.
    const first = await replayLink({ link: encodeShareLink({ ...link, expected: undefined } as never), backend: 'cpu', json: false }, loadFile);
    expect(first.comparison).toBeNull();
    const shared = { ...link, expected: { metrics: first.metrics, backend: 'cpu' } };
    const replay = await replayLink({ link: shareUrl('https://example.org/', encodeShareLink(shared)), backend: 'cpu', json: false }, loadFile);
    expect(replay.comparison?.verdict).toBe('identical');
    const report = formatReplay(replay, false);
    expect(report.code).toBe(0);
    expect(report.output).toContain('reproduced: every metric is identical (same backend)');

    const off = { ...shared, expected: { metrics: { ...first.metrics, accuracy: first.metrics.accuracy! - 0.01 }, backend: 'cpu' } };
    const bad = formatReplay(await replayLink({ link: encodeShareLink(off), backend: 'cpu', json: true }, loadFile), true);
    expect(bad.code).toBe(1);
    const json = JSON.parse(bad.output) as { verdict: string; comparison: { metric: string; identical: boolean }[] };
    expect(json.verdict).toBe('not-reproduced');
    expect(json.comparison.find((r) => r.metric === 'accuracy')?.identical).toBe(false);

    // The same numbers claimed for another backend: reported, not failed.
    const other = formatReplay(await replayLink({ link: encodeShareLink({ ...off, expected: { ...off.expected, backend: 'webgpu' } }), backend: 'cpu', json: false }, loadFile), false);
    expect(other.code).toBe(0);
    expect(other.output).toContain('different backend');

    // Same backend name, but measured in a browser: Chromium's and Dawn's shader compilers differ, so not judged.
    const browser = { ...off, expected: { ...off.expected, runtime: 'browser' as const } };
    const fromBrowser = formatReplay(await replayLink({ link: encodeShareLink(browser), backend: 'cpu', json: false }, loadFile), false);
    expect(fromBrowser.code).toBe(0);
    expect(fromBrowser.output).toContain('the link\'s ran on cpu in a browser');
  }, 60_000);

  it('asks for the file of a file link and refuses a different file', async () => {
    const { link } = await penguinsLink();
    const fileLink = encodeShareLink({ ...link, source: { kind: 'file' } });
    expect(await codeOf(replayLink({ link: fileLink, backend: 'cpu', json: false }, loadFile))).toBe('cli_usage');
    expect(await codeOf(replayLink({ link: fileLink, data: 'static/samples/cars.json', backend: 'cpu', json: false }, loadFile))).toBe('link_data_mismatch');
    expect(await codeOf(replayLink({ link: 'b1.garbage!', backend: 'cpu', json: false }, loadFile))).toBe('link_corrupt');
  });

  it('replays the JSON file offered when a link would be too long, with the same checks', async () => {
    const { link } = await penguinsLink();
    const file = join(tmp, 'too-long.json');
    writeFileSync(file, JSON.stringify({ ...link, expected: undefined }, null, 2));
    const replay = await replayLink({ link: file, backend: 'cpu', json: false }, loadFile);
    expect(replay.dataset.fingerprint).toBe(link.spec.data.fingerprint);
    expect(replay.metrics.accuracy).toBeGreaterThan(0.5);
    const hostile = join(tmp, 'hostile.json');
    writeFileSync(hostile, JSON.stringify(link).replace('"format":1', '"format":1,"__proto__":{"x":1}'));
    expect(await codeOf(replayLink({ link: hostile, backend: 'cpu', json: false }, loadFile))).toBe('link_invalid');
    expect(await codeOf(replayLink({ link: join(tmp, 'missing.json'), backend: 'cpu', json: false }, loadFile))).toBe('file_read_failed');
  });
});
