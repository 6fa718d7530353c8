/** The operations of the partner program: users, organizations and resellers, and invoices (commission.ts counts them). */
import { z } from 'zod';
import type { EntityType } from '../../../domain/entity';
import { json, operation, type Operation } from '../../operation';
import * as S from '../schemas';
import * as P from '../schemas-partner';

/** PutEntityBody is what every entity's PUT may carry; each type's schema takes a part of it. */
type PutEntityBody = z.ZodType<{ name?: string; email?: string; commission?: z.infer<typeof P.CommissionPlan> }>;

/** entityOperations are the four calls of one entity collection, alike for users, organizations and resellers. */
function entityOperations(collection: string, type: EntityType, body: PutEntityBody): Operation[] {
  const one = `/v1/${collection}/:id`;
  return [
    operation({
      method: 'put',
      path: one,
      scope: 'write',
      summary: `Create or replace a ${type} (idempotent)`,
      params: P.EntityParams,
      body,
      responses: {
        200: json('replaced', P.EntityView),
        201: json('created', P.EntityView),
        409: json("a reseller's commission plan would start in a closed month", S.ErrorResponse),
      },
    }).handle(async ({ params: { id }, body: attributes, actor, requestId }, uc) => {
      const { entity, created } = await uc.putEntity.execute({ type, id, ...attributes, actor, requestId });
      return { status: created ? 201 : 200, body: entity };
    }),
    operation({
      method: 'get',
      path: one,
      scope: 'read',
      summary: `Get a ${type}`,
      params: P.EntityParams,
      responses: { 200: json(`the ${type}`, P.EntityView) },
    }).handle(async ({ params: { id } }, uc) => ({ status: 200, body: await uc.getEntity.execute(type, id) })),
    operation({
      method: 'delete',
      path: one,
      scope: 'write',
      summary: `Delete a ${type} and end every tuple it is in`,
      params: P.EntityParams,
      responses: { 200: json('deleted', P.DeletedEntity), 202: json('deleted; the check engine has not applied it yet', P.DeletedEntity) },
    }).handle(async ({ params: { id }, actor, requestId }, uc) => {
      const { revision, tuplesDeleted, pending } = await uc.deleteEntity.execute({ type, id, actor, requestId });
      const deleted = { type, id, deleted: true as const, revision, tuplesDeleted };
      return pending ? { status: 202, body: { ...deleted, pending: true } } : { status: 200, body: deleted };
    }),
    operation({
      method: 'get',
      path: `/v1/${collection}`,
      scope: 'read',
      summary: `List ${collection}`,
      query: P.ListEntitiesQuery,
      responses: { 200: json('one page', z.object({ [collection]: z.array(P.EntityView), cursor: z.string().nullable() })) },
    }).handle(async ({ query: q }, uc) => {
      const page = await uc.listEntities.execute(type, q.limit, q.cursor);
      return { status: 200, body: { [collection]: page.items, cursor: page.cursor ?? null } };
    }),
  ];
}

/** PARTNER_OPERATIONS keep the partner program's records, from which commission is counted. */
export const PARTNER_OPERATIONS = [
  ...entityOperations('users', 'user', P.PutUserBody),
  ...entityOperations('organizations', 'organization', P.PutOrganizationBody),
  ...entityOperations('resellers', 'reseller', P.PutResellerBody),
  operation({
    method: 'get',
    path: '/v1/search',
    scope: 'read',
    summary: 'Users, organizations and resellers whose id or name contains the text, ignoring case, in type:id order',
    query: P.SearchQuery,
    responses: { 200: json('one page', z.object({ entities: z.array(P.EntityView), cursor: z.string().nullable() })) },
  }).handle(async ({ query: q }, uc) => {
    const types = q.type === undefined ? undefined : Array.isArray(q.type) ? q.type : [q.type];
    const page = await uc.searchEntities.execute({ text: q.q, types, limit: q.limit, cursor: q.cursor });
    return { status: 200, body: { entities: page.items, cursor: page.cursor ?? null } };
  }),
  operation({
    method: 'post',
    path: '/v1/invoices',
    scope: 'write',
    summary: 'Record an invoice, or a credit note with creditFor (idempotent on id)',
    body: P.RecordInvoiceBody,
    responses: {
      200: json('already recorded', P.InvoiceView),
      201: json('recorded', P.InvoiceView),
      409: json('an invoice with this id is recorded with different contents, a credit note of an invoice not recorded, or more than is left of it', S.ErrorResponse),
    },
  }).handle(async ({ body, actor, requestId }, uc) => {
    const { invoice, created } = await uc.recordInvoice.execute({ ...body, actor, requestId });
    return { status: created ? 201 : 200, body: invoice };
  }),
  operation({
    method: 'get',
    path: '/v1/invoices',
    scope: 'read',
    summary: 'List invoices, by organization or month',
    query: P.ListInvoicesQuery,
    responses: { 200: json('one page', z.object({ invoices: z.array(P.InvoiceView), cursor: z.string().nullable() })) },
  }).handle(async ({ query: q }, uc) => {
    const page = await uc.listInvoices.execute({ organization: q.organization, month: q.month }, q.limit, q.cursor);
    return { status: 200, body: { invoices: page.items, cursor: page.cursor ?? null } };
  }),
];
