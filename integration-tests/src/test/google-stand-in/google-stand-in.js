// A Google-like OpenID provider on loopback for the Google Workspace customer ITs: Google's claims
// (hd = the Workspace's primary domain, absent for consumer accounts; email_verified), RS256 ID
// tokens, client_secret_post, PKCE S256. Configuration as JSON on stdin:
// {"port", "clientId", "clientSecret", "redirectUri", "accounts": [{"login", "email", "hd", "givenName", "familyName"}]}
// Prints "listening <issuer>" once it serves; a browser signs in with the login name (any password).
import Provider from 'oidc-provider';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const config = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = new Map(config.accounts.map((a) => [a.login, a]));

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.clientId,
    client_secret: config.clientSecret,
    redirect_uris: [config.redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // Google puts its identity claims in the ID token itself, hd included
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub', 'hd'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  pkce: { required: () => false },
  features: { devInteractions: { enabled: true } },
  // one consent for the scopes asked, as Google's first sign-in shows
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        // sub is the account id (the login name), as Google's is its stable account number
        const claims = {
          sub: id,
          email: account.email,
          email_verified: true,
          name: `${account.givenName} ${account.familyName}`,
          given_name: account.givenName,
          family_name: account.familyName,
        };
        if (account.hd) claims.hd = account.hd;
        return claims;
      },
    };
  },
});
provider.proxy = false;
provider.listen(config.port, '127.0.0.1', () => console.log(`listening ${issuer}`));
