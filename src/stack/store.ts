// Finds or creates an OpenFGA store by name over plain HTTP, so `npm run stack` can print a ready OPENFGA_STORE_ID.

interface StoreListPage {
  stores?: Array<{ id: string; name: string }>;
  continuation_token?: string;
}

/** ensureStore returns the id of the store called `name` on apiUrl, creating it when no store has that name. */
export async function ensureStore(apiUrl: string, name: string): Promise<string> {
  let token = '';
  do {
    const query = new URLSearchParams({ page_size: '100' });
    if (token) query.set('continuation_token', token);
    const page = (await call(apiUrl, `/stores?${query}`, { method: 'GET' })) as StoreListPage;
    const found = page.stores?.find((store) => store.name === name);
    if (found) return found.id;
    token = page.continuation_token ?? '';
  } while (token);
  const created = (await call(apiUrl, '/stores', { method: 'POST', body: JSON.stringify({ name }) })) as { id?: string };
  if (!created.id) throw new Error(`OpenFGA at ${apiUrl}: POST /stores answered without an id`);
  return created.id;
}

async function call(apiUrl: string, route: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(`${apiUrl}${route}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`OpenFGA at ${apiUrl}: ${init.method} ${route} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}
