import { HttpException } from '@nestjs/common';

/** Error with a status and the reference's message text; rendered as `{"message": …}`. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly headers: Record<string, string | string[]> = {},
  ) {
    super({ message }, status);
  }
}

export const MISSING = 'Missing elements to perform the request';

export const notFound = (message = MISSING): ApiError => new ApiError(404, message);
export const forbidden = (message = ''): ApiError => new ApiError(403, message);
export const unauthorized = (message: string, headers: Record<string, string | string[]> = {}): ApiError =>
  new ApiError(401, message, headers);

/** One failed rule of one field, translated at render time. */
export interface FieldError {
  field: string;
  /** i18n key under `validation.` (translated) or undefined for a literal message */
  rule?: string;
  /** literal message (custom rules are never translated) */
  text?: string;
  params?: Record<string, string | number>;
}

/** 422 with `{message, errors: {field: [..]}}`; messages translated by the filter. */
export class ValidationFailed extends HttpException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('Validation failed', 422);
  }
}

/** A 422 whose body is given verbatim (reference quirks such as the old password one). */
export class RawUnprocessable extends HttpException {
  constructor(readonly body: unknown) {
    super('Unprocessable', 422);
  }
}
