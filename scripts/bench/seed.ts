/**
 * Seeds the benchmark's data through the real handler (GraphQL mutations, the code path clients
 * use): a CITY tenant, 50 contact points with liaisons, a REGULATION draft with two 300-article
 * versions moved to SOLICITING_OPINIONS, a consultation of all 50 contact points, 200 feedback
 * submitted by their liaisons (some with a pending attachment), and a second draft for the
 * addDraftVersion write benchmark.
 */
import { signLocalToken } from '../../functions/src/core/auth';
import type { Role } from '../../functions/src/core/roles';
import { callGraphQL } from './client';
import { generateDraft, renderDraft, version2 } from './text';
import { BUDGET_YEAR, seedBudgetData } from './budget-seed';

export const TENANT_ID = 'benchcity';
export const CONTACT_POINTS = 50;
export const FEEDBACK = 200;
export const FEEDBACK_WITH_ATTACHMENT = 10;

const KINDS = ['STREET', 'COMMUNITY', 'VILLAGE', 'TOWNSHIP', 'ENTERPRISE', 'SCHOOL', 'LAW_FIRM', 'ASSOCIATION', 'JUDICIAL', 'OTHER'];
const PLACES = ['凤山', '滨河', '城北', '信义', '交口', '枣林', '坪头', '田家会', '西属巴', '吴城'];
const METHODS = ['MEETING', 'SURVEY', 'VISIT', 'ONLINE', 'OTHER'];

const CREATE_TENANT = `mutation BenchTenant($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id level } } }`;
const CREATE_CP = `mutation BenchContactPoint($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }`;
const CREATE_DRAFT = `mutation BenchDraft($input: CreateDraftInput!) { createDraft(input: $input) { draft { id revision status } } }`;
export const ADD_VERSION = `mutation BenchAddVersion($input: AddDraftVersionInput!) {
  addDraftVersion(input: $input) { version { id number articleCount characterCount } draft { id revision } } }`;
const TRANSITION = `mutation BenchTransition($input: TransitionDraftInput!) { transitionDraft(input: $input) { draft { status revision } } }`;
const OPEN_CONSULTATION = `mutation BenchConsultation($input: OpenConsultationInput!) {
  openConsultation(input: $input) { consultation { id status assignments { status } } } }`;
export const SUBMIT_FEEDBACK = `mutation BenchSubmit($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) { feedback { id status revision contactPoint { name } consultation { id } } } }`;
const REQUEST_UPLOAD = `mutation BenchUpload($input: RequestAttachmentUploadInput!) {
  requestAttachmentUpload(input: $input) { attachment { id status } upload { url } } }`;

/** The local id inside a global id: base64url of `<Type>:<localId>`. */
export function localIdOf(globalId: string): string {
  const raw = Buffer.from(globalId, 'base64url').toString('utf8');
  return raw.slice(raw.indexOf(':') + 1);
}

/** Today in Asia/Shanghai (the API refuses collection dates in the future there). */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export interface Tokens {
  readonly platform: string;
  readonly admin: string;
  readonly staff: string;
  /** BUDGET_STAFF and DEPUTY, for the budget reads. */
  readonly budget: string;
  readonly deputy: string;
  /** The liaison of each contact point, in creation order. */
  readonly liaisons: readonly string[];
}

export interface SeededData {
  readonly tokens: Tokens;
  readonly contactPointIds: readonly string[];
  readonly draftId: string;
  readonly version1Id: string;
  readonly version2Id: string;
  readonly version1Text: string;
  readonly version2Text: string;
  readonly consultationId: string;
  /** A draft of its own for repeated addDraftVersion calls, and its current revision. */
  readonly writeDraft: { id: string; revision: number };
  readonly articleCounts: readonly [number, number];
  readonly characterCounts: readonly [number, number];
  readonly feedbackCount: number;
  readonly seedMs: number;
}

/** Runs `work` over items with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(runners);
  return results;
}

const call = async <T>(token: string, query: string, variables: Record<string, unknown>, label: string): Promise<T> =>
  (await callGraphQL<T>(token, query, variables, `seed: ${label}`)).data;

const FIRST_ALERTS = `query BenchFirstAlerts { alerts(year: ${BUDGET_YEAR}, first: 20) { edges { node { id unit { code } } } } }`;
const SEND_INQUIRY = `mutation BenchSendInquiry($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { id } } }`;

/** The tokens and contact points of the benchmark tenant: what `npm run bench:cold` needs too. */
export interface SeededContactPoints {
  readonly platform: string;
  readonly admin: string;
  readonly staff: string;
  readonly contactPointIds: readonly string[];
}

const tokenFor = (secret: string) => (roles: Role[], userId: string, contactPointId?: string, tenantId = TENANT_ID) =>
  signLocalToken({ tenantId, roles, userId, contactPointId, ttl: '2h' }, secret);

/** The CITY tenant and its 50 contact points, each with two liaisons, written through the handler. */
export async function seedContactPoints(secret: string): Promise<SeededContactPoints> {
  const token = tokenFor(secret);
  const platform = await token(['PLATFORM_ADMIN'], 'bench-operator', undefined, 'platform');
  await call(platform, CREATE_TENANT, { input: { id: TENANT_ID, name: '吕梁市人大常委会（基准测试）', regionCode: '141100', level: 'CITY' } }, 'createTenant');
  const admin = await token(['TENANT_ADMIN'], 'bench-admin');
  const staff = await token(['LEGISLATIVE_STAFF'], 'bench-staff');

  // Contact points, each with two liaisons (a few in flight: the handler is async, like Lambda's).
  const contactPointIds = await pool(
    Array.from({ length: CONTACT_POINTS }, (_, i) => i),
    4,
    async (i) => {
      const place = PLACES[i % PLACES.length]!;
      const input = {
        name: `${place}${['街道', '镇', '社区', '村'][i % 4]}基层立法联系点${i + 1}`,
        kind: KINDS[i % KINDS.length],
        address: `山西省吕梁市离石区${place}路${100 + i}号`,
        regionCode: `141102${String(100 + i).padStart(3, '0')}`,
        establishedOn: `202${i % 6}-0${1 + (i % 9)}-15`,
        liaisons: [
          { name: `联络员甲${i + 1}`, title: '党委副书记', phone: `0358-82${String(10000 + i).slice(1)}` },
          { name: `联络员乙${i + 1}`, title: '信息员', phone: `138${String(10000000 + i * 7919).slice(0, 8)}` },
        ],
        idempotencyKey: `bench-cp-${i}`,
      };
      const created = await call<{ createContactPoint: { contactPoint: { id: string } } }>(admin, CREATE_CP, { input }, 'createContactPoint');
      return created.createContactPoint.contactPoint.id;
    },
  );
  return { platform, admin, staff, contactPointIds };
}

export async function seed(secret: string, log: (line: string) => void): Promise<SeededData> {
  const started = performance.now();
  const token = tokenFor(secret);
  const { platform, admin, staff, contactPointIds } = await seedContactPoints(secret);
  const liaisons = await Promise.all(
    contactPointIds.map((id, i) => token(['CONTACT_POINT_LIAISON'], `bench-liaison-${i + 1}`, localIdOf(id))),
  );
  log(`  ${CONTACT_POINTS} contact points`);

  // The draft and its two 300-article versions.
  const model = generateDraft();
  const version1Text = renderDraft(model);
  const version2Text = renderDraft(version2(model));
  type DraftPayload = { createDraft: { draft: { id: string; revision: number } } };
  type VersionPayload = {
    addDraftVersion: { version: { id: string; articleCount: number; characterCount: number }; draft: { revision: number } };
  };
  const draft = (
    await call<DraftPayload>(
      staff,
      CREATE_DRAFT,
      { input: { title: '吕梁市城乡社区治理促进条例', kind: 'REGULATION', sponsor: '市人民政府', committee: '法制委员会' } },
      'createDraft',
    )
  ).createDraft.draft;
  let revision = draft.revision;
  const versions: VersionPayload['addDraftVersion']['version'][] = [];
  for (const [label, text] of [
    ['一审稿', version1Text],
    ['二审稿', version2Text],
  ] as const) {
    const added = (await call<VersionPayload>(staff, ADD_VERSION, { input: { draftId: draft.id, label, text, expectedRevision: revision } }, 'addDraftVersion'))
      .addDraftVersion;
    versions.push(added.version);
    revision = added.draft.revision;
  }
  for (const to of ['DRAFTING', 'SOLICITING_OPINIONS']) {
    type Moved = { transitionDraft: { draft: { revision: number } } };
    revision = (await call<Moved>(staff, TRANSITION, { input: { id: draft.id, to, expectedRevision: revision } }, 'transitionDraft')).transitionDraft
      .draft.revision;
  }
  const [v1, v2] = versions as [(typeof versions)[0], (typeof versions)[0]];
  log(`  draft with versions of ${v1.articleCount} and ${v2.articleCount} articles (${version1Text.length.toLocaleString('en')} characters), SOLICITING_OPINIONS`);

  // The consultation: every contact point (50 of at most 98).
  const now = Date.now();
  type Opened = { openConsultation: { consultation: { id: string; assignments: unknown[] } } };
  const consultation = (
    await call<Opened>(
      staff,
      OPEN_CONSULTATION,
      {
        input: {
          draftId: draft.id,
          versionId: v2.id,
          kind: 'DRAFT_COMMENT',
          contactPointIds,
          opensAt: new Date(now - 3600_000).toISOString(),
          closesAt: new Date(now + 30 * 86_400_000).toISOString(),
          instructions: '请组织群众逐条提出修改意见。',
          idempotencyKey: 'bench-consultation',
        },
      },
      'openConsultation',
    )
  ).openConsultation.consultation;
  log(`  consultation open to ${consultation.assignments.length} contact points`);

  // 200 feedback, four per contact point, sent by each one's liaison. One at a time per
  // consultation: they all move the same counters item, and DynamoDB serialises those.
  const today = shanghaiToday();
  const feedbackIds: string[] = [];
  for (let i = 0; i < FEEDBACK; i++) {
    const cp = i % CONTACT_POINTS;
    const articleNumbers = i % 5 === 0 ? [] : [1 + ((i * 37) % v2.articleCount), 1 + ((i * 101 + 7) % v2.articleCount)].filter((n, k, a) => a.indexOf(n) === k);
    const input = {
      consultationId: consultation.id,
      articleNumbers,
      content: `经组织${['座谈', '走访', '问卷调查', '网上征集'][i % 4]}，群众建议：${'进一步明确乡镇人民政府和街道办事处的职责分工，细化社区服务设施的配置标准，并对经费保障作出具体规定。'.repeat(1 + (i % 3))}`,
      collectionMethod: METHODS[i % METHODS.length],
      participantCount: 5 + ((i * 13) % 60),
      collectedOn: today,
    };
    type Submitted = { submitFeedback: { feedback: { id: string } } };
    feedbackIds.push((await call<Submitted>(liaisons[cp]!, SUBMIT_FEEDBACK, { input }, 'submitFeedback')).submitFeedback.feedback.id);
  }
  // A pending upload on the newest ten, so the first page of feedbackList has attachments to show.
  const newest = feedbackIds.slice(-FEEDBACK_WITH_ATTACHMENT);
  for (const [k, feedbackId] of newest.entries()) {
    const cp = (FEEDBACK - FEEDBACK_WITH_ATTACHMENT + k) % CONTACT_POINTS;
    await call(liaisons[cp]!, REQUEST_UPLOAD, { input: { feedbackId, fileName: `座谈会纪要${k + 1}.pdf`, contentType: 'application/pdf', size: 204_800 } }, 'requestAttachmentUpload');
  }
  log(`  ${FEEDBACK} feedback by ${CONTACT_POINTS} liaisons (${FEEDBACK_WITH_ATTACHMENT} with a pending attachment)`);

  const writeDraft = (
    await call<DraftPayload>(staff, CREATE_DRAFT, { input: { title: '吕梁市城乡社区治理促进条例（修改稿练习）', kind: 'REGULATION' } }, 'createDraft')
  ).createDraft.draft;

  // Budget data has no GraphQL write but imports: it goes through the import write core.
  const budgetData = await seedBudgetData(TENANT_ID);
  log(`  budget ${BUDGET_YEAR}: ${budgetData.lines} lines, ${budgetData.payments} payments (import write core, landed)`);
  const budget = await token(['BUDGET_STAFF'], 'bench-budget');
  const deputy = await token(['DEPUTY'], 'bench-deputy');
  // The alerts an import's landing raises, and an inquiry on the first unit's, so an alerts page
  // reads subjects and latest inquiries as a frontend's dashboard does.
  const { evaluateAlerts } = await import('../../functions/src/budget/alerts/evaluation');
  const evaluation = await evaluateAlerts(TENANT_ID, BUDGET_YEAR, { jobId: 'bench-seed' });
  const firstAlerts = (await call<{ alerts: { edges: { node: { id: string; unit: { code: string } } }[] } }>(budget, FIRST_ALERTS, {}, 'alerts')).alerts.edges;
  const unitCode = firstAlerts[0]?.node.unit.code;
  const alertIds = firstAlerts.filter((e) => e.node.unit.code === unitCode).slice(0, 5).map((e) => e.node.id);
  if (alertIds.length > 0) await call(budget, SEND_INQUIRY, { input: { alertIds, question: '请说明执行偏差的原因。', dueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), idempotencyKey: 'bench-inquiry' } }, 'sendInquiry');
  log(`  budget alerts: ${evaluation.raised} raised; an inquiry on ${alertIds.length} of unit ${unitCode ?? '(none)'}`);

  return {
    tokens: { platform, admin, staff, budget, deputy, liaisons },
    contactPointIds,
    draftId: draft.id,
    version1Id: v1.id,
    version2Id: v2.id,
    version1Text,
    version2Text,
    consultationId: consultation.id,
    writeDraft: { id: writeDraft.id, revision: writeDraft.revision },
    articleCounts: [v1.articleCount, v2.articleCount],
    characterCounts: [v1.characterCount, v2.characterCount],
    feedbackCount: feedbackIds.length,
    seedMs: performance.now() - started,
  };
}
