import type { ItemKey } from '../data/batch';
import type { DraftStatus } from './records';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Key builders of the legislation domain; each takes the tenant first. */
export const legislationKeys = {
  draft: (t: string, draftId: string): ItemKey => ({ pk: `${t}#DRAFT#${draftId}`, sk: 'DRAFT' }),
  draftPartition: (t: string, draftId: string) => `${t}#DRAFT#${draftId}`,
  draftList: (t: string) => `${t}#DRAFTS`,
  draftListByStatus: (t: string, status: DraftStatus) => `${t}#DRAFTS#${status}`,
  draftCounters: (t: string): ItemKey => ({ pk: `${t}#DRAFTS`, sk: '#COUNTERS' }),
  version: (t: string, draftId: string, number: number): ItemKey => ({
    pk: `${t}#DRAFT#${draftId}`,
    sk: `VERSION#${pad(number, 6)}`,
  }),
  reading: (t: string, draftId: string, round: number): ItemKey => ({ pk: `${t}#DRAFT#${draftId}`, sk: `READING#${round}` }),
  textPartition: (t: string, textId: string) => `${t}#TEXT#${textId}`,
  article: (t: string, textId: string, number: number): ItemKey => ({ pk: `${t}#TEXT#${textId}`, sk: `ARTICLE#${pad(number, 5)}` }),
  consultation: (t: string, id: string): ItemKey => ({ pk: `${t}#CONSULTATION#${id}`, sk: 'CONSULTATION' }),
  consultationPartition: (t: string, id: string) => `${t}#CONSULTATION#${id}`,
  assignment: (t: string, consultationId: string, contactPointId: string): ItemKey => ({
    pk: `${t}#CONSULTATION#${consultationId}`,
    sk: `ASSIGNMENT#${contactPointId}`,
  }),
  consultationsOfDraft: (t: string, draftId: string) => `${t}#DRAFT#${draftId}#CONSULTATIONS`,
  consultationsOfContactPoint: (t: string, contactPointId: string) => `${t}#CP#${contactPointId}#CONSULTATIONS`,
};

/** A version's local id is `<draftId>.<number>`: enough to find its header with one GetItem. */
export function versionLocalId(draftId: string, number: number): string {
  return `${draftId}.${number}`;
}

export function parseVersionLocalId(localId: string): { draftId: string; number: number } | null {
  const match = /^([0-9A-Z]{26})\.(\d{1,6})$/.exec(localId);
  if (!match) return null;
  return { draftId: match[1]!, number: Number(match[2]) };
}

/** An article's local id is `<versionLocalId>.<articleNumber>`: its version, then the article in it. */
export function articleLocalId(versionId: string, number: number): string {
  return `${versionId}.${number}`;
}

export function parseArticleLocalId(localId: string): { versionId: string; number: number } | null {
  const match = /^([0-9A-Z]{26}\.\d{1,6})\.(\d{1,5})$/.exec(localId);
  if (!match) return null;
  return { versionId: match[1]!, number: Number(match[2]) };
}

/** A reading's local id is `<draftId>.<round>` (the type tells it from a version's). */
export function readingLocalId(draftId: string, round: number): string {
  return `${draftId}.${round}`;
}

export function parseReadingLocalId(localId: string): { draftId: string; round: number } | null {
  const match = /^([0-9A-Z]{26})\.([1-9])$/.exec(localId);
  if (!match) return null;
  return { draftId: match[1]!, round: Number(match[2]) };
}

/** An assignment's local id is `<consultationId>.<contactPointId>`: its item's key. */
export function assignmentLocalId(consultationId: string, contactPointId: string): string {
  return `${consultationId}.${contactPointId}`;
}

export function parseAssignmentLocalId(localId: string): { consultationId: string; contactPointId: string } | null {
  const match = /^([0-9A-Z]{26})\.([0-9A-Z]{26})$/.exec(localId);
  if (!match) return null;
  return { consultationId: match[1]!, contactPointId: match[2]! };
}
