import { createHash } from 'node:crypto';
import type { ItemKey } from '../../data/batch';
import { findingKeys } from '../findings/keys';

/** The subject part of a session's key and id: `ALL` for the report, `U<unit>` for one unit. */
export const ratingSubject = (unitCode: string | null) => (unitCode ? `U${unitCode}` : 'ALL');

const round2 = (round: number) => String(round).padStart(2, '0');

export const ratingKeys = {
  session: (t: string, reportId: string, unitCode: string | null, round: number): ItemKey => ({
    pk: findingKeys.reportPartition(t, reportId),
    sk: `RATING#${ratingSubject(unitCode)}#${round2(round)}`,
  }),
  /** A subject's sessions sort by round. */
  sessionsOfSubject: (unitCode: string | null) => `RATING#${ratingSubject(unitCode)}#`,
  /**
   * That a user voted in a session, and nothing else: keyed by a hash of the session and the user
   * id, so the item names neither the choice nor (readably) the voter.
   */
  voter: (t: string, reportId: string, unitCode: string | null, round: number, userId: string): ItemKey => ({
    pk: findingKeys.reportPartition(t, reportId),
    sk: `VOTER#${ratingSubject(unitCode)}#${round2(round)}#${createHash('sha256').update(`${t}\n${reportId}\n${ratingSubject(unitCode)}\n${round}\n${userId}`).digest('base64url')}`,
  }),
};

/** A session's local id: `<reportId>.<year>.<ALL|U<unit>>.<round>`. */
export const sessionLocalId = (s: { reportId: string; year: number; unitCode: string | null; round: number }) =>
  `${s.reportId}.${s.year}.${ratingSubject(s.unitCode)}.${s.round}`;

export function parseSessionLocalId(localId: string): { reportId: string; year: number; unitCode: string | null; round: number } | null {
  const match = /^([0-9A-HJKMNP-TV-Z]{26})\.(\d{4})\.(ALL|U[0-9A-Za-z._-]{1,40})\.(\d{1,2})$/.exec(localId);
  if (!match) return null;
  return { reportId: match[1]!, year: Number(match[2]), unitCode: match[3] === 'ALL' ? null : match[3]!.slice(1), round: Number(match[4]) };
}
