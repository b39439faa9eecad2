import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One problem with one field of a request, as `error.issues` reports it. */
export interface Issue {
  path: string;
  message: string;
}

/** The `error` object of the failure envelope. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
}

/**
 * The one error type of the service. Anything thrown that is not an ApiError is a fault of
 * ours: it is logged and answered with a bare 500, so nothing internal reaches a caller.
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly issues: Issue[] | undefined;
  /** Seconds after which a retry may succeed, sent as `Retry-After`. */
  retryAfter: number | undefined;

  constructor(status: ContentfulStatusCode, code: string, message: string, issues?: Issue[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  static retryable(status: 429 | 503, code: string, message: string, retryAfter: number) {
    const error = new ApiError(status, code, message);
    error.retryAfter = Math.max(1, Math.ceil(retryAfter));
    return error;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    return body;
  }
}

export const invalidRequest = (message: string, issues?: Issue[]) =>
  new ApiError(400, 'invalid_request', message, issues);

export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);

export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);

export const notFound = (message: string) => new ApiError(404, 'not_found', message);

export const conflict = (message: string) => new ApiError(409, 'conflict', message);

export const rateLimited = (message: string, retryAfter: number) =>
  ApiError.retryable(429, 'rate_limited', message, retryAfter);

export const unavailable = (retryAfter = 1) =>
  ApiError.retryable(503, 'unavailable', 'The service is busy; try again shortly.', retryAfter);

/**
 * A refusal decided inside a Durable Object. Errors crossing an RPC boundary keep only
 * their message, so the object returns this plain shape and the Worker turns it back into
 * an ApiError.
 */
export interface Refusal {
  refused: {
    status: 403 | 404 | 409 | 423 | 429;
    code: string;
    message: string;
    retryAfter?: number;
  };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

/**
 * Returns the value of a Durable Object call, or throws the refusal it carries. The result type
 * leaves the refusal out even where RPC has rewritten its type, so that typed clients see only
 * the value.
 */
export function unwrap<T>(result: T): Exclude<T, Refusal> {
  if (isRefusal(result)) {
    const { status, code, message, retryAfter } = result.refused;
    if (status === 429) throw rateLimited(message, retryAfter ?? 1);
    throw new ApiError(status, code, message);
  }
  return result as Exclude<T, Refusal>;
}
