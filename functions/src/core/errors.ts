/**
 * Domain errors. Services throw these; `formatError` maps them once to GraphQL errors with
 * `extensions.code`. Anything else is masked as INTERNAL_SERVER_ERROR.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, client-safe extensions (e.g. the offending field). */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'A valid bearer token is required') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Your role may not do this') {
    super(message);
  }
}

/** Also used for ids of another tenant: they must look exactly like ids that do not exist. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
    /** More client-safe detail, e.g. the `line` of a draft text that does not parse. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return { ...this.details, field: this.field };
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly from: string,
    readonly to: string,
    reason?: string,
  ) {
    super(`Cannot move from ${from} to ${to}${reason ? `: ${reason}` : ''}`);
  }
  override extensions(): Record<string, unknown> {
    return { from: this.from, to: this.to };
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly limit: 'tenant' | 'user',
    /** Seconds until the current window ends (also the HTTP Retry-After). */
    readonly retryAfterSeconds: number,
  ) {
    super(
      limit === 'tenant'
        ? 'Too many requests from this congress; try again shortly'
        : 'Too many requests from this user; try again shortly',
    );
  }
  override extensions(): Record<string, unknown> {
    return { limit: this.limit, retryAfter: this.retryAfterSeconds };
  }
}

/** A referenced object that must exist (a nested field's parent points at it); NOT_FOUND otherwise. */
export async function found<T>(value: Promise<T | null>, what: string): Promise<T> {
  const result = await value;
  if (result === null) throw new NotFoundError(what);
  return result;
}
