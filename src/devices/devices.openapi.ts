import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiServiceUnavailableResponse, ApiParam, getSchemaPath } from '@nestjs/swagger';
import { DeviceResponse } from './dto/device.response';

const EXAMPLE = 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77';

/** The list: an object keyed by uuid, `{}` when none (or Redis unavailable). */
export const ApiDeviceList = () =>
  applyDecorators(
    ApiExtraModels(DeviceResponse),
    ApiOkResponse({
      description: "`{uuid: device, …}`; `{}` when there is none, and when the registrar's Redis is unavailable",
      schema: {
        type: 'object',
        additionalProperties: { $ref: getSchemaPath(DeviceResponse) },
        example: {
          [EXAMPLE]: {
            uuid: EXAMPLE,
            update_time: '2024-12-10T10:26:40.000000Z',
            user_agent: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0',
          },
        },
      },
    }),
  );

/** The deletion: always an empty body. */
export const ApiDeviceRemoval = () =>
  applyDecorators(
    ApiParam({ name: 'uuid', type: String, example: EXAMPLE, description: "the device's `+sip.instance` (may contain `:`)" }),
    ApiOkResponse({ description: 'Empty body, whether or not the device was registered' }),
    ApiServiceUnavailableResponse({ description: "The registrar's Redis is unavailable (`Retry-After`)" }),
  );
