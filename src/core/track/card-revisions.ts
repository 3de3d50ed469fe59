/**
 * The editable part of a model card: free-text sections (intended use, limitations, ethical
 * considerations, ...) written by people. Each save stores the whole set of sections as a new
 * numbered revision, so every earlier wording stays readable and who changed what is known.
 *
 * Numbers never live here: metrics, data sizes and the environment are rendered from the
 * immutable model version each time a card is shown or exported, so a card cannot drift from
 * the model it describes. Section keys are lowercase kebab-case ("intended-use").
 */
import { Dexie } from 'dexie';
import { benchtopError } from '../errors.ts';
import type { BenchtopDb } from './db.ts';
import { checkText, getModelVersion, MAX_BY_CHARS, MAX_NOTE_CHARS, registryWrite } from './registry.ts';
import type { CardRevision, ModelVersionId } from './registry-types.ts';

export const SECTION_KEY = /^[a-z][a-z0-9-]{0,47}$/;
export const MAX_SECTIONS = 32;
export const MAX_SECTION_CHARS = 20_000;

export function checkSections(sections: unknown): Record<string, string> {
  if (!sections || typeof sections !== 'object' || Array.isArray(sections))
    throw benchtopError('card_sections_invalid', { field: 'sections', reason: 'expected an object of section name -> text' });
  const entries = Object.entries(sections as Record<string, unknown>);
  if (entries.length > MAX_SECTIONS) throw benchtopError('card_sections_invalid', { field: 'sections', reason: `${entries.length} sections given; at most ${MAX_SECTIONS} are allowed` });
  const out: Record<string, string> = {};
  for (const [key, text] of entries) {
    if (!SECTION_KEY.test(key)) throw benchtopError('card_sections_invalid', { field: `"${key}"`, reason: 'a section name is a lowercase letter then up to 47 lowercase letters, digits or "-"' });
    if (typeof text !== 'string') throw benchtopError('card_sections_invalid', { field: key, reason: 'its content must be text' });
    if (text.length > MAX_SECTION_CHARS)
      throw benchtopError('card_sections_invalid', { field: key, reason: `it has ${text.length.toLocaleString('en-US')} characters; at most ${MAX_SECTION_CHARS.toLocaleString('en-US')} are allowed` });
    out[key] = text;
  }
  return out;
}

const revisionRange = (db: BenchtopDb, versionId: string) =>
  db.cardRevisions.where('[versionId+revision]').between([versionId, Dexie.minKey], [versionId, Dexie.maxKey]);

/** Stores the sections as the version's next card revision (1, 2, ...) and returns it. */
export async function saveCardSections(
  db: BenchtopDb,
  versionId: ModelVersionId | string,
  sections: Record<string, string>,
  by?: string,
  note?: string,
  now: () => number = Date.now,
): Promise<CardRevision> {
  const clean = checkSections(sections);
  const who = checkText(by, 'changed by', MAX_BY_CHARS);
  const why = checkText(note, 'note', MAX_NOTE_CHARS);
  return registryWrite(() =>
    db.transaction('rw', db.modelVersions, db.cardRevisions, async () => {
      const version = await getModelVersion(db, versionId);
      const last = await revisionRange(db, version.id).last();
      const revision: CardRevision = { versionId: version.id, revision: (last?.revision ?? 0) + 1, sections: clean, at: now(), by: who, note: why };
      revision.id = await db.cardRevisions.add(revision);
      return revision;
    }),
  );
}

/** Every revision of the version's card, oldest first. */
export async function cardRevisions(db: BenchtopDb, versionId: ModelVersionId | string): Promise<CardRevision[]> {
  await getModelVersion(db, versionId);
  return revisionRange(db, versionId).toArray();
}

/** The newest revision, or undefined while the card has no text yet. */
export async function currentCard(db: BenchtopDb, versionId: ModelVersionId | string): Promise<CardRevision | undefined> {
  await getModelVersion(db, versionId);
  return revisionRange(db, versionId).last();
}
