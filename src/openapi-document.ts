import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { ACCESS_EXTENSION, Role, SECURITY_SCHEMES } from './auth/access.decorator';
import { HOSTLESS } from './common/http-pipeline';

/** The JSON body of every error (HttpExceptionFilter): `errors` only on a 422. */
export const ERROR_SCHEMA_NAME = 'Error';
const ERROR_SCHEMA = {
  type: 'object' as const,
  required: ['message'],
  properties: {
    message: { type: 'string' as const, example: 'Unauthorized area' },
    errors: {
      type: 'object' as const,
      description: 'on a 422: the messages of each invalid field',
      additionalProperties: { type: 'array' as const, items: { type: 'string' as const } },
      example: { email: ['The email field must be a valid email address.'] },
    },
  },
};
const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } } };

const DENIED: Record<Role, string> = {
  [Role.Public]: '',
  [Role.User]: 'The account is blocked, its Space has expired, or it belongs to another Space',
  [Role.Admin]: 'The account is not an admin of this Space, is blocked, or its Space has expired',
  [Role.SuperAdmin]: 'The account is not a super admin, is blocked, or its Space has expired',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * What the decorators cannot say route by route, applied once to the built
 * document: security from each route's access level (`@Access`, User when
 * absent, as the AuthGuard does), every path parameter declared, and the
 * error answers that apply, each with the error body.
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, [ERROR_SCHEMA_NAME]: ERROR_SCHEMA } };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(path, operation);
    }
  }
  return doc;
}

function completeOperation(path: string, operation: OperationObject): void {
  const record = operation as OperationObject & Record<string, unknown>;
  const role = (record[ACCESS_EXTENSION] as Role | undefined) ?? Role.User;
  record[ACCESS_EXTENSION] = role;
  // any one of the schemes is enough; OpenAPI 3.0 wants empty scopes outside OAuth2, the level is in `x-access`
  operation.security = role === Role.Public ? [] : SECURITY_SCHEMES.map((scheme) => ({ [scheme]: [] }));
  declarePathParameters(path, operation);

  const hostless = HOSTLESS.has(path.replace(/\{([^}]+)\}/g, ':$1'));
  if (role !== Role.Public) {
    answer(operation, 401, 'No credentials, or wrong ones (a DIGEST challenge is in `WWW-Authenticate`)');
    answer(operation, 403, DENIED[role]);
  }
  if (!hostless)
    answer(
      operation,
      404,
      /\{/.test(path) ? 'No Space serves this `Host`, or what the path names does not exist' : 'No Space serves this `Host`',
    );
  if (operation.requestBody || (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'query')) {
    answer(operation, 422, 'Invalid input: `errors` gives the messages of each field');
  }
  if (path.startsWith('/api/')) answer(operation, 429, 'Too many requests from this address: retry after `Retry-After` seconds');
  if (!hostless || path === '/health') answer(operation, 503, 'The database is unreachable: retry after `Retry-After` seconds');
}

/** `{key}` in the path and no parameter for it (a custom param decorator reads it): a plain string. */
function declarePathParameters(path: string, operation: OperationObject): void {
  const parameters = (operation.parameters ??= []);
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (!parameters.some((p) => 'in' in p && p.in === 'path' && p.name === name)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
}

/** Adds the answer, or gives an existing one without a body the error body. */
function answer(operation: OperationObject, status: number, description: string): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  if (!existing) operation.responses[status] = { description, content: errorContent };
  else if (!('$ref' in existing) && !existing.content) existing.content = errorContent;
}
