// Application errors with stable codes; the HTTP layer turns them into RFC 9457 problem+json.
export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (why: string) => new AppError(403, 'FORBIDDEN', why);
export const conflict = (code: string, why: string, extra: Record<string, unknown> = {}) => new AppError(409, code, why, [], extra);
export const invalid = (code: string, message: string, problems: FieldProblem[] = []) => new AppError(400, code, message, problems);
export const unprocessable = (code: string, message: string, problems: FieldProblem[] = []) => new AppError(422, code, message, problems);
