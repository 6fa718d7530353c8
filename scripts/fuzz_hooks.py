"""Schemathesis hooks for Partnergraph (loaded by scripts/fuzz-lib.ts through SCHEMATHESIS_HOOKS):
an application/x-ndjson body (POST /v1/tuples/import) is one JSON value a line."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    values = value if isinstance(value, list) else [value]
    return ("\n".join(json.dumps(v) for v in values) + "\n").encode("utf-8")
