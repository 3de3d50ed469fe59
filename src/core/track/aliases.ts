/**
 * Aliases: stable names ("champion", "staging") that point at a version number of a registered
 * model, so whoever uses "churn@champion" follows the promotion without changing anything.
 *
 * Every move (set, move, remove) writes an aliasEvents row in the same transaction as the
 * change, with who and why: the log is the audit trail and the way back. Rolling back is an
 * ordinary move to where the alias pointed before the last move, logged like any other.
 * Setting an alias to where it already points changes nothing and logs nothing.
 *
 * Alias names start with a lowercase letter, so "name@3" always means version 3 and never an
 * alias; "latest" is reserved for the newest version.
 */
import { Dexie } from 'dexie';
import { benchtopError } from '../errors.ts';
import type { BenchtopDb } from './db.ts';
import { checkModelName, checkText, getModelVersion, getRegisteredModel, MAX_BY_CHARS, MAX_NOTE_CHARS, registryWrite, versionsOf } from './registry.ts';
import { modelVersionId, type AliasEvent, type ModelVersionRecord, type RegisteredModelRecord } from './registry-types.ts';

export const ALIAS = /^[a-z][a-z0-9_-]{0,31}$/;
const RESERVED = new Set(['latest']);

export function checkAlias(alias: unknown): string {
  if (typeof alias !== 'string') throw benchtopError('model_alias_invalid', { alias: String(alias), reason: 'it must be text' });
  if (RESERVED.has(alias)) throw benchtopError('model_alias_invalid', { alias, reason: `"${alias}" is reserved (name@${alias} always means the newest version)` });
  if (!ALIAS.test(alias)) throw benchtopError('model_alias_invalid', { alias, reason: /^[0-9]/.test(alias) ? 'it starts with a digit, which would read as a version number' : 'it has characters or a length that are not allowed' });
  return alias;
}

export interface SetAliasInput {
  name: string;
  alias: string;
  /** The version number to point at; null removes the alias. */
  version: number | null;
  by?: string;
  note?: string;
  now?: () => number;
}

export interface AliasChange {
  model: RegisteredModelRecord;
  /** The logged move; null when the alias already pointed there (nothing changed). */
  event: AliasEvent | null;
}

/** Points `alias` at a version (which must exist) or removes it, logging the move. */
export async function setAlias(db: BenchtopDb, input: SetAliasInput): Promise<AliasChange> {
  const alias = checkAlias(input.alias);
  const by = checkText(input.by, 'changed by', MAX_BY_CHARS);
  const note = checkText(input.note, 'note', MAX_NOTE_CHARS);
  if (input.version !== null && !(Number.isInteger(input.version) && input.version >= 1))
    throw benchtopError('registry_input_invalid', { field: 'version', reason: `expected a version number (1, 2, ...) or null, got ${String(input.version)}` });
  const now = input.now ?? Date.now;
  return registryWrite(() =>
    db.transaction('rw', db.registeredModels, db.modelVersions, db.aliasEvents, async (): Promise<AliasChange> => {
      const model = await getRegisteredModel(db, input.name);
      const from = model.aliases[alias] ?? null;
      const to = input.version;
      if (from === to) return { model, event: null };
      if (to !== null) await getModelVersion(db, modelVersionId(model.name, to));
      const aliases = { ...model.aliases };
      if (to === null) delete aliases[alias];
      else aliases[alias] = to;
      const next = { ...model, aliases };
      const event: AliasEvent = { name: model.name, alias, from, to, at: now(), by, note };
      event.id = await db.aliasEvents.add(event);
      await db.registeredModels.put(next);
      return { model: next, event };
    }),
  );
}

/**
 * Moves the alias back to where it pointed before its last move (or removes it, if it was new
 * then). Fails model_alias_not_found when the alias was never moved, and
 * model_version_not_found when that earlier version has since been deleted.
 */
export async function rollbackAlias(db: BenchtopDb, input: Omit<SetAliasInput, 'version'>): Promise<AliasChange> {
  const alias = checkAlias(input.alias);
  const events = await aliasHistory(db, input.name, alias);
  const last = events[events.length - 1];
  if (!last) throw benchtopError('model_alias_not_found', { name: input.name, alias });
  return setAlias(db, { ...input, alias, version: last.from, note: input.note ?? `rollback of the move to ${last.to === null ? 'nothing' : `version ${last.to}`}` });
}

/** The model's alias moves (one alias's, when given), oldest first. */
export async function aliasHistory(db: BenchtopDb, name: string, alias?: string): Promise<AliasEvent[]> {
  await getRegisteredModel(db, name);
  const events = alias
    ? await db.aliasEvents.where('[name+alias]').equals([name, alias]).toArray()
    : await db.aliasEvents.where('name').equals(name).toArray();
  return events.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

export type ModelRef = { name: string; version?: number; alias?: string };

/** "name", "name@3", "name@latest" or "name@champion" -> its parts (model_ref_invalid otherwise). */
export function parseModelRef(ref: string): ModelRef {
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const tail = at < 0 ? undefined : ref.slice(at + 1);
  try {
    checkModelName(name);
  } catch {
    throw benchtopError('model_ref_invalid', { ref });
  }
  if (tail === undefined || tail === 'latest') return { name };
  if (/^[1-9][0-9]{0,8}$/.test(tail)) return { name, version: Number(tail) };
  if (ALIAS.test(tail)) return { name, alias: tail };
  throw benchtopError('model_ref_invalid', { ref });
}

/** The version a reference names: an exact version, an alias's target, or (bare name, @latest) the newest version. */
export async function resolveModel(db: BenchtopDb, ref: string): Promise<ModelVersionRecord> {
  const parsed = parseModelRef(ref);
  const model = await getRegisteredModel(db, parsed.name);
  if (parsed.version !== undefined) return getModelVersion(db, modelVersionId(model.name, parsed.version));
  if (parsed.alias !== undefined) {
    const version = model.aliases[parsed.alias];
    if (version === undefined)
      throw benchtopError('model_alias_not_found', { name: model.name, alias: parsed.alias, aliases: Object.keys(model.aliases).sort().join(', ') || 'none' });
    return getModelVersion(db, modelVersionId(model.name, version));
  }
  const newest = await db.modelVersions.where('[name+version]').between([model.name, Dexie.minKey], [model.name, Dexie.maxKey]).last();
  if (!newest) throw benchtopError('model_version_not_found', { id: `${model.name}@latest`, reason: 'the model has no versions left' });
  return newest;
}

/** Which aliases point at each version number: for version lists. */
export async function aliasesByVersion(db: BenchtopDb, name: string): Promise<Map<number, string[]>> {
  const model = await getRegisteredModel(db, name);
  const out = new Map<number, string[]>();
  for (const v of await versionsOf(db, name)) out.set(v.version, []);
  for (const [alias, version] of Object.entries(model.aliases).sort()) out.get(version)?.push(alias);
  return out;
}
