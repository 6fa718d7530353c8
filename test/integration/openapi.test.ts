/**
 * The OpenAPI document and the routes cannot drift: every mounted route is in the table of
 * operations and every entry of it is mounted, the served document and the mounted routes agree
 * scope for scope, the document states the limits, and it is served without a token as valid 3.1.
 */
import type { Express } from 'express';
import { MAX_BODY_MIB, MAX_CHECKS_PER_BATCH, MAX_PATHS, MAX_TUPLES_PER_WRITE, PAGE_MAX, WHAT_IF_MAX } from '../../src/domain/limits';
import { SCOPES } from '../../src/http/auth';
import { ALL_OPERATIONS as OPERATIONS } from '../../src/http/surfaces';
import { openApiPath } from '../../src/http/openapi';
import { startTestService, type TestService } from '../fixtures/harness';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

interface Layer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** mountedRoutes walks Express's router stack and lists every `METHOD /path` it answers. */
function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const raw = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      if (layer.route) {
        // A router's root route answers at the mount path itself (OpenFGA's GET /stores).
        const route = layer.route.path === '/' && prefix ? '' : layer.route.path;
        for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${prefix}${route}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, raw === '/' ? prefix : prefix + raw);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out.sort();
}

describe('the table of operations', () => {
  it('lists exactly the routes the app mounts', () => {
    const listed = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    const mounted = mountedRoutes(svc.service.app);
    expect(mounted.length).toBeGreaterThan(3);
    expect({ missingFromSpec: mounted.filter((r) => !listed.includes(r)), notMounted: listed.filter((r) => !mounted.includes(r)) }).toEqual({
      missingFromSpec: [],
      notMounted: [],
    });
  });

  it('lists each operation once', () => {
    const keys = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the one source of the document and the router: each mounted route is documented with the scope it enforces', async () => {
    const doc = (await svc.get('/openapi.json', null)).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const mounted = mountedRoutes(svc.service.app);
    expect(mounted.map((r) => openApiPath(r)).sort()).toEqual(documented.sort());
    for (const route of mounted) {
      const [method, path] = route.split(' ');
      const scope: string | undefined = doc.paths[openApiPath(path)][method.toLowerCase()]['x-required-scope'];
      const url = path.replace(/:[A-Za-z0-9_]+/g, 'single-source');
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const anyToken = (doc.paths[openApiPath(path)][method.toLowerCase()].security as unknown[]).length > 0;
      if (!scope && anyToken) {
        // Any valid token, of any scope: refused without one, answered with one that holds no scope.
        expect([route, (await svc.request(method, url, { body, token: null })).status]).toEqual([route, 401]);
        expect([route, (await svc.request(method, url, { body, token: svc.token('', 'single-source') })).status]).toEqual([route, 200]);
        continue;
      }
      if (!scope) {
        expect([route, (await svc.request(method, url, { body, token: null })).status]).toEqual([route, 200]);
        continue;
      }
      // Every scope but the documented one (and admin): the route must refuse, naming the documented scope.
      const others = SCOPES.filter((s) => s !== scope && s !== 'admin').join(' ');
      const res = await svc.request(method, url, { body, token: svc.token(others, 'single-source') });
      expect([route, res.status, res.headers.get('www-authenticate')]).toEqual([route, 403, expect.stringContaining(`scope="${scope}"`)]);
    }
  });
});

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document without a token', async () => {
    const res = await svc.get('/openapi.json', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('documents every operation with its scope, its input and its answers', async () => {
    const doc = (await svc.get('/openapi.json', null)).body;
    for (const op of OPERATIONS) {
      const o = doc.paths[openApiPath(op.path)]?.[op.method];
      expect(o).toBeDefined();
      expect(o.security).toEqual(op.scope === 'any' ? [{ bearerAuth: [] }] : op.scope ? [{ bearerAuth: [op.scope] }] : []);
      if (op.scope) expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(op.scope === 'any' ? ['401', '429'] : ['401', '403', '429']));
      if (op.body) {
        expect(o.requestBody.content['application/json'].schema.type).toBe('object');
        expect(o.responses['400']).toBeDefined();
        expect(o.responses['413']).toBeDefined();
      }
      for (const param of (o.parameters ?? []) as Array<{ in: string; name: string }>) {
        if (param.in === 'path') expect(op.path).toContain(`:${param.name}`);
      }
    }
  });

  it('states the id pattern and the tuple limit the validators enforce', async () => {
    const doc = (await svc.get('/openapi.json', null)).body;
    const body = doc.paths['/v1/tuples'].post.requestBody.content['application/json'].schema;
    expect(body.properties.writes.maxItems).toBe(1000);
    expect(body.properties.writes.items.properties.user.pattern).toContain('[A-Za-z0-9][A-Za-z0-9._@|-]{0,127}');
    expect(body.additionalProperties).toBe(false);
  });

  it('states the limits the validators enforce, from the same constants', async () => {
    const doc = (await svc.get('/openapi.json', null)).body;
    const body = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema;
    expect(MAX_CHECKS_PER_BATCH).toBe(100);
    expect(body('/v1/check/batch').properties.checks.maxItems).toBe(100);
    expect(body('/v1/tuples').properties.deletes.maxItems).toBe(MAX_TUPLES_PER_WRITE);
    expect(body('/v1/list-objects').properties.limit.maximum).toBe(PAGE_MAX);
    expect(body('/v1/access-paths').properties.limit.maximum).toBe(MAX_PATHS);
    expect(body('/v1/what-if').properties.limit.maximum).toBe(WHAT_IF_MAX);
    const limit = doc.paths['/v1/changes'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema.maximum).toBe(PAGE_MAX);
    expect(doc.paths['/v1/tuples'].post.responses['413'].description).toContain(`${MAX_BODY_MIB} MiB`);
  });

  it('has only JSON Schema a 3.1 validator accepts (no zod leftovers)', async () => {
    const text = JSON.stringify((await svc.get('/openapi.json', null)).body);
    expect(text).not.toMatch(/"\$schema"|"~standard"|"_zod"/);
  });
});
