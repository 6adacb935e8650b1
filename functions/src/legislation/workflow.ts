import type { DraftKind, DraftStatus } from './records';

/**
 * The draft workflow. PLANNED → DRAFTING → SOLICITING_OPINIONS → UNDER_REVIEW → ADOPTED →
 * (APPROVED, regulations only) → PROMULGATED; UNDER_REVIEW may go back for a new round; WITHDRAWN
 * from any state before ADOPTED.
 */
const FORWARD: Readonly<Record<DraftStatus, readonly DraftStatus[]>> = {
  PLANNED: ['DRAFTING'],
  DRAFTING: ['SOLICITING_OPINIONS'],
  SOLICITING_OPINIONS: ['UNDER_REVIEW'],
  UNDER_REVIEW: ['ADOPTED', 'DRAFTING', 'SOLICITING_OPINIONS'],
  ADOPTED: ['APPROVED', 'PROMULGATED'],
  APPROVED: ['PROMULGATED'],
  PROMULGATED: [],
  WITHDRAWN: [],
};

const WITHDRAWABLE: ReadonlySet<DraftStatus> = new Set(['PLANNED', 'DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);

export interface DraftFacts {
  readonly kind: DraftKind;
  readonly status: DraftStatus;
  readonly versionCount: number;
  readonly readingCount: number;
}

/** Why a move is refused, or null when it is allowed. */
export function refuseTransition(draft: DraftFacts, to: DraftStatus): string | null {
  if (to === 'WITHDRAWN') return WITHDRAWABLE.has(draft.status) ? null : 'only a draft not yet adopted can be withdrawn';
  if (!FORWARD[draft.status].includes(to)) return 'the workflow does not allow this move';
  const needsApproval = draft.kind === 'REGULATION';
  if (draft.status === 'ADOPTED' && to === 'APPROVED' && !needsApproval) return 'only a regulation needs provincial approval';
  if (draft.status === 'ADOPTED' && to === 'PROMULGATED' && needsApproval) return 'a regulation must be approved first';
  if ((to === 'SOLICITING_OPINIONS' || to === 'UNDER_REVIEW') && draft.versionCount === 0) return 'the draft has no text yet';
  if (to === 'ADOPTED' && draft.readingCount === 0) return 'no reading has been recorded';
  return null;
}

/** Statuses in which a new version of the text may be added. */
export const TEXT_EDITABLE: ReadonlySet<DraftStatus> = new Set(['PLANNED', 'DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);
