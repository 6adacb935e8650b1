import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import { requestLogger as loggerForRequest, type RequestLogger } from '../core/logger';
import { principalFromClaims, verifyLocalToken, type Principal } from '../core/auth';
import { config } from '../core/config';
import { DomainError, RateLimitedError, UnauthenticatedError } from '../core/errors';
import { PLATFORM_TENANT_ID } from '../core/ids';
import { currentRequestId } from '../core/request-id';
import { createItemLoader } from '../data/batch';
import type { RequestInfo } from '../data/audit';
import { AuditService } from '../audit/service';
import { consumeRequest, limitsFor } from '../data/rate-limit';
import type { TenantRecord } from '../tenancy/records';
import { isIntrospectionOnly } from './introspection';
import { readRawRequest } from './request-guard';
import { TenancyService } from '../tenancy/service';
import { LegislationService } from '../legislation/service';
import { ConsultationService } from '../legislation/consultations';
import { FeedbackService } from '../feedback/service';
import { AttachmentService } from '../feedback/attachments';
import { getTenantCached } from '../tenancy/tenant-cache';
import { BudgetService } from '../budget/service';
import { BudgetImportService } from '../budget/imports/service';
import { AlertService } from '../budget/alerts/service';
import { FindingService } from '../budget/findings/service';
import { RatingService } from '../budget/ratings/service';
import { InquiryService } from '../budget/inquiries/service';
import { QuestionService } from '../budget/questions/service';

/** Everything a resolver may use: who is calling and the per-request services (with their loaders). */
export interface GraphQLContext {
  readonly principal: Principal;
  readonly requestId: string;
  /** The function's logger; every line it writes carries this request's id. */
  readonly logger: RequestLogger;
  readonly tenancy: TenancyService;
  readonly legislation: LegislationService;
  readonly consultations: ConsultationService;
  readonly feedback: FeedbackService;
  readonly attachments: AttachmentService;
  readonly audit: AuditService;
  readonly budget: BudgetService;
  readonly budgetImports: BudgetImportService;
  readonly alerts: AlertService;
  readonly findings: FindingService;
  readonly ratings: RatingService;
  readonly inquiries: InquiryService;
  readonly questions: QuestionService;
  /**
   * Settles when the request has been counted against its rate limits; rejects with the 429 refusal
   * (or the write's own error). Awaited by the `awaitAdmission` plugin (plugins.ts), not here.
   */
  readonly admission: Promise<void>;
}

type EventWithAuthorizer = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

/** Claims verified by API Gateway's JWT authorizer (Cognito), or by this code for local tokens. */
async function verifiedClaims(event: EventWithAuthorizer): Promise<unknown> {
  const settings = config();
  if (settings.authMode === 'cognito') {
    const claims = event.requestContext.authorizer?.jwt?.claims;
    if (!claims) throw new UnauthenticatedError();
    return claims;
  }
  const token = bearerToken(event);
  if (!token) throw new UnauthenticatedError();
  return verifyLocalToken(token, settings.localJwtSecret ?? '');
}

function bearerToken(event: EventWithAuthorizer): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
}

/** Who may read the schema without a token: nobody in AWS (the authorizer stands in front). */
const SCHEMA_READER: Principal = { userId: 'anonymous', tenantId: PLATFORM_TENANT_ID, roles: [], contactPointId: null, unitCode: null };

/**
 * Locally, a request with no credentials at all that only introspects the schema is let through,
 * so GraphiQL's docs and graphql-codegen by URL work; it has no role, so it can read nothing else.
 */
function mayReadSchemaAnonymously(event: EventWithAuthorizer): boolean {
  if (config().authMode !== 'local' || event.headers?.authorization || event.headers?.Authorization) return false;
  try {
    return isIntrospectionOnly(readRawRequest(event).query);
  } catch {
    return false;
  }
}

export interface Caller {
  readonly principal: Principal;
  /** The caller's tenant record; null for the platform operator. */
  readonly tenant: TenantRecord | null;
}

export async function authenticate(event: EventWithAuthorizer): Promise<Caller> {
  const principal = principalFromClaims(await verifiedClaims(event));
  if (principal.tenantId === PLATFORM_TENANT_ID) return { principal, tenant: null };
  const tenant = await getTenantCached(principal.tenantId);
  if (!tenant) throw new UnauthenticatedError('The token names a tenant that does not exist');
  return { principal, tenant };
}

/**
 * Counts the request against its tenant's and user's limits (a conditional write, or a share this
 * container already took: data/rate-limit.ts), started now
 * and awaited by the `awaitAdmission` plugin: rejects with the 429 refusal, or with the write's error.
 */
function startAdmission(caller: Caller, logger: RequestLogger): Promise<void> {
  const settings = config();
  const limits = limitsFor(caller.tenant, settings.rateLimits);
  const admission = consumeRequest(caller.principal.tenantId, caller.principal.userId, limits, settings.rateLimitReservation).then(
    (decision) => {
      if (!decision.allowed) throw refusal(new RateLimitedError(decision.limit, decision.retryAfterSeconds));
    },
    (error: unknown) => {
      // Answered as a masked 500 by Apollo's error response, which logs nothing itself.
      logger.error('Unexpected error while counting the request against its rate limits', { error: error instanceof Error ? error : String(error) });
      throw error;
    },
  );
  // The plugin handles the outcome; a refusal that settles before it looks is no unhandled rejection.
  admission.catch(() => undefined);
  return admission;
}

const ADMITTED: Promise<void> = Promise.resolve();

/** A refusal (401, or 429 with Retry-After), with the HTTP status and headers API Gateway would use. */
function refusal(error: DomainError): GraphQLError {
  if (error instanceof RateLimitedError) {
    const headers = new HeaderMap([['retry-after', String(error.retryAfterSeconds)]]);
    return new GraphQLError(error.message, { extensions: { ...error.extensions(), code: error.code, http: { status: 429, headers } } });
  }
  return new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
}

export async function buildContext(
  event: APIGatewayProxyEventV2,
  lambdaContext: LambdaContext | undefined,
  logger: Logger,
): Promise<GraphQLContext> {
  const requestId = currentRequestId() ?? lambdaContext?.awsRequestId ?? event.requestContext?.requestId ?? 'local';
  const requestLogger = loggerForRequest(logger, requestId);
  let principal: Principal;
  let admission = ADMITTED;
  try {
    if (mayReadSchemaAnonymously(event as EventWithAuthorizer)) {
      principal = SCHEMA_READER;
    } else {
      const caller = await authenticate(event as EventWithAuthorizer);
      admission = startAdmission(caller, requestLogger);
      principal = caller.principal;
    }
  } catch (error) {
    // No operation ran: answer 401 like the API Gateway authorizer would.
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
  // Services record each change with the request id the logs carry (data/audit.ts).
  const request: RequestInfo = { requestId };
  const tenancy = new TenancyService(principal, createItemLoader('platform'), request);
  const legislation = new LegislationService(principal, createItemLoader('legislation'), request);
  const consultations = new ConsultationService(principal, legislation, tenancy, request);
  const feedback = new FeedbackService(principal, createItemLoader('feedback'), legislation, consultations, request);
  // One loader for the budget table: an alert page's lines, payments, latest inquiries and counts are one BatchGetItem.
  const budgetItems = createItemLoader<Record<string, unknown>>('budget');
  const budget = new BudgetService(principal, createItemLoader('budget'));
  const alerts = new AlertService(principal, budgetItems, request);
  const findings = new FindingService(principal, budgetItems, request);
  return {
    principal,
    requestId,
    logger: requestLogger,
    tenancy,
    legislation,
    consultations,
    feedback,
    attachments: new AttachmentService(principal, feedback, request),
    audit: new AuditService(principal),
    budget,
    budgetImports: new BudgetImportService(principal, request),
    alerts,
    inquiries: new InquiryService(principal, budgetItems, request),
    questions: new QuestionService(principal, budgetItems, request, budget, alerts, findings),
    findings,
    ratings: new RatingService(principal, findings, request),
    admission,
  };
}
