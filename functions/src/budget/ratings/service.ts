import * as z from 'zod';
import { hasRole, requireRole, type Principal } from '../../core/auth';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { expectGlobalId, toGlobalId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import { recordChange, type RequestInfo } from '../../data/audit';
import { getItem } from '../../data/items';
import { queryAll } from '../../data/query';
import { MUST_BE_NEW, putWrite, transactWrite, TransactionConditionFailed, updateWrite } from '../../data/transactions';
import { BUDGET_READERS } from '../access';
import { budgetUnitOf } from '../access';
import { findingKeys } from '../findings/keys';
import type { AuditFiguresRecord, AuditReportRecord } from '../findings/records';
import type { FindingService } from '../findings/service';
import { ratingKeys, parseSessionLocalId, sessionLocalId } from './keys';
import type { RatingSessionRecord } from './records';
import { counterOf, RATING_CHOICES, ratingResult, type RatingChoice } from './result';

const MAX_MEMBERS = 1000;
/** Closing re-reads the counts when a vote lands between its read and its write. */
const CLOSE_ATTEMPTS = 5;

const openSchema = z.object({
  unitCode: z.string().trim().regex(/^[0-9A-Za-z._-]{1,40}$/, 'must be a unit code').nullish().transform((u) => u ?? null),
  membersPresent: z.number().int().min(1, `must be 1 to ${MAX_MEMBERS}`).max(MAX_MEMBERS, `must be 1 to ${MAX_MEMBERS}`),
});

const sessionEntity = (s: RatingSessionRecord) => ({ entityType: 'RatingSession', entityId: toGlobalId('RatingSession', sessionLocalId(s)) });
const sessionAuditView = (s: RatingSessionRecord): Record<string, unknown> => ({
  unitCode: s.unitCode,
  round: s.round,
  membersPresent: s.membersPresent,
  status: s.status,
  result: s.result,
  // Counts are recorded when the session closes (then they are public), never vote by vote.
  counts: s.status === 'CLOSED' ? { satisfied: s.satisfied, basicallySatisfied: s.basicallySatisfied, dissatisfied: s.dissatisfied, abstain: s.abstain } : null,
});

/**
 * Satisfaction ratings (满意度测评) for one request. BUDGET_STAFF opens and closes sessions; each
 * DEPUTY votes once while a session is open. A vote is one transaction of a voter marker (which
 * holds no choice) and ADDs on the session's counters, so concurrent votes stay exact and a second
 * vote by the same user fails on its marker.
 */
export class RatingService {
  constructor(
    private readonly principal: Principal,
    private readonly findings: FindingService,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  private readSession(p: { reportId: string; unitCode: string | null; round: number }): Promise<RatingSessionRecord | null> {
    return getItem<RatingSessionRecord>('budget', ratingKeys.session(this.tenantId, p.reportId, p.unitCode, p.round), { consistent: true });
  }

  /** A session: readers see all, a unit's user its own unit's; another tenant's is NOT_FOUND. */
  async session(localId: string): Promise<RatingSessionRecord> {
    const unit = budgetUnitOf(this.principal);
    if (!hasRole(this.principal, ...BUDGET_READERS) && !unit) throw new ForbiddenError();
    const parsed = parseSessionLocalId(localId);
    const found = parsed ? await this.readSession(parsed) : null;
    if (!found || found.year !== parsed?.year || (!hasRole(this.principal, ...BUDGET_READERS) && found.unitCode !== unit)) throw new NotFoundError('Rating session');
    return found;
  }

  /** A report's sessions, oldest round first per subject (one Query of the report's partition). */
  async sessionsOfReport(report: AuditReportRecord): Promise<RatingSessionRecord[]> {
    const unit = hasRole(this.principal, ...BUDGET_READERS) ? null : budgetUnitOf(this.principal);
    const sessions = await queryAll<RatingSessionRecord>({ table: 'budget', partitionValue: findingKeys.reportPartition(this.tenantId, report.id), sortKeyPrefix: 'RATING#' });
    return unit ? sessions.filter((s) => s.unitCode === unit) : sessions;
  }

  /** Whether the caller voted: a GetItem of the caller's own marker (nobody can ask for another's). */
  async viewerHasVoted(s: RatingSessionRecord): Promise<boolean> {
    return (await getItem('budget', ratingKeys.voter(this.tenantId, s.reportId, s.unitCode, s.round, this.principal.userId), { consistent: true })) !== null;
  }

  async open(input: { reportId: string; unitCode?: string | null; membersPresent: number }): Promise<RatingSessionRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const reportLocal = expectGlobalId(input.reportId, 'AuditReport', 'reportId');
    const v = parseInput(openSchema, { unitCode: input.unitCode, membersPresent: input.membersPresent });
    const report = await this.findings.report(reportLocal);
    let unitName: string | null = null;
    let lastRectifiedAt = report.lastRectifiedAt ?? null;
    if (v.unitCode) {
      const figures = await getItem<AuditFiguresRecord>('budget', findingKeys.reportUnit(this.tenantId, report.id, v.unitCode), { consistent: true });
      if (!figures || !(figures.findingCount ?? 0)) throw new BadInputError('unitCode', 'unitCode: the report has no finding of this unit');
      unitName = figures.unitName ?? null;
      lastRectifiedAt = figures.lastRectifiedAt ?? null;
    }
    const earlier = await queryAll<RatingSessionRecord>({ table: 'budget', partitionValue: findingKeys.reportPartition(this.tenantId, report.id), sortKeyPrefix: ratingKeys.sessionsOfSubject(v.unitCode) });
    const last = earlier.at(-1);
    if (last) {
      if (last.status === 'OPEN') throw new ConflictError('A rating session on this is open');
      if (last.result !== 'DISSATISFIED') throw new ConflictError(`It was rated ${last.result}; only a DISSATISFIED result opens another round`);
      if (!lastRectifiedAt || lastRectifiedAt <= (last.closedAt ?? '')) throw new ConflictError('A second round opens only after a new rectification report');
    }
    const round = (last?.round ?? 0) + 1;
    const session: RatingSessionRecord = {
      ...ratingKeys.session(this.tenantId, report.id, v.unitCode, round),
      type: 'RatingSession',
      tenantId: this.tenantId,
      reportId: report.id,
      year: report.year,
      unitCode: v.unitCode,
      unitName,
      round,
      membersPresent: v.membersPresent,
      status: 'OPEN',
      satisfied: 0,
      basicallySatisfied: 0,
      dissatisfied: 0,
      abstain: 0,
      votesCast: 0,
      result: null,
      openedAt: new Date().toISOString(),
      openedBy: this.principal.userId,
      closedAt: null,
      revision: 1,
    };
    try {
      await transactWrite([
        putWrite('budget', { ...session }, MUST_BE_NEW),
        recordChange(this.principal, this.request, { ...sessionEntity(session), operation: 'openRatingSession', before: null, after: sessionAuditView(session) }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('Another session on this was opened meanwhile');
      throw error;
    }
    return session;
  }

  async vote(input: { sessionId: string; choice: string }): Promise<RatingSessionRecord> {
    requireRole(this.principal, 'DEPUTY');
    const localId = expectGlobalId(input.sessionId, 'RatingSession', 'sessionId');
    if (!(RATING_CHOICES as readonly string[]).includes(input.choice)) throw new BadInputError('choice', 'choice: not a rating choice');
    const choice = input.choice as RatingChoice;
    const session = await this.session(localId);
    if (session.status !== 'OPEN') throw new ConflictError('The rating session is closed');
    const counter = counterOf(choice);
    try {
      await transactWrite([
        putWrite('budget', { ...ratingKeys.voter(this.tenantId, session.reportId, session.unitCode, session.round, this.principal.userId), type: 'RatingVoter' }, MUST_BE_NEW),
        updateWrite('budget', session, {
          expression: 'ADD #choice :one, #cast :one',
          condition: '#status = :open AND #cast < #members',
          names: { '#choice': counter, '#cast': 'votesCast', '#status': 'status', '#members': 'membersPresent' },
          values: { ':one': 1, ':open': 'OPEN' },
        }),
        // The record says who voted, never what: the session's counts are not part of it.
        recordChange(this.principal, this.request, { ...sessionEntity(session), operation: 'castRatingVote', before: { vote: null }, after: { vote: 'cast' } }),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failed.includes(0)) throw new ConflictError('You have already voted in this session');
      const now = await this.readSession(session);
      throw new ConflictError(now?.status === 'CLOSED' ? 'The rating session is closed' : 'Every member present has voted');
    }
    return (await this.readSession(session))!;
  }

  async close(input: { sessionId: string; expectedRevision: number }): Promise<RatingSessionRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const localId = expectGlobalId(input.sessionId, 'RatingSession', 'sessionId');
    if (!Number.isInteger(input.expectedRevision) || input.expectedRevision < 1) throw new BadInputError('expectedRevision', 'expectedRevision: must be the revision read');
    let session = await this.session(localId);
    for (let attempt = 0; ; attempt++) {
      if (session.status !== 'OPEN') throw new ConflictError('The rating session is already closed');
      if (session.revision !== input.expectedRevision) throw new ConflictError(`The session is at revision ${session.revision}, not ${input.expectedRevision}`);
      const closed: RatingSessionRecord = { ...session, status: 'CLOSED', result: ratingResult(session, session.membersPresent), closedAt: new Date().toISOString(), revision: session.revision + 1 };
      try {
        await transactWrite([
          updateWrite('budget', session, {
            expression: 'SET #status = :closed, #result = :result, closedAt = :at, revision = :next',
            // The counts read must still be the counts: a vote landing meanwhile makes it read again.
            condition: '#status = :open AND revision = :expected AND votesCast = :cast',
            names: { '#status': 'status', '#result': 'result' },
            values: { ':closed': 'CLOSED', ':open': 'OPEN', ':result': closed.result, ':at': closed.closedAt, ':next': closed.revision, ':expected': session.revision, ':cast': session.votesCast },
          }),
          recordChange(this.principal, this.request, { ...sessionEntity(session), operation: 'closeRatingSession', before: sessionAuditView(session), after: sessionAuditView(closed) }),
        ]);
        return closed;
      } catch (error) {
        if (!(error instanceof TransactionConditionFailed) || attempt + 1 >= CLOSE_ATTEMPTS) {
          if (error instanceof TransactionConditionFailed) throw new ConflictError('Votes kept arriving; close again');
          throw error;
        }
        session = (await this.readSession(session))!;
      }
    }
  }
}
