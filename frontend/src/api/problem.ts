/**
 * The one place where a failed call becomes words for the shopper. The gateway and the services
 * answer errors as RFC 9457 problem details; anything else (no answer, an HTML error page from a
 * proxy) is described here too, so no page has to guess.
 */

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** The shop's own name for the problem, like "ACCOUNT_NOT_FOUND". */
  code?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  /** Reasons per field, keyed by the field's name as the API spells it ("price", "items[0].quantity"). */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** The problem's `code` when the shop names it ("ACCOUNT_NOT_FOUND"), else null. */
  readonly code: string | null;

  constructor(
    status: number,
    message: string,
    title: string,
    fieldErrors: Record<string, string> = {},
    code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.fieldErrors = fieldErrors;
    this.code = code;
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /** True when repeating the same request later may succeed (nothing reached the shop, or it was busy). */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const FALLBACK_BY_STATUS: Record<number, string> = {
  0: 'The shop could not be reached. Check your connection and try again.',
  400: 'Some of the information given is not valid.',
  401: 'Please sign in to continue.',
  403: 'You are not allowed to do this.',
  404: 'This could not be found.',
  409: 'This conflicts with something that already exists.',
  422: 'This request could not be processed.',
  429: 'Too many requests at once. Please wait a moment and try again.',
  502: 'The shop is not available right now. Please try again in a moment.',
  503: 'The shop is not available right now. Please try again in a moment.',
  504: 'The shop took too long to answer. Please try again in a moment.',
};

export function fallbackMessage(status: number): string {
  return (
    FALLBACK_BY_STATUS[status] ??
    (status >= 500 ? 'Something went wrong in the shop. Please try again in a moment.' : 'The request failed.')
  );
}

/** Builds the error for a failed response from its problem details, when it has any. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const problem = isProblem(body) ? body : {};
  const fieldErrors: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    if (error && typeof error.field === 'string' && typeof error.reason === 'string') {
      fieldErrors[error.field] = fieldErrors[error.field]
        ? `${fieldErrors[error.field]}; ${error.reason}`
        : error.reason;
    }
  }
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  const detail = cleanText(problem.detail);
  const title = cleanText(problem.title) ?? fallbackMessage(status);
  // With per-field reasons the summary stays general: the reasons are shown next to their fields.
  const message = hasFieldErrors
    ? 'Please correct the highlighted fields.'
    : (detail ?? fallbackMessage(status));
  return new ApiError(status, sentence(message), title, fieldErrors, cleanText(problem.code) ?? null);
}

/** The error for a call that never got an answer. */
export function networkError(): ApiError {
  return new ApiError(0, fallbackMessage(0), 'Not reachable');
}

/** Any thrown value, in words. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** A field's name as a person reads it: "items[0].quantity" becomes "quantity (line 1)". */
export function describeField(field: string): string {
  const line = /^items\[(\d+)\]\.(\w+)$/.exec(field);
  const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (line) return `${words(line[2])} (line ${Number(line[1]) + 1})`;
  return words(field);
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function cleanText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function sentence(text: string): string {
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
