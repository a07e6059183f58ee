import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** The 422 shape every validated route may answer. */
export const ApiValidationResponse = () =>
  applyDecorators(
    ApiResponse({
      status: 422,
      description: 'Validation failed: `{"message": "...", "errors": {"field": ["..."]}}`',
      schema: {
        type: 'object',
        properties: {
          message: { type: 'string' },
          errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
      },
    }),
  );

/** A text/html body such as the reference's `1` / `0` answers. */
export const textBody = (example: string) => ({ 'text/html': { schema: { type: 'string' }, example } });
