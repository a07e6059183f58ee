import type { Settings } from '../config/settings';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * `GET /provisioning/documentation`: what a Linphone user or an operator
 * needs to point a client at this server. `baseUrl` comes from the request's
 * Host, hence escaped like every other value.
 */
export function documentationPage(baseUrl: string, settings: Settings): string {
  const url = (path: string) => `<code>${escapeHtml(baseUrl + path)}</code>`;
  const sip: string[] = [];
  if (settings.proxyRegistrarAddress) sip.push(`<li>Proxy / registrar: <code>${escapeHtml(settings.proxyRegistrarAddress)}</code></li>`);
  if (settings.transportProtocolText) sip.push(`<li>Transport: <code>${escapeHtml(settings.transportProtocolText)}</code></li>`);
  const header = settings.provisioningUseXLinphoneHeader
    ? '<p>Requests must carry the <code>x-linphone-provisioning</code> header (any value), as Linphone clients send it; without it the answer is <code>400</code>.</p>'
    : '<p>The <code>x-linphone-provisioning</code> header is not required on this server.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Provisioning</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}code{background:#f3f3f3;padding:0 .2em;border-radius:3px}li{margin:.3em 0}</style>
</head>
<body>
<h1>Provisioning</h1>
<p>Linphone clients configure themselves from an XML document (the <em>remote provisioning</em> format) fetched over HTTP.
Set the client's remote provisioning URL to one of the addresses below, or scan the QR code of a provisioning link.</p>
<ul>
<li>${url('/provisioning')}: the server's common settings, no account.</li>
<li>${url('/provisioning/{provisioning_token}')}: the settings and the credentials (password hashes) of the account owning this one-time token; the account is activated and the token used up.</li>
<li>${url('/provisioning/qrcode/{provisioning_token}')}: that link as a QR code (PNG).</li>
<li>${url('/provisioning/auth_token/{auth_token}')}: the account a logged-in device attached to this auth token; usable once.</li>
<li>${url('/provisioning/me')}: the authenticated account's settings (API key or DIGEST).</li>
</ul>
<p>Add <code>?reset_password</code> to a link to give the account a new random password: the XML then carries its hash, and older devices must be provisioned again.</p>
${header}
${sip.length > 0 ? `<h2>SIP settings</h2>\n<ul>\n${sip.join('\n')}\n</ul>` : ''}
</body>
</html>
`;
}
