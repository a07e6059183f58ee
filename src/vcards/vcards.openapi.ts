import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiValidationResponse, textBody } from '../common/openapi';
import { VcardDto } from './dto/vcard.dto';
import { VcardResponse } from './dto/vcard.response';

const UID = 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
const STORED = `BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\nUID:${UID}\nEND:VCARD\n`;
const NOT_FOUND = 'No stored card with that UID: `Missing elements to perform the request`';

export const ApiVcardUuid = () => ApiParam({ name: 'uuid', type: String, example: UID, description: "the card's UID (may contain `:`)" });

export const ApiVcardList = () =>
  applyDecorators(
    ApiExtraModels(VcardResponse),
    ApiOkResponse({
      description: '`{uid: item, …}` in storage order; `[]` (an empty array) when there is none',
      schema: {
        oneOf: [
          { type: 'object', additionalProperties: { $ref: getSchemaPath(VcardResponse) } },
          { type: 'array', maxItems: 0, items: {} },
        ],
      },
    }),
  );

export const ApiVcardItem = () =>
  applyDecorators(ApiVcardUuid(), ApiOkResponse({ type: VcardResponse }), ApiNotFoundResponse({ description: NOT_FOUND }));

export const ApiVcardCreation = () =>
  applyDecorators(
    ApiBody({ type: VcardDto }),
    ApiOkResponse({ description: 'The normalised vCard text, as stored', content: textBody(STORED) }),
    ApiConflictResponse({ description: 'A card with that UID is already stored: `Vcard already exists`' }),
    ApiValidationResponse(),
  );

export const ApiVcardReplacement = () =>
  applyDecorators(
    ApiVcardUuid(),
    ApiBody({ type: VcardDto }),
    ApiOkResponse({ description: 'The normalised vCard text, as stored', content: textBody(STORED) }),
    ApiResponse({
      status: 422,
      description: 'Validation failed, or the card\'s UID is not `{uuid}`: `{"message": "UUID should be the same"}`',
    }),
    ApiNotFoundResponse({ description: NOT_FOUND }),
  );

export const ApiVcardRemoval = () =>
  applyDecorators(
    ApiVcardUuid(),
    ApiOkResponse({ description: '`1`', content: textBody('1') }),
    ApiNotFoundResponse({ description: NOT_FOUND }),
  );

export const ApiVcardTexts = () =>
  ApiOkResponse({
    description: 'The stored cards, each followed by an empty line; an empty body when none (no blocked or expired-Space check)',
    content: textBody(`${STORED}\n`),
  });

export const ApiVcardText = () =>
  applyDecorators(
    ApiVcardUuid(),
    ApiOkResponse({ description: 'The stored card', content: textBody(STORED) }),
    ApiNotFoundResponse({ description: NOT_FOUND }),
  );
