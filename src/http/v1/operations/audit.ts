/** The operations of auditors (audit scope: why someone has access, what a change would do, what changed) and of operators (admin). */
import { json, operation } from '../../operation';
import * as S from '../schemas';
import * as A from '../schemas-audit';

/** AUDIT_OPERATIONS need the audit or admin scope, so an app's token never reads the history or starts a repair. */
export const AUDIT_OPERATIONS = [
  operation({
    method: 'post',
    path: '/v1/access-paths',
    scope: 'audit',
    summary: 'Every chain of tuples through which the user holds the relation, with provenance; now or as of a time',
    body: A.AccessPathsBody,
    responses: { 200: json('the answer and its paths, shortest first', A.AccessPathsResponse) },
  }).handle(async ({ body }, uc) => ({ status: 200, body: await uc.explainAccess.execute(body) })),
  operation({
    method: 'post',
    path: '/v1/what-if',
    scope: 'audit',
    summary: 'Who would gain and lose which relation if these tuples were written or deleted; writes nothing',
    body: A.WhatIfBody,
    responses: { 200: json('gains and losses', A.WhatIfResponse) },
  }).handle(async ({ body }, uc) => ({ status: 200, body: await uc.whatIf.execute(body) })),
  operation({
    method: 'get',
    path: '/v1/changes',
    scope: 'audit',
    summary: 'The change feed in revision order, optionally for one object or user',
    query: A.ReadChangesQuery,
    responses: { 200: json('one page', A.ReadChangesResponse) },
  }).handle(async ({ query }, uc) => {
    const page = await uc.readChanges.execute(query);
    return { status: 200, body: { changes: page.changes, cursor: page.cursor ?? null } };
  }),
  operation({
    method: 'post',
    path: '/v1/admin/reconcile',
    scope: 'admin',
    summary: 'Compare OpenFGA with Neo4j and repair the difference (operators)',
    responses: { 200: json('what was compared and repaired', S.ReconcileResponse) },
  }).handle(async (_input, uc) => ({ status: 200, body: await uc.reconcileStores.execute() })),
];
