/** What the operations' handlers of every surface may call: the use cases service.ts wires, readiness and the served document. */
import type { CheckAccessQuery } from '../domain/check-access';
import type { CheckBatchQuery } from '../domain/check-batch';
import type { CloseMonthCommand } from '../domain/close-month';
import type { CommissionPayoutsQuery } from '../domain/commission-payouts';
import type { CommissionPlansQuery } from '../domain/commission-plans';
import type { CommissionStatementQuery } from '../domain/commission-statement';
import type { DeleteEntityCommand } from '../domain/delete-entity';
import type { DescribeStoreQuery } from '../domain/describe-store';
import type { ExpandRelationQuery } from '../domain/expand-relation';
import type { ExplainAccessQuery } from '../domain/explain-access';
import type { ExportTuplesQuery } from '../domain/export-tuples';
import type { GetEntityQuery } from '../domain/get-entity';
import type { ImportTuplesCommand } from '../domain/import-tuples';
import type { ListEntitiesQuery } from '../domain/list-entities';
import type { ListInvoicesQuery } from '../domain/list-invoices';
import type { ListObjectsQuery } from '../domain/list-objects';
import type { ListRelationsQuery } from '../domain/list-relations';
import type { ListUsersQuery } from '../domain/list-users';
import type { PutEntityCommand } from '../domain/put-entity';
import type { ReadChangesQuery } from '../domain/read-changes';
import type { ReadTuplesQuery } from '../domain/read-tuples';
import type { ReconcileStoresCommand } from '../domain/reconcile-stores';
import type { RecordInvoiceCommand } from '../domain/record-invoice';
import type { SearchEntitiesQuery } from '../domain/search-entities';
import type { WhatIfQuery } from '../domain/what-if';
import type { WriteTuplesCommand } from '../domain/write-tuples';
import type { ServiceMetrics } from '../observability/metrics';

/** UseCases are the domain's entry points, one per operation or few; service.ts wires them so a test can too. */
export interface UseCases {
  writeTuples: WriteTuplesCommand;
  readTuples: ReadTuplesQuery;
  importTuples: ImportTuplesCommand;
  exportTuples: ExportTuplesQuery;
  checkAccess: CheckAccessQuery;
  checkBatch: CheckBatchQuery;
  listObjects: ListObjectsQuery;
  listUsers: ListUsersQuery;
  listRelations: ListRelationsQuery;
  expandRelation: ExpandRelationQuery;
  describeStore: DescribeStoreQuery;
  explainAccess: ExplainAccessQuery;
  whatIf: WhatIfQuery;
  readChanges: ReadChangesQuery;
  reconcileStores: ReconcileStoresCommand;
  putEntity: PutEntityCommand;
  getEntity: GetEntityQuery;
  listEntities: ListEntitiesQuery;
  searchEntities: SearchEntitiesQuery;
  deleteEntity: DeleteEntityCommand;
  recordInvoice: RecordInvoiceCommand;
  listInvoices: ListInvoicesQuery;
  commissionStatement: CommissionStatementQuery;
  commissionPlans: CommissionPlansQuery;
  closeMonth: CloseMonthCommand;
  commissionPayouts: CommissionPayoutsQuery;
}

/** Readiness reports whether each dependency answers, so /readyz can say which one is down. */
export interface Readiness {
  neo4j: boolean;
  openfga: boolean;
  model: boolean;
  /** draining is true once the process is shutting down: a load balancer should send it nothing new. */
  draining: boolean;
}

/** Deps are a handler's second argument: the public operations need readiness and the document as much as /v1 needs the use cases. */
export interface Deps extends UseCases {
  readiness(): Promise<Readiness>;
  /** openApiDocument is built once at start, from the same table that mounts the routes. */
  openApiDocument: Record<string, unknown>;
  /** metrics is what GET /metrics renders; absent when METRICS=off. */
  metrics?: Pick<ServiceMetrics, 'render'>;
  /** authzenBaseUrl is the URL AuthZEN's discovery names the service by (AUTHZEN_BASE_URL); absent: the scheme and host each request was sent to. */
  authzenBaseUrl?: string;
}
