import * as z from 'zod';
import { requireRole, type Principal } from '../core/auth';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../core/errors';
import { decodeGlobalId, newId } from '../core/ids';
import { pageRequest, toConnection, type PageArgs } from '../core/pagination';
import { optionalText, parseInput } from '../core/validation';
import { recordChange, type RequestInfo } from '../data/audit';
import { idempotentCreate } from '../data/idempotency';
import { transactWrite, TransactionConditionFailed } from '../data/transactions';
import type { TenancyService } from '../tenancy/service';
import { legislationKeys as keys, parseAssignmentLocalId } from './keys';
import {
  CONSULTATION_KINDS,
  type AssignmentRecord,
  type ConsultationConnectionModel,
  type ConsultationKind,
  type ConsultationRecord,
  type DraftRecord,
  type DraftStatus,
} from './records';
import * as repo from './repository';
import { DRAFT_READERS, DRAFT_WRITERS, type LegislationService } from './service';
import { consultationAuditView, consultationEntity } from './audit-views';

/**
 * One transaction holds the consultation, its idempotency record, its audit record and one
 * assignment per contact point; DynamoDB allows 100 items, so a consultation asks at most 97.
 */
export const MAX_CONTACT_POINTS_PER_CONSULTATION = 97;

/** Which draft statuses each kind of consultation needs. */
const KIND_NEEDS: Readonly<Record<ConsultationKind, readonly DraftStatus[]>> = {
  PRE_LEGISLATIVE_RESEARCH: ['PLANNED', 'DRAFTING'],
  DRAFT_COMMENT: ['SOLICITING_OPINIONS'],
  POST_EVALUATION: ['PROMULGATED'],
};

const openSchema = z.object({
  kind: z.enum(CONSULTATION_KINDS),
  opensAt: z.date(),
  closesAt: z.date(),
  instructions: optionalText(5000),
  contactPointIds: z
    .array(z.string())
    .min(1, 'name at least one contact point')
    .max(MAX_CONTACT_POINTS_PER_CONSULTATION, `at most ${MAX_CONTACT_POINTS_PER_CONSULTATION} contact points`),
});

export type ConsultationStatus = 'OPEN' | 'CLOSED';

export function consultationStatus(c: Pick<ConsultationRecord, 'closedAt' | 'closesAt'>, now = new Date()): ConsultationStatus {
  return c.closedAt || new Date(c.closesAt) <= now ? 'CLOSED' : 'OPEN';
}

export type AssignmentStatus = 'PENDING' | 'RESPONDED' | 'OVERDUE';

export function assignmentStatus(a: AssignmentRecord, now = new Date()): AssignmentStatus {
  if (a.respondedAt) return 'RESPONDED';
  return consultationStatus(a, now) === 'CLOSED' ? 'OVERDUE' : 'PENDING';
}

/** Consultations (征求意见): opening, closing, extending, and who may see them. One per request. */
export class ConsultationService {
  private readonly assignmentLists = new Map<string, Promise<AssignmentRecord[]>>();

  constructor(
    private readonly principal: Principal,
    private readonly legislation: LegislationService,
    private readonly tenancy: TenancyService,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  /** A consultation; a liaison sees only those assigned to its contact point. */
  async consultation(id: string): Promise<ConsultationRecord> {
    const found = await this.find(id);
    if (this.legislation.readsThroughConsultations) {
      if (!found || !found.contactPointIds.includes(this.principal.contactPointId ?? '')) {
        throw new NotFoundError('Consultation');
      }
    } else {
      requireRole(this.principal, ...DRAFT_READERS);
      if (!found) throw new NotFoundError('Consultation');
    }
    return found;
  }

  /** `node(id)` of an assignment: staff who may read the consultation, or the liaison of its contact point. */
  async assignment(localId: string): Promise<AssignmentRecord> {
    const parsed = parseAssignmentLocalId(localId);
    if (!parsed) throw new NotFoundError('Consultation assignment');
    await this.consultation(parsed.consultationId);
    const own = this.principal.contactPointId;
    if (this.legislation.readsThroughConsultations && parsed.contactPointId !== own) throw new NotFoundError('Consultation assignment');
    const found = await this.legislation.loadAssignment(parsed.consultationId, parsed.contactPointId);
    if (!found) throw new NotFoundError('Consultation assignment');
    return found;
  }

  /**
   * A consultation reached through an object the caller may already read (its feedback): the
   * feedback's own check stands, so a liaison sees the consultation its feedback answers.
   */
  async consultationUnchecked(id: string): Promise<ConsultationRecord> {
    const found = await this.find(id);
    if (!found) throw new NotFoundError('Consultation');
    return found;
  }

  /** The consultation's header, read once per request and batched, for callers with their own checks. */
  find(id: string): Promise<ConsultationRecord | null> {
    return this.legislation.loadConsultation(id);
  }

  /** Assignments shown on a consultation: all for staff (one Query of its partition), its own for a liaison. */
  async assignmentsOf(consultation: ConsultationRecord): Promise<AssignmentRecord[]> {
    if (this.legislation.readsThroughConsultations) {
      const own = await this.legislation.loadAssignment(consultation.id, this.principal.contactPointId ?? '');
      return own ? [own] : [];
    }
    let all = this.assignmentLists.get(consultation.id);
    if (!all) {
      all = repo.getConsultationWithAssignments(this.tenantId, consultation.id).then((found) => found?.assignments ?? []);
      this.assignmentLists.set(consultation.id, all);
    }
    // In the order staff named the contact points.
    const order = new Map(consultation.contactPointIds.map((id, i) => [id, i]));
    return [...(await all)].sort((a, b) => (order.get(a.contactPointId) ?? 0) - (order.get(b.contactPointId) ?? 0));
  }

  async consultationsOfDraft(draft: DraftRecord, args: PageArgs): Promise<ConsultationConnectionModel> {
    this.legislation.requireFullReaderForDraftDetails();
    const page = await repo.listConsultationsOfDraft(this.tenantId, draft.id, pageRequest(args));
    return toConnection(page, () => repo.countConsultationsOfDraft(this.tenantId, draft.id));
  }

  /** For a liaison: the consultations assigned to its contact point, newest first. */
  async myConsultations(args: PageArgs & { filter?: { status?: ConsultationStatus | null } | null }): Promise<ConsultationConnectionModel> {
    const contactPointId = this.principal.contactPointId;
    if (!contactPointId) throw new ForbiddenError('Only a contact point liaison has consultations of its own');
    const status = args.filter?.status ?? null;
    const now = new Date().toISOString();
    const page = await repo.listAssignmentsOfContactPoint(this.tenantId, contactPointId, status, pageRequest(args), now);
    const consultations = await Promise.all(page.items.map((a) => this.find(a.consultationId)));
    const items = consultations.flatMap((c) => (c ? [c] : []));
    return toConnection({ ...page, items }, () => repo.countAssignmentsOfContactPoint(this.tenantId, contactPointId, { status }, now));
  }

  async openConsultation(args: {
    draftId: string;
    versionId: string;
    kind: ConsultationKind;
    contactPointIds: readonly string[];
    opensAt: Date;
    closesAt: Date;
    instructions?: string | null;
    idempotencyKey?: string | null;
  }): Promise<ConsultationRecord> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const input = parseInput(openSchema, { ...args, contactPointIds: [...args.contactPointIds] });
    if (input.closesAt <= input.opensAt) throw new BadInputError('closesAt', 'closesAt: must be after opensAt');
    if (input.closesAt <= new Date()) throw new BadInputError('closesAt', 'closesAt: must be in the future');

    const contactPointIds = input.contactPointIds.map((globalId) => {
      const decoded = decodeGlobalId(globalId);
      if (!decoded || decoded.type !== 'ContactPoint') {
        throw new BadInputError('contactPointIds', `contactPointIds: ${globalId} is not a contact point id`);
      }
      return decoded.localId;
    });
    if (new Set(contactPointIds).size !== contactPointIds.length) {
      throw new BadInputError('contactPointIds', 'contactPointIds: a contact point is named twice');
    }

    const draft = await this.legislation.loadDraft(args.draftId);
    if (!draft) throw new NotFoundError('Draft');
    const version = await this.legislation.loadVersionById(args.versionId);
    if (!version || version.draftId !== draft.id) throw new BadInputError('versionId', 'versionId: not a version of this draft');
    if (!KIND_NEEDS[input.kind].includes(draft.status)) {
      throw new BadInputError(
        'kind',
        `kind: ${input.kind} needs the draft ${KIND_NEEDS[input.kind].join(' or ')}; it is ${draft.status}`,
      );
    }
    const contactPoints = await Promise.all(contactPointIds.map((id) => this.tenancy.findContactPoint(id)));
    contactPoints.forEach((cp, i) => {
      if (!cp) throw new BadInputError('contactPointIds', `contactPointIds: ${input.contactPointIds[i]} does not exist`);
      if (!cp.active) throw new BadInputError('contactPointIds', `contactPointIds: ${cp.name} is inactive`);
    });

    const id = newId();
    const consultation: ConsultationRecord = {
      ...keys.consultation(this.tenantId, id),
      sk: 'CONSULTATION',
      type: 'Consultation',
      tenantId: this.tenantId,
      id,
      draftId: draft.id,
      versionId: version.id,
      kind: input.kind,
      opensAt: input.opensAt.toISOString(),
      closesAt: input.closesAt.toISOString(),
      closedAt: null,
      instructions: input.instructions,
      contactPointIds,
      createdAt: new Date().toISOString(),
      createdBy: this.principal.userId,
    };
    const assignments = contactPointIds.map(
      (contactPointId): AssignmentRecord => ({
        ...keys.assignment(this.tenantId, id, contactPointId),
        type: 'ConsultationAssignment',
        consultationId: id,
        contactPointId,
        draftId: draft.id,
        versionId: version.id,
        closesAt: consultation.closesAt,
        closedAt: null,
      }),
    );
    return idempotentCreate({
      caller: this.principal,
      operation: 'openConsultation',
      idempotencyKey: args.idempotencyKey,
      input: { ...input, draftId: args.draftId, versionId: args.versionId },
      newId: id,
      writes: [
        repo.putConsultationWrite(consultation),
        recordChange(this.principal, this.request, {
          ...consultationEntity(consultation),
          operation: 'openConsultation',
          before: null,
          after: consultationAuditView(consultation),
        }),
        ...assignments.map((a) => repo.putAssignmentWrite(this.tenantId, a)),
      ],
      load: async (createdId) => (await repo.getConsultationWithAssignments(this.tenantId, createdId))?.consultation ?? null,
    });
  }

  private async forWrite(id: string): Promise<ConsultationRecord> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const found = await repo.getConsultationWithAssignments(this.tenantId, id);
    if (!found) throw new NotFoundError('Consultation');
    return found.consultation;
  }

  private async setDates(consultation: ConsultationRecord, changes: { closesAt: string; closedAt: string | null }, operation: string) {
    const now = new Date();
    const audit = recordChange(this.principal, this.request, {
      ...consultationEntity(consultation),
      operation,
      before: consultationAuditView(consultation, now),
      after: consultationAuditView({ ...consultation, ...changes }, now),
    });
    try {
      await transactWrite([...repo.consultationDatesWrites(this.tenantId, consultation, changes), audit]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('The consultation changed meanwhile; reload it');
      throw error;
    }
    this.assignmentLists.delete(consultation.id);
    return { ...consultation, ...changes };
  }

  async closeConsultation(id: string): Promise<ConsultationRecord> {
    const consultation = await this.forWrite(id);
    if (consultation.closedAt) return consultation;
    return this.setDates(consultation, { closesAt: consultation.closesAt, closedAt: new Date().toISOString() }, 'closeConsultation');
  }

  async extendConsultation(id: string, closesAt: Date): Promise<ConsultationRecord> {
    const consultation = await this.forWrite(id);
    if (consultation.closedAt) throw new ConflictError('The consultation was closed by staff; open a new one instead');
    if (closesAt <= new Date(consultation.closesAt)) throw new BadInputError('closesAt', 'closesAt: must be later than the current deadline');
    if (closesAt <= new Date()) throw new BadInputError('closesAt', 'closesAt: must be in the future');
    return this.setDates(consultation, { closesAt: closesAt.toISOString(), closedAt: null }, 'extendConsultation');
  }
}
