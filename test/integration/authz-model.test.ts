/**
 * Runs authz-model.fga.yaml (OpenFGA's store-test format) through the real OpenFGA: a fresh
 * store gets the model and the tuples, then every check, list_objects and list_users assertion
 * is asked of OpenFGA itself. No hand-written evaluator is involved.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { AuthzModel } from '../../src/domain/authz-model';
import { uid } from '../fixtures/harness';

interface StoreTest {
  model_file: string;
  tuples: Array<{ user: string; relation: string; object: string }>;
  tests: Array<{
    name: string;
    check?: Array<{ user: string; object: string; assertions: Record<string, boolean> }>;
    list_objects?: Array<{ user: string; type: string; assertions: Record<string, string[]> }>;
    list_users?: Array<{ object: string; user_filter: Array<{ type: string }>; assertions: Record<string, { users: string[] }> }>;
  }>;
}

const root = path.resolve(__dirname, '../..');
const spec = parse(readFileSync(path.join(root, 'authz-model.fga.yaml'), 'utf8')) as StoreTest;
const model = AuthzModel.load(path.join(root, spec.model_file));
let api: (p: string, body?: unknown) => Promise<any>;
let modelId: string;

beforeAll(async () => {
  const base = process.env.TEST_OPENFGA_API_URL!;
  const call = async (p: string, body?: unknown): Promise<any> => {
    const res = await fetch(base + p, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = await res.json();
    if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const store = await call('/stores', { name: uid('model-test') });
  api = (p, body) => call(`/stores/${store.id}${p}`, body);
  modelId = (await api('/authorization-models', model.json)).authorization_model_id;
  for (let i = 0; i < spec.tuples.length; i += 100) {
    await api('/write', { writes: { tuple_keys: spec.tuples.slice(i, i + 100) }, authorization_model_id: modelId });
  }
});

describe.each(spec.tests.map((t) => [t.name, t] as const))('model: %s', (_name, test) => {
  const checks = (test.check ?? []).flatMap((c) =>
    Object.entries(c.assertions).map(([relation, expected]) => [`${c.user} ${relation} ${c.object} is ${expected}`, c.user, relation, c.object, expected] as const),
  );
  if (checks.length) {
    it.each(checks)('%s', async (_title, user, relation, object, expected) => {
      const res = await api('/check', { tuple_key: { user, relation, object }, authorization_model_id: modelId });
      expect(res.allowed).toBe(expected);
    });
  }
  const lists = (test.list_objects ?? []).flatMap((l) =>
    Object.entries(l.assertions).map(([relation, expected]) => [`${l.user} ${relation} on ${l.type}`, l.user, relation, l.type, expected] as const),
  );
  if (lists.length) {
    it.each(lists)('lists objects: %s', async (_title, user, relation, type, expected) => {
      const res = await api('/list-objects', { user, relation, type, authorization_model_id: modelId });
      expect([...res.objects].sort()).toEqual([...expected].sort());
    });
  }
  const users = (test.list_users ?? []).flatMap((l) =>
    Object.entries(l.assertions).map(([relation, expected]) => [`${relation} on ${l.object}`, l.object, l.user_filter, relation, expected.users] as const),
  );
  if (users.length) {
    it.each(users)('lists users: %s', async (_title, object, filter, relation, expected) => {
      const [type, id] = object.split(':');
      const res = await api('/list-users', { object: { type, id }, relation, user_filters: filter, authorization_model_id: modelId });
      const got = res.users.map((x: { object: { type: string; id: string } }) => `${x.object.type}:${x.object.id}`);
      expect(got.sort()).toEqual([...expected].sort());
    });
  }
});
