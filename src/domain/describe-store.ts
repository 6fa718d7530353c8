/**
 * DescribeStore: the one store this service answers for (its OpenFGA store) and the one model,
 * authz-model.fga as written to it, for surfaces that name stores and models as OpenFGA does.
 */
import type { AuthzModel, ModelJson } from './authz-model';
import { NotFoundError } from './errors';
import type { AuthzEngine, StoreInfo } from './ports';

/** ModelView is the model in use with the id the check engine gave it. */
export interface ModelView extends ModelJson {
  id: string;
}

/** DescribeStoreQuery tells which store and model are in use, and refuses any other store. */
export class DescribeStoreQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly engine: Pick<AuthzEngine, 'ids' | 'store'>,
  ) {}

  /** requireStore throws a 404 (store_id_not_found) unless id is the store in use; no call is made. */
  requireStore(id: string): void {
    if (id !== this.engine.ids().storeId) throw new NotFoundError(`store ${id} not found: this service answers for store ${this.engine.ids().storeId} only (GET /stores lists it)`, 'store_id_not_found');
  }

  /** store describes the store in use. */
  store(): Promise<StoreInfo> {
    return this.engine.store();
  }

  /** currentModel is authz-model.fga with the id it has in the store, the only model the service answers by. */
  currentModel(): ModelView {
    const { schema_version, type_definitions, conditions } = this.model.json;
    return { id: this.engine.ids().modelId, schema_version, type_definitions, ...(conditions ? { conditions } : {}) };
  }
}
