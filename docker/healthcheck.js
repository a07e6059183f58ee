// The image's HEALTHCHECK: GET /health on the service's own port, over TLS when it is configured.
// Exit 0 when it answers 200, else 1 (the slim image has no curl).
const http = require('node:http');
const https = require('node:https');

const port = Number(process.env.APP_PORT || process.env.PORT || 8000);
const tls = Boolean(process.env.APP_TLS_CERT_PATH);
// the certificate names the public host, not 127.0.0.1: only the answer matters here
const request = (tls ? https : http).get({ host: '127.0.0.1', port, path: '/health', timeout: 4000, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timeout')));
request.on('error', () => process.exit(1));
