/** Getting an OpenFGA store ready: found or created by name, with its model equal in meaning to authz-model.fga. */
import { transformer } from '@openfga/syntax-transformer';
import type { ModelJson } from '../../domain/authz-model';
import { type OpenFgaHttp, StoreMissingError } from './http-client';

/** STORE_NAME is the name the service gives the store it creates and looks for. */
export const STORE_NAME = 'partnergraph';

interface Store {
  id: string;
  name: string;
}

/**
 * findOrCreateStore returns the store to use, so the service's replicas and `npm run stack` agree on
 * one: storeId when OpenFGA still has it; otherwise the store named STORE_NAME, made when there is
 * none. When it is gone (OpenFGA restarted empty) the log says so, since the caller rebuilds it from Neo4j.
 * Replicas that start at once on an OpenFGA without that store may each make one; each then takes
 * the oldest of that name (store ids are ULIDs, so the lowest), and so all settle on the same one.
 */
export async function findOrCreateStore(fga: OpenFgaHttp, storeId?: string, log?: (msg: string) => void): Promise<string> {
  if (storeId) {
    const found = await fga.get<Store>(`/stores/${storeId}`).then(() => true, (err: unknown) => {
      if (err instanceof StoreMissingError) return false;
      throw err;
    });
    if (found) return storeId;
    log?.(`OpenFGA store ${storeId} is gone; using the store named ${STORE_NAME}, or a new one, and rebuilding it from Neo4j`);
  }
  const named = await oldestNamed(fga);
  if (named) return named;
  await fga.post<Store>('/stores', { name: STORE_NAME });
  const settled = await oldestNamed(fga);
  if (!settled) throw new Error(`OpenFGA lists no store named ${STORE_NAME} right after creating one`);
  return settled;
}

/** oldestNamed returns the id of the oldest store named STORE_NAME, reading every page of the list. */
async function oldestNamed(fga: OpenFgaHttp): Promise<string | undefined> {
  let oldest: string | undefined;
  let token: string | undefined;
  do {
    const page = await fga.get<{ stores?: Store[]; continuation_token?: string }>('/stores', { page_size: 100, continuation_token: token });
    for (const store of page.stores ?? []) {
      if (store.name === STORE_NAME && (oldest === undefined || store.id < oldest)) oldest = store.id;
    }
    token = page.continuation_token || undefined;
  } while (token);
  return oldest;
}

/** ensureModel returns the store's model id, writing the model only when the latest one means something else, so a restart adds no version. */
export async function ensureModel(fga: OpenFgaHttp, storeId: string, model: ModelJson, log?: (msg: string) => void): Promise<string> {
  const { authorization_models: [latest] = [] } = await fga.get<{ authorization_models?: Array<ModelJson & { id: string }> }>(
    `/stores/${storeId}/authorization-models`,
    { page_size: 1 },
  );
  if (latest && canonicalDsl(latest) === canonicalDsl(model)) return latest.id;
  const written = await fga.post<{ authorization_model_id: string }>(`/stores/${storeId}/authorization-models`, {
    schema_version: model.schema_version,
    type_definitions: model.type_definitions,
    conditions: model.conditions,
  });
  log?.(`wrote authorization model ${written.authorization_model_id} to OpenFGA store ${storeId}`);
  return written.authorization_model_id;
}

/**
 * canonicalDsl renders a model back to DSL with relations in name order, so two models compare by
 * meaning rather than layout: OpenFGA answers relations sorted by name, the file has them as written.
 */
export function canonicalDsl(model: ModelJson): string {
  const byName = <T>(rels: Record<string, T> | undefined) =>
    rels && Object.fromEntries(Object.entries(rels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const typeDefinitions = model.type_definitions.map((def) => ({
    ...def,
    relations: byName(def.relations),
    metadata: def.metadata && { ...def.metadata, relations: byName(def.metadata.relations ?? undefined) },
  }));
  return transformer.transformJSONToDSL({ schema_version: model.schema_version, type_definitions: typeDefinitions, conditions: model.conditions } as never);
}
