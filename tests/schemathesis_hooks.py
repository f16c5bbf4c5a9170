"""Schemathesis hooks for tests/test_schemathesis.py.

An Idempotency-Key is a client's promise: one key for one request (the OpenAPI page says
so, but a schema cannot express "unique"). Generated data reuses short values such as
"0", which the service rightly refuses (422) when the request differs, so every valid key
the generator makes is replaced by a fresh one; invalid keys (empty, too long) stay, so
their refusal is still checked. Key reuse itself is tested in tests/test_service_api.py.
"""

import uuid

import schemathesis

HEADER = "Idempotency-Key"


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == HEADER.lower() and isinstance(headers[name], str) and 1 <= len(headers[name]) <= 128:
            headers[name] = uuid.uuid4().hex
