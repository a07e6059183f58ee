import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiParam } from '@nestjs/swagger';

/** `400 {"message": "Database error"}`: what the database refused, as the reference says it. */
export const ApiDatabaseError = (when: string) =>
  applyDecorators(ApiBadRequestResponse({ description: `\`{"message": "Database error"}\`: ${when}` }));

export const ApiSipParam = (name: string) =>
  ApiParam({ name, example: 'bob@sip.example.org', description: "`user@domain` (Flexisip's form, no `sip:`); else 422 on this name" });

export const ApiDeviceParam = (name = 'device_id') =>
  ApiParam({
    name,
    example: '9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
    description: "the device (Flexisip's contact key), at most 64 characters",
  });

export const SPACE_RULE =
  "A plain admin writes only records with a party (sender, recipient, caller, callee, participant) in its Space's domain; " +
  'the records of other Spaces answer as unknown ones.';
