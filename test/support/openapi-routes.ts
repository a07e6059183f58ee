/**
 * The routes of `GET /api/openapi.json`, read so that tests cover every
 * documented route, new ones included, without listing them by hand.
 */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
  /** the route's access level (`@Access`): public, user, admin or super_admin */
  'x-access'?: string;
  'x-changes-state'?: true | { when_query: string };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Route {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  path: string;
  /** path parameters, with their documented type */
  params: { name: string; type: string }[];
  /** documented body properties (`$ref`s and `allOf` resolved) */
  body: Record<string, Schema>;
  required: string[];
  /** the route's access level as a list: empty for a public route */
  roles: string[];
  /** `@ChangesState()`: always, only when the query names a parameter, or never */
  changesState: { whenQuery?: string } | undefined;
}

export function resolve(doc: OpenApiDoc, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map((s) => resolve(doc, s));
  return {
    ...schema,
    properties: Object.assign({}, schema.properties, ...parts.map((p) => p.properties ?? {})),
    required: [...(schema.required ?? []), ...parts.flatMap((p) => p.required ?? [])],
  };
}

export function routes(doc: OpenApiDoc): Route[] {
  const out: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const params = (operation.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => ({ name: p.name, type: resolve(doc, p.schema).type ?? 'string' }));
      const schema = resolve(doc, operation.requestBody?.content?.['application/json']?.schema);
      const access = operation['x-access'];
      const roles = access && access !== 'public' ? [access] : [];
      const declared = operation['x-changes-state'];
      const changesState = declared === undefined ? undefined : declared === true ? {} : { whenQuery: declared.when_query };
      out.push({
        method: method as Route['method'],
        path,
        params,
        body: schema.properties ?? {},
        required: schema.required ?? [],
        roles,
        changesState,
      });
    }
  }
  return out;
}

export const isNumeric = (type: string): boolean => type === 'number' || type === 'integer';

/** A documented value of the property's type: its example, first enum value, or a plain one. */
export function exampleOf(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return 1;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return 'text';
  }
}

/** The route's required body properties with example values. */
export const exampleBody = (route: Route): Record<string, unknown> =>
  Object.fromEntries(route.required.map((name) => [name, exampleOf(route.body[name] ?? {})]));
