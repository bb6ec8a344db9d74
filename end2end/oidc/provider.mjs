// A real OpenID provider for the tests (npm `oidc-provider`, an OpenID-certified
// implementation) on loopback, with its development sign-in pages.
//
// Environment: OIDC_CLIENTS, a JSON list of clients ({ client_id, client_secret,
// redirect_uris }); OIDC_ACCOUNTS, a JSON object of accounts by subject ({ email, name,
// groups }); OIDC_ID_TOKEN_TTL, how long ID tokens last. It listens on a free port and prints `listening on <issuer>` once ready.
// `PUT /test/accounts/<subject>` with a JSON body replaces an account's claims (a group
// removed between two sign-ins, say).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]');
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients,
  findAccount: (_ctx, sub) =>
    accounts[sub] && { accountId: sub, claims: () => ({ sub, email_verified: true, ...accounts[sub] }) },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  pkce: { required: () => true },
  // Put the claims in the ID token, as Entra ID and Google Workspace do, not only behind
  // the userinfo endpoint.
  conformIdTokenClaims: false,
  // OIDC_ID_TOKEN_TTL (seconds): short, to test an expired ID token.
  ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL ?? 3600) },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['mamoru-tests-only'] },
});
// Plain HTTP on loopback is fine for a test provider.
provider.proxy = false;

server.on('request', (req, res) => {
  const put = req.method === 'PUT' && req.url.startsWith('/test/accounts/');
  if (!put) return provider.callback()(req, res);
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    accounts[decodeURIComponent(req.url.slice('/test/accounts/'.length))] = JSON.parse(body);
    res.writeHead(204).end();
  });
});
console.log(`listening on ${issuer}`);
