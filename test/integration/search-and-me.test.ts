/**
 * The two reads the console leans on: /v1/me (who the token is and what it may do, from `scope` or
 * `scp`) and /v1/search (entities by part of an id or name, complete through its pages).
 */
import { SignJWT } from 'jose';
import { signToken } from '../../src/http/auth';
import { startTestService, T, TEST_SECRET, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

/** scpToken signs a token whose scopes are in `scp`, as Okta (an array) and Entra (a string) write them; signToken writes `scope`. */
function scpToken(sub: string, scp: string[] | string): Promise<string> {
  return new SignJWT({ scp }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(TEST_SECRET));
}

describe('GET /v1/me', () => {
  it("answers the token's sub and its scopes, sorted", async () => {
    const res = await svc.get('/v1/me', await svc.token('read audit', 'auditor-maria'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: 'auditor-maria', scopes: ['audit', 'read'] });
  });

  it('reads scp as an identity provider writes it, an array or a string', async () => {
    const array = await scpToken('okta-app', ['check', 'write']);
    expect((await svc.get('/v1/me', array)).body).toEqual({ sub: 'okta-app', scopes: ['check', 'write'] });
    const text = await scpToken('entra-app', 'read');
    expect((await svc.get('/v1/me', text)).body).toEqual({ sub: 'entra-app', scopes: ['read'] });
  });

  it('is a 401 for a token that does not verify', async () => {
    const forged = await signToken('another-secret-0123456789abcdef0123', { sub: 'mallory', scope: 'admin' }, 600);
    const res = await svc.get('/v1/me', forged);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBeDefined();
  });
});

describe('GET /v1/search', () => {
  const tag = uid('sok');
  const names = { org: `${tag}-kund`, reseller: `${tag}-byra`, user: `${tag}-lena` };

  beforeAll(async () => {
    expect((await svc.post('/v1/tuples', { writes: [T(`user:${names.user}`, 'member', `organization:${names.org}`), T(`reseller:${names.reseller}`, 'reseller', `organization:${names.org}`)] })).status).toBe(200);
    expect((await svc.request('PUT', `/v1/resellers/${names.reseller}`, { body: JSON.stringify({ name: `Byrån ${tag.toUpperCase()}` }) })).status).toBe(200);
  });

  it('finds users, organizations and resellers by part of the id, in type:id order', async () => {
    const res = await svc.get(`/v1/search?q=${tag}`, await svc.token('read'));
    expect(res.status).toBe(200);
    expect(res.body.entities.map((e: { type: string; id: string }) => `${e.type}:${e.id}`)).toEqual([`organization:${names.org}`, `reseller:${names.reseller}`, `user:${names.user}`]);
    expect(res.body.cursor).toBeNull();
  });

  it('finds by part of the name ignoring case, and narrows by type', async () => {
    const byName = await svc.get(`/v1/search?q=${encodeURIComponent(`byrån ${tag}`)}`);
    expect(byName.body.entities).toEqual([expect.objectContaining({ type: 'reseller', id: names.reseller, name: `Byrån ${tag.toUpperCase()}` })]);
    const users = await svc.get(`/v1/search?q=${tag}&type=user&type=reseller`);
    expect(users.body.entities.map((e: { id: string }) => e.id)).toEqual([names.reseller, names.user]);
  });

  it('is complete through its pages, nothing repeated', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { entities: { id: string }[]; cursor: string | null } } = await svc.get(`/v1/search?q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.entities.map((e) => e.id));
      cursor = res.body.cursor;
    } while (cursor);
    expect(seen).toEqual([names.org, names.reseller, names.user]);
  });

  it('refuses an empty text, and needs the read scope', async () => {
    expect((await svc.get('/v1/search?q=%20%20')).status).toBe(400);
    expect((await svc.get('/v1/search')).status).toBe(400);
    expect((await svc.get(`/v1/search?q=${tag}`, await svc.token('check'))).status).toBe(403);
  });
});
