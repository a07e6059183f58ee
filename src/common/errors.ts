import { HttpException } from '@nestjs/common';
import type { FieldError } from '../i18n/field-error';

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

/** One failed rule of one field (defined beside the translator that renders it). */
export type { FieldError };

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
