import type { Resolvers } from '../generated/graphql';
import { expectGlobalId, toGlobalId } from '../core/ids';
import { found } from '../core/errors';
import { assignmentStatus, consultationStatus } from './consultations';
import { articleLocalId, assignmentLocalId, readingLocalId } from './keys';

const draftId = (id: string, field: string) => expectGlobalId(id, 'Draft', field);
const versionId = (id: string, field: string) => expectGlobalId(id, 'DraftVersion', field);
const consultationId = (id: string, field: string) => expectGlobalId(id, 'Consultation', field);

/** Thin: unwrap arguments, call the services, shape payloads. */
export const legislationResolvers: Resolvers = {
  Query: {
    drafts: (_p, args, ctx) => ctx.legislation.drafts(args),
    draft: (_p, { id }, ctx) => ctx.legislation.draft(draftId(id, 'id')),
    draftVersion: (_p, { id }, ctx) => ctx.legislation.version(versionId(id, 'id')),
    draftVersionDiff: (_p, args, ctx) =>
      ctx.legislation.diff(versionId(args.fromVersionId, 'fromVersionId'), versionId(args.toVersionId, 'toVersionId')),
    consultation: (_p, { id }, ctx) => ctx.consultations.consultation(consultationId(id, 'id')),
    myConsultations: (_p, args, ctx) => ctx.consultations.myConsultations(args),
  },
  Mutation: {
    createDraft: async (_p, { input }, ctx) => ({ draft: await ctx.legislation.createDraft(input) }),
    updateDraft: async (_p, { input }, ctx) => ({
      draft: await ctx.legislation.updateDraft({ ...input, id: draftId(input.id, 'id') }),
    }),
    transitionDraft: async (_p, { input }, ctx) => ({
      draft: await ctx.legislation.transitionDraft({ ...input, id: draftId(input.id, 'id') }),
    }),
    addDraftVersion: (_p, { input }, ctx) => ctx.legislation.addDraftVersion({ ...input, draftId: draftId(input.draftId, 'draftId') }),
    recordReading: (_p, { input }, ctx) =>
      ctx.legislation.recordReading({
        ...input,
        draftId: draftId(input.draftId, 'draftId'),
        versionId: versionId(input.versionId, 'versionId'),
      }),
    openConsultation: async (_p, { input }, ctx) => ({
      consultation: await ctx.consultations.openConsultation({
        ...input,
        draftId: draftId(input.draftId, 'draftId'),
        versionId: versionId(input.versionId, 'versionId'),
      }),
    }),
    closeConsultation: async (_p, { input }, ctx) => ({
      consultation: await ctx.consultations.closeConsultation(consultationId(input.id, 'id')),
    }),
    extendConsultation: async (_p, { input }, ctx) => ({
      consultation: await ctx.consultations.extendConsultation(consultationId(input.id, 'id'), input.closesAt),
    }),
  },
  Draft: {
    id: (d) => toGlobalId('Draft', d.id),
    currentVersion: (d, _a, ctx) => ctx.legislation.currentVersion(d),
    versions: (d, args, ctx) => ctx.legislation.versionsOf(d, args),
    readings: (d, _a, ctx) => ctx.legislation.readingsOf(d),
    consultations: (d, args, ctx) => ctx.consultations.consultationsOfDraft(d, args),
    statusHistory: (d, _a, ctx) => [...ctx.legislation.statusHistoryOf(d)],
  },
  DraftVersion: {
    id: (v) => toGlobalId('DraftVersion', v.id),
    draft: (v, _a, ctx) => found(ctx.legislation.loadDraft(v.draftId), 'Draft'),
    chapters: (v, _a, ctx) => ctx.legislation.outline(v),
    articles: (v, args, ctx) => ctx.legislation.articlesOf(v, args),
  },
  Chapter: {
    articles: (c, _a, ctx) => ctx.legislation.articlesOfOutline(c),
    sections: (c) => [...c.sections],
  },
  Section: {
    articles: (s, _a, ctx) => ctx.legislation.articlesOfOutline(s),
  },
  Article: {
    id: (a) => toGlobalId('Article', articleLocalId(a.versionId, a.number)),
    paragraphs: (a) => a.paragraphs.map((p) => ({ text: p.text, items: [...p.items] })),
  },
  DraftVersionDiff: {
    articles: (d) => [...d.articles],
    summary: (d) => {
      const count = (change: string) => d.articles.filter((a) => a.change === change).length;
      return {
        unchanged: count('UNCHANGED'),
        renumbered: count('RENUMBERED'),
        modified: count('MODIFIED'),
        added: count('ADDED'),
        removed: count('REMOVED'),
      };
    },
  },
  ArticleDiff: {
    spans: (a) => [...a.spans],
  },
  Reading: {
    id: (r) => toGlobalId('Reading', readingLocalId(r.draftId, r.round)),
    version: (r, _a, ctx) => found(ctx.legislation.loadVersionById(r.versionId), 'Draft version'),
  },
  Consultation: {
    id: (c) => toGlobalId('Consultation', c.id),
    draft: (c, _a, ctx) => found(ctx.legislation.loadDraft(c.draftId), 'Draft'),
    version: (c, _a, ctx) => found(ctx.legislation.loadVersionById(c.versionId), 'Draft version'),
    status: (c) => consultationStatus(c),
    assignments: (c, _a, ctx) => ctx.consultations.assignmentsOf(c),
  },
  ConsultationAssignment: {
    id: (a) => toGlobalId('ConsultationAssignment', assignmentLocalId(a.consultationId, a.contactPointId)),
    contactPoint: (a, _args, ctx) => found(ctx.tenancy.findContactPoint(a.contactPointId), 'Contact point'),
    status: (a) => assignmentStatus(a),
  },
};
