"""Partnergraph from the official OpenFGA Python SDK (openfga-sdk), configured with nothing but the
service's URL, its store id (GET /stores) and a bearer token. The README shows this file and
test/integration/openfga-python-sdk.test.ts runs it, so the snippet cannot go stale."""
from openfga_sdk import ClientConfiguration
from openfga_sdk.client.models import ClientCheckRequest, ClientTuple, ClientWriteRequest
from openfga_sdk.credentials import CredentialConfiguration, Credentials
from openfga_sdk.sync import OpenFgaClient


def connect(api_url: str, store_id: str, token: str) -> OpenFgaClient:
    """An SDK client for the service at api_url."""
    credentials = Credentials(method="api_token", configuration=CredentialConfiguration(api_token=token))
    return OpenFgaClient(ClientConfiguration(api_url=api_url, store_id=store_id, credentials=credentials))


def link_reseller(fga: OpenFgaClient, reseller: str, organization: str, member: str) -> bool:
    """Writes "reseller is a reseller of organization" and asks whether a member of the reseller may view it."""
    fga.write(ClientWriteRequest(writes=[ClientTuple(user=reseller, relation="reseller", object=organization)]))
    return fga.check(ClientCheckRequest(user=member, relation="can_view", object=organization)).allowed
