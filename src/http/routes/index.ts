/**
 * The /v1 API: one router per resource, each thin (validate, authorize, call the use case, set
 * the status). Add a resource by adding its file and one line here.
 */
import { Router } from 'express';
import type { CheckAccessQuery } from '../../domain/check-access';
import type { CheckBatchQuery } from '../../domain/check-batch';
import type { ExplainAccessQuery } from '../../domain/explain-access';
import type { ListObjectsQuery } from '../../domain/list-objects';
import type { ListUsersQuery } from '../../domain/list-users';
import type { ReadChangesQuery } from '../../domain/read-changes';
import type { WhatIfQuery } from '../../domain/what-if';
import type { CommissionStatementQuery } from '../../domain/commission-statement';
import type { DeleteEntityCommand } from '../../domain/delete-entity';
import type { GetEntityQuery } from '../../domain/get-entity';
import type { ListEntitiesQuery } from '../../domain/list-entities';
import type { ListInvoicesQuery } from '../../domain/list-invoices';
import type { PutEntityCommand } from '../../domain/put-entity';
import type { ReadTuplesQuery } from '../../domain/read-tuples';
import type { RecordInvoiceCommand } from '../../domain/record-invoice';
import type { WriteTuplesCommand } from '../../domain/write-tuples';
import type { ReconcileStoresCommand } from '../../domain/reconcile-stores';
import { adminRoutes } from './admin';
import { auditRoutes } from './audit';
import { checkRoutes } from './check';
import { commissionRoutes } from './commission';
import { entitiesRoutes } from './entities';
import { invoicesRoutes } from './invoices';
import { listsRoutes } from './lists';
import { tuplesRoutes } from './tuples';

/** UseCases are what the routes call; service.ts wires them. */
export interface UseCases {
  writeTuples: WriteTuplesCommand;
  readTuples: ReadTuplesQuery;
  checkAccess: CheckAccessQuery;
  checkBatch: CheckBatchQuery;
  listObjects: ListObjectsQuery;
  listUsers: ListUsersQuery;
  explainAccess: ExplainAccessQuery;
  whatIf: WhatIfQuery;
  readChanges: ReadChangesQuery;
  reconcileStores: ReconcileStoresCommand;
  putEntity: PutEntityCommand;
  getEntity: GetEntityQuery;
  listEntities: ListEntitiesQuery;
  deleteEntity: DeleteEntityCommand;
  recordInvoice: RecordInvoiceCommand;
  listInvoices: ListInvoicesQuery;
  commissionStatement: CommissionStatementQuery;
}

/** v1Routes builds the authenticated API router. */
export function v1Routes(uc: UseCases): Router {
  const r = Router();
  r.use(tuplesRoutes(uc));
  r.use(checkRoutes(uc));
  r.use(listsRoutes(uc));
  r.use(auditRoutes(uc));
  r.use(adminRoutes(uc));
  r.use(entitiesRoutes(uc));
  r.use(commissionRoutes(uc));
  r.use(invoicesRoutes(uc));
  return r;
}
