import 'fake-indexeddb/auto';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { backupWorkspace, sha256Hex } from '../../../src/core/track/backup.ts';
import type { BackupManifest } from '../../../src/core/track/backup-format.ts';
import { openDb, type BenchtopDb } from '../../../src/core/track/db.ts';
import { restoreWorkspace } from '../../../src/core/track/restore.ts';
import { dump, seedRunWithModel, seedWorkspace } from './fixtures.ts';

/**
 * Every damaged or crafted file is restored into a workspace that already holds data; each
 * must fail with backup_invalid naming the entry (and field), and leave the workspace as it was.
 */
let good: Uint8Array;
let dbCount = 0;
const utf8 = new TextEncoder();
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

beforeAll(async () => {
  const source = openDb('hostile-source');
  await seedWorkspace(source);
  good = await backupWorkspace(source, undefined, { partBytes: 4096 });
});

type Files = Record<string, Uint8Array>;
const unpack = (): Files => unzipSync(good);
const manifestOf = (files: Files) => JSON.parse(text(files['manifest.json'])) as BackupManifest;
const zip = (files: Files) => zipSync(files);

/** Re-signs entries after a change, as a forger who knows the format would. */
async function resign(files: Files, edit: (m: BackupManifest) => void = () => {}): Promise<Uint8Array> {
  const m = manifestOf(files);
  for (const e of m.entries) {
    const data = files[e.path];
    if (!data) continue;
    e.bytes = data.byteLength;
    e.sha256 = await sha256Hex(data);
  }
  edit(m);
  return zip({ ...files, 'manifest.json': utf8.encode(JSON.stringify(m)) });
}

const withManifest = (edit: (m: Record<string, unknown>) => void): Uint8Array => {
  const files = unpack();
  const m = manifestOf(files) as unknown as Record<string, unknown>;
  edit(m);
  return zip({ ...files, 'manifest.json': utf8.encode(JSON.stringify(m)) });
};

const firstEntry = (files: Files, table: string, kind: 'records' | 'binary' = 'records') => manifestOf(files).entries.find((e) => e.table === table && e.kind === kind)!.path;

async function target(): Promise<{ db: BenchtopDb; before: Record<string, unknown[]> }> {
  const db = openDb(`hostile-${++dbCount}`);
  await seedRunWithModel(db, 'already-here');
  return { db, before: await dump(db) };
}

async function expectRejected(bytes: Uint8Array, entry: RegExp, reason: RegExp, limits?: Parameters<typeof restoreWorkspace>[2]) {
  const { db, before } = await target();
  for (const mode of ['merge', 'replace'] as const) {
    const err = await restoreWorkspace(db, bytes, { ...limits, mode }).catch((e: unknown) => e);
    expect(err, mode).toMatchObject({ code: 'backup_invalid' });
    const message = (err as Error).message;
    expect(message).toMatch(/^The backup file is invalid at /);
    expect(message).toMatch(entry);
    expect(message).toMatch(reason);
    expect(message).toMatch(/Nothing was restored/);
    expect(await dump(db)).toEqual(before);
  }
}

describe('hostile or damaged backups are refused with nothing written', () => {
  it('the untouched file restores (the cases below differ from it in one way each)', async () => {
    const { db } = await target();
    await expect(restoreWorkspace(db, good)).resolves.toMatchObject({ mode: 'merge' });
  });

  it('not a zip at all', async () => {
    await expectRejected(utf8.encode('name,age\nana,31\n'), /\(zip\)/, /not a readable zip file/);
  });

  it('a truncated file', async () => {
    await expectRejected(good.slice(0, good.length - 200), /\(zip\)/, /not a readable zip file/);
  });

  it('no manifest', async () => {
    const files = unpack();
    delete files['manifest.json'];
    await expectRejected(zip(files), /manifest\.json/, /has no manifest/);
  });

  it('a manifest that is not JSON', async () => {
    await expectRejected(zip({ ...unpack(), 'manifest.json': utf8.encode('{"format": ') }), /manifest\.json/, /not valid UTF-8 JSON/);
  });

  it.each([
    ['format', (m: Record<string, unknown>) => void (m.format = 'zip'), /format: expected "benchtop\.workspace-backup"/],
    ['format version', (m: Record<string, unknown>) => void (m.formatVersion = 2), /formatVersion: this Benchtop reads backup format 1, the file is 2; update Benchtop/],
    ['newer schema', (m: Record<string, unknown>) => void (m.schemaVersion = 6), /schemaVersion: .* made by a newer Benchtop/],
    ['byte order', (m: Record<string, unknown>) => void (m.endianness = 'big'), /endianness: it was written on a big-endian machine/],
    ['unknown table', (m: Record<string, unknown>) => void ((m.tables as Record<string, unknown>).secrets = { count: 0 }), /tables\.secrets: "secrets" is not a table/],
    ['missing table count', (m: Record<string, unknown>) => void delete (m.tables as Record<string, unknown>).runs, /tables\.runs\.count/],
    ['wrong count', (m: Record<string, unknown>) => void ((m.tables as Record<string, { count: number }>).runs!.count += 1), /tables\.runs\.count: 5 records announced, the entries hold 4/],
    ['bad hash format', (m: Record<string, unknown>) => void ((m.entries as { sha256: string }[])[0]!.sha256 = 'abc'), /entries\[0\]\.sha256/],
    ['path not matching its entry', (m: Record<string, unknown>) => void ((m.entries as { path: string }[])[0]!.path = '../../etc/passwd'), /entries\[0\]\.path: expected "tables\//],
  ])('a bad manifest: %s', async (_name, edit, reason) => {
    await expectRejected(withManifest(edit), /manifest\.json/, reason);
  });

  it('an entry whose bytes were changed (same size)', async () => {
    const files = unpack();
    const path = firstEntry(files, 'runs');
    const altered = files[path]!.slice();
    altered[10] = altered[10] === 0x61 ? 0x62 : 0x61;
    files[path] = altered;
    await expectRejected(zip(files), new RegExp(path), /SHA-256 is .* the manifest says .*altered or damaged/);
  });

  it('a truncated entry', async () => {
    const files = unpack();
    const path = firstEntry(files, 'tableChunks', 'binary');
    files[path] = files[path]!.slice(0, files[path]!.length >> 1);
    await expectRejected(zip(files), new RegExp(path), /holds \d+ bytes, the manifest says \d+: the entry was truncated or altered/);
  });

  it('an entry the manifest does not list', async () => {
    await expectRejected(zip({ ...unpack(), 'tables/runs/9999.json': utf8.encode('[]') }), /tables\/runs\/9999\.json/, /the manifest does not list this entry/);
  });

  it('an entry of an unknown table', async () => {
    await expectRejected(zip({ ...unpack(), 'tables/secrets/0000.json': utf8.encode('[]') }), /tables\/secrets\/0000\.json/, /manifest does not list/);
  });

  it('a listed entry that is missing', async () => {
    const files = unpack();
    delete files[firstEntry(files, 'runArtifacts')];
    await expectRejected(zip(files), /tables\/runArtifacts\/0000\.json/, /listed in the manifest but missing/);
  });

  it.each(['../x', '/etc/passwd', 'tables/runs/../../x.json', 'tables\\runs\\0000.json', 'tables/runs/0000.json/', 'C:/x', 'tables/runs/0000.exe', 'extra/manifest.json'])(
    'a path trick: %s',
    async (name) => {
      await expectRejected(zip({ ...unpack(), [name]: utf8.encode('[]') }), /invalid at "/, /this is not a name a Benchtop backup holds/);
    },
  );

  it('the same entry name twice', async () => {
    // Two entries with equal-length names, one renamed in place to the other's name.
    const files = unpack();
    const bytes = zip({ ...files, 'tables/runs/0001.json': utf8.encode('[]') });
    const from = utf8.encode('tables/runs/0001.json');
    const to = utf8.encode(firstEntry(files, 'runs'));
    let replaced = 0;
    for (let i = 0; i + from.length <= bytes.length; i++)
      if (from.every((b, j) => bytes[i + j] === b)) {
        bytes.set(to, i);
        replaced++;
      }
    expect(replaced).toBe(2);
    await expectRejected(bytes, /tables\/runs\/0000\.json/, /holds this entry twice/);
  });

  it('an entry larger than the limit, refused before it is unpacked', async () => {
    await expectRejected(good, /invalid at tables\/\w+\/\d{4}\.(json|bin):/, /unpacks to \d+ bytes, over the limit of 2000/, { limits: { maxEntryBytes: 2000 } });
    await expectRejected(good, /invalid at /, /together/, { limits: { maxTotalBytes: 10_000 } });
  });

  it('a record without a required field', async () => {
    const files = unpack();
    const path = firstEntry(files, 'runs');
    const records = JSON.parse(text(files[path])) as Record<string, unknown>[];
    delete records[1]!.status;
    files[path] = utf8.encode(JSON.stringify(records));
    await expectRejected(await resign(files), new RegExp(`${path}, \\[1\\]\\.status`), /is missing/);
  });

  it('a typed array where a list of another type is required', async () => {
    const files = unpack();
    const path = firstEntry(files, 'runArtifacts');
    const records = JSON.parse(text(files[path])) as Record<string, { t?: string }>[];
    records[0]!.row!.t = 'Float64Array';
    files[path] = utf8.encode(JSON.stringify(records));
    await expectRejected(await resign(files), /\[0\]\.row/, /expected a Int32Array/);
  });

  it('a binary reference outside its part', async () => {
    const files = unpack();
    const path = firstEntry(files, 'tableChunks');
    const records = JSON.parse(text(files[path])) as { bytes: { o: number } }[];
    records[0]!.bytes.o = 1e9;
    files[path] = utf8.encode(JSON.stringify(records));
    await expectRejected(await resign(files), new RegExp(path), /lies outside the part's \d+ bytes/);
  });

  it('an unknown value tag', async () => {
    const files = unpack();
    const path = firstEntry(files, 'runs');
    const records = JSON.parse(text(files[path])) as Record<string, unknown>[];
    records[0]!.notes = { $: 'eval', v: 'alert(1)' };
    files[path] = utf8.encode(JSON.stringify(records));
    await expectRejected(await resign(files), /\[0\]\.notes/, /unknown value tag "eval"/);
  });

  it('records that do not hold together: artifacts of a run the file lacks, an alias to a missing version, a duplicate key', async () => {
    const files = unpack();
    const runsPath = firstEntry(files, 'runs');
    const runs = JSON.parse(text(files[runsPath])) as { id: string }[];
    const artifactsOf = runs.findIndex((r) => r.id === 'run-3');
    runs.splice(artifactsOf, 1);
    files[runsPath] = utf8.encode(JSON.stringify(runs));
    await expectRejected(await resign(files, (m) => void (m.tables.runs.count -= 1, m.entries.find((e) => e.path === runsPath)!.records! -= 1)), /tables\/runArtifacts/, /belongs to a run the backup does not hold/);

    const files2 = unpack();
    const modelsPath = firstEntry(files2, 'registeredModels');
    const models = JSON.parse(text(files2[modelsPath])) as { name: string; aliases: Record<string, number> }[];
    models.find((m) => m.name === 'churn')!.aliases.champion = 9;
    files2[modelsPath] = utf8.encode(JSON.stringify(models));
    await expectRejected(await resign(files2), /tables\/registeredModels/, /alias "champion" points at version 9/);

    const files3 = unpack();
    const runs3 = JSON.parse(text(files3[runsPath])) as { id: string }[];
    runs3[1]!.id = runs3[0]!.id;
    files3[runsPath] = utf8.encode(JSON.stringify(runs3));
    await expectRejected(await resign(files3), /tables\/runs/, /appears twice/);
  });

  it('a model version whose id does not match its name and number', async () => {
    const files = unpack();
    const path = firstEntry(files, 'modelVersions');
    const versions = JSON.parse(text(files[path])) as { id: string }[];
    versions[0]!.id = 'churn@7';
    files[path] = utf8.encode(JSON.stringify(versions));
    await expectRejected(await resign(files), /\[0\]\.id/, /must be name@version/);
  });
});
