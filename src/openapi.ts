import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { completeDocument } from './common/openapi-document';

const DESCRIPTION = `
The Flexisip Account Manager REST API (FlexiAPI), compatible with the reference implementation.

Every request is served in the **Space** whose \`host\` equals the request's \`Host\` header (port ignored).

Authenticated routes accept, in this order: a JWT bearer token, an API key (\`x-api-key\` header or cookie),
then HTTP DIGEST (RFC 7616, MD5 and SHA-256) with the SIP identity in \`From: sip:user@domain\`.
The access level of each route (public, user, admin, super_admin) is its \`x-access\` extension;
public routes need no credentials.

Errors are \`{"message": "..."}\`; validation errors are \`422 {"message": "...", "errors": {"field": ["..."]}}\`,
in English or French as \`Accept-Language\` asks (q-values honoured, \`fr-FR\` counts as \`fr\`).
`;

/** `GET /api`: interactive documentation; `GET /api/openapi.json`: the description. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('FlexiAPI')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    // relative: the document is served by the service it describes, on the Space's own Host
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'jwt')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api_key_header')
    .addApiKey({ type: 'apiKey', in: 'cookie', name: 'x-api-key' }, 'api_key_cookie')
    .addSecurity('digest', {
      type: 'http',
      scheme: 'digest',
      description: 'RFC 7616 DIGEST (MD5, SHA-256); send `From: sip:user@domain` with every request',
    })
    .build();
  // built on the first request for it, not at every start (scanning every route's metadata costs ~0.2 s)
  SwaggerModule.setup('api', app, () => completeDocument(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'FlexiAPI documentation',
  });
}
