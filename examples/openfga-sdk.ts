/**
 * Partnergraph from the official OpenFGA JavaScript SDK, configured with nothing but the service's
 * URL, its store id (GET /stores) and a bearer token. The README shows this file and
 * test/integration/openfga-sdk.test.ts runs it, so the snippet cannot go stale.
 */
import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';

/** connect makes an SDK client for the service at apiUrl. */
export function connect(apiUrl: string, storeId: string, token: string): OpenFgaClient {
  return new OpenFgaClient({ apiUrl, storeId, credentials: { method: CredentialsMethod.ApiToken, config: { token } } });
}

/** linkReseller writes "reseller is a reseller of organization" and asks whether a member of the reseller may view it. */
export async function linkReseller(fga: OpenFgaClient, reseller: string, organization: string, member: string): Promise<boolean> {
  await fga.write({ writes: [{ user: reseller, relation: 'reseller', object: organization }] });
  const { allowed } = await fga.check({ user: member, relation: 'can_view', object: organization });
  return allowed === true;
}
