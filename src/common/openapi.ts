import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

export const VALIDATION_SCHEMA = {
  type: 'object' as const,
  properties: {
    message: { type: 'string' as const },
    errors: { type: 'object' as const, additionalProperties: { type: 'array' as const, items: { type: 'string' as const } } },
  },
};

/** The 422 shape every validated route may answer. */
export const ApiValidationResponse = () =>
  applyDecorators(
    ApiResponse({
      status: 422,
      description: 'Validation failed: `{"message": "...", "errors": {"field": ["..."]}}`',
      schema: VALIDATION_SCHEMA,
    }),
  );

/** A text/html body such as the reference's `1` / `0` answers. */
export const textBody = (example: string) => ({ 'text/html': { schema: { type: 'string' }, example } });
