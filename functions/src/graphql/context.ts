import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import type { Logger } from '@aws-lambda-powertools/logger';
import { principalFromClaims, verifyLocalToken, type Principal } from '../core/auth';
import { config } from '../core/config';
import { DomainError, UnauthenticatedError } from '../core/errors';
import { PLATFORM_TENANT_ID } from '../core/ids';
import { createItemLoader } from '../data/batch';
import { TenancyService } from '../tenancy/service';
import { LegislationService } from '../legislation/service';
import { ConsultationService } from '../legislation/consultations';
import { FeedbackService } from '../feedback/service';
import { AttachmentService } from '../feedback/attachments';
import { getTenantCached } from '../tenancy/tenant-cache';
import { BudgetService } from '../budget/service';
import { BudgetImportService } from '../budget/imports/service';
import { AlertService } from '../budget/alerts/service';

/** Everything a resolver may use: who is calling and the per-request services (with their loaders). */
export interface GraphQLContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly logger: Logger;
  readonly tenancy: TenancyService;
  readonly legislation: LegislationService;
  readonly consultations: ConsultationService;
  readonly feedback: FeedbackService;
  readonly attachments: AttachmentService;
  readonly budget: BudgetService;
  readonly budgetImports: BudgetImportService;
  readonly alerts: AlertService;
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
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw new UnauthenticatedError();
  return verifyLocalToken(token, settings.localJwtSecret ?? '');
}

export async function authenticate(event: EventWithAuthorizer): Promise<Principal> {
  const principal = principalFromClaims(await verifiedClaims(event));
  if (principal.tenantId !== PLATFORM_TENANT_ID && !(await getTenantCached(principal.tenantId))) {
    throw new UnauthenticatedError('The token names a tenant that does not exist');
  }
  return principal;
}

export async function buildContext(
  event: APIGatewayProxyEventV2,
  lambdaContext: LambdaContext | undefined,
  logger: Logger,
): Promise<GraphQLContext> {
  const requestId = lambdaContext?.awsRequestId ?? event.requestContext?.requestId ?? 'local';
  logger.appendKeys({ requestId });
  let principal: Principal;
  try {
    principal = await authenticate(event as EventWithAuthorizer);
  } catch (error) {
    if (error instanceof DomainError) {
      // No operation ran: answer 401 like the API Gateway authorizer would.
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw error;
  }
  const tenancy = new TenancyService(principal, createItemLoader('platform'));
  const legislation = new LegislationService(principal, createItemLoader('legislation'));
  const consultations = new ConsultationService(principal, legislation, tenancy);
  // One loader for the budget table: an alert page's lines, payments and counts are one BatchGetItem.
  const budgetItems = createItemLoader<Record<string, unknown>>('budget');
  const feedback = new FeedbackService(principal, createItemLoader('feedback'), legislation, consultations);
  return {
    principal,
    requestId,
    logger,
    tenancy,
    legislation,
    consultations,
    feedback,
    attachments: new AttachmentService(principal, feedback),
    budget: new BudgetService(principal, budgetItems),
    budgetImports: new BudgetImportService(principal),
    alerts: new AlertService(principal, budgetItems),
  };
}
