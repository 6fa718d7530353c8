/**
 * The AuthZEN surface's own translation rules, without a server: defaults of an evaluations batch,
 * the three semantics' cuts on the spec's own example, page tokens that belong to one search, and
 * the URLs discovery names.
 */
import { InvalidInputError } from '../../src/domain/errors';
import { AUTHZEN_OPERATIONS } from '../../src/http/authzen/operations';
import type { Deps } from '../../src/http/deps';
import { authzenErrorBody } from '../../src/http/authzen/errors';
import { paging } from '../../src/http/authzen/paging';
import { cut, decided, merged } from '../../src/http/authzen/translate';

describe('merged', () => {
  it('takes each part from the evaluation, else from the defaults, down to a type or an id', () => {
    const defaults = { subject: { type: 'user', id: 'anna' }, action: { name: 'can_view' }, resource: { type: 'organization' } };
    expect(merged(defaults, { resource: { id: 'acme' } })).toEqual({ user: 'user:anna', relation: 'can_view', object: 'organization:acme' });
    expect(merged(defaults, { action: { name: 'can_manage' }, resource: { type: 'reseller', id: 'byra' } })).toEqual({ user: 'user:anna', relation: 'can_manage', object: 'reseller:byra' });
  });

  it('refuses an evaluation that lacks a part, naming every missing field', () => {
    const refusal = merged({ subject: { type: 'user', id: 'anna' } }, {});
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect((refusal as InvalidInputError).message).toBe('resource.type, resource.id, action.name are required: give them in the evaluation or at the top level');
    expect((merged({ subject: { type: 'user' }, action: { name: 'x' }, resource: { type: 'a', id: 'b' } }, {}) as Error).message).toMatch(/^subject.id is required/);
  });
});

describe('cut', () => {
  // The spec's example of the three semantics: documents 1 and 3 may be read, 2 may not.
  const decisions = [{ decision: true }, { decision: false }, { decision: true }];

  it('answers the spec example of each semantic exactly', () => {
    expect(cut(decisions, 'execute_all')).toEqual(decisions);
    expect(cut(decisions, 'deny_on_first_deny')).toEqual([{ decision: true }, { decision: false, context: { code: '200', reason: 'deny_on_first_deny' } }]);
    expect(cut(decisions, 'permit_on_first_permit')).toEqual([{ decision: true }]);
  });

  it('answers every evaluation when none decides, and keeps a deciding error as it is', () => {
    expect(cut([{ decision: true }, { decision: true }], 'deny_on_first_deny')).toEqual([{ decision: true }, { decision: true }]);
    expect(cut([{ decision: false }, { decision: false }], 'permit_on_first_permit')).toHaveLength(2);
    const [failed] = decided([{ error: new InvalidInputError('relation "x" is not defined on organization', 'unknown_relation') }], authzenErrorBody);
    expect(failed).toEqual({ decision: false, context: { error: { status: 400, code: 'unknown_relation', message: 'relation "x" is not defined on organization' } } });
    expect(cut([{ decision: true }, failed, { decision: true }], 'deny_on_first_deny')).toEqual([{ decision: true }, failed]);
  });
});

describe('paging', () => {
  const question = ['resource', { user: 'user:anna', relation: 'can_view', type: 'organization' }];

  it('starts at the default size and hands on the size and place in its token', () => {
    const first = paging(undefined, question);
    expect([first.limit, first.cursor]).toEqual([100, undefined]);
    expect(first.next(undefined, 3)).toEqual({ next_token: '', count: 3 });
    const token = paging({ limit: 2 }, question).next('cursor-1', 2).next_token;
    const second = paging({ token }, question);
    expect([second.limit, second.cursor]).toEqual([2, 'cursor-1']);
    expect(paging({ token, limit: 2 }, question).cursor).toBe('cursor-1');
  });

  it('refuses a token of another search or size, and one it did not make', () => {
    const token = paging({ limit: 2 }, question).next('cursor-1', 2).next_token;
    expect(() => paging({ token }, ['resource', { user: 'user:bo', relation: 'can_view', type: 'organization' }])).toThrow(expect.objectContaining({ code: 'page_token_mismatch' }));
    expect(() => paging({ token, limit: 3 }, question)).toThrow(/page.limit must stay 2/);
    expect(() => paging({ token: 'not-ours' }, question)).toThrow(expect.objectContaining({ code: 'invalid_page_token' }));
  });
});

describe('discovery', () => {
  const discovery = AUTHZEN_OPERATIONS.find((op) => op.path === '/.well-known/authzen-configuration')!;
  const ask = (origin: string, authzenBaseUrl?: string) =>
    discovery.run({ body: undefined, query: {}, params: {}, actor: 'x', scopes: [], requestId: 'r', origin, accepts: () => 'application/json' }, { authzenBaseUrl } as Deps);

  it('names the endpoints from AUTHZEN_BASE_URL when it is set, path included', async () => {
    const { body } = await ask('http://10.0.0.7:3000', 'https://pdp.example.com/authz/');
    expect(body).toMatchObject({ policy_decision_point: 'https://pdp.example.com/authz', search_action_endpoint: 'https://pdp.example.com/authz/access/v1/search/action' });
  });

  it('names them from the scheme and host asked otherwise, and refuses a Host that is not a host', async () => {
    expect((await ask('http://127.0.0.1:3000')).body).toMatchObject({ policy_decision_point: 'http://127.0.0.1:3000', access_evaluation_endpoint: 'http://127.0.0.1:3000/access/v1/evaluation' });
    await expect(ask('http://evil.example/x?y')).rejects.toMatchObject({ status: 400, code: 'invalid_host' });
    await expect(ask('http://')).rejects.toMatchObject({ code: 'invalid_host' });
  });
});
