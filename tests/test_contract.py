"""The typed wire contract (shared/contract.py): what the service sends is what it
declares, the OpenAPI page says how to authenticate and every refusal, and the models
stay free of Qt, web and SQL."""

import json
import subprocess
import sys
from pathlib import Path

import httpx
from pydantic import TypeAdapter
from websockets.sync.client import connect

from shared import contract as C
from shared import protocol as P
from tests.pg import db_url  # noqa: F401  (the service's tests run on SQLite and PostgreSQL)

ROOT = Path(__file__).resolve().parents[1]


def test_the_contract_imports_pydantic_only():
    code = ("import sys, shared.contract, shared.projection; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'fastapi', 'starlette', 'sqlalchemy', 'uvicorn', 'server')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_event_models_cover_every_event_type_and_error_code():
    union = TypeAdapter(C.Event)
    schema = union.json_schema()
    types = {d["properties"]["type"]["const"] for d in schema["$defs"].values() if "type" in d.get("properties", {})}
    assert types == set(P.EVENT_TYPES)
    assert set(C.ErrorDetail.model_json_schema()["properties"]["code"]["enum"]) == set(P.ERROR_CODES)


def test_name_is_bilingual_on_the_wire():
    name = C.Name.model_validate({"zh-TW": "戶籍謄本", "en": "Transcript"})
    assert json.loads(name.model_dump_json()) == {"zh-TW": "戶籍謄本", "en": "Transcript"}


def test_every_answer_matches_its_model(server):
    admin, kiosk = server.client("admin"), server.client("kiosk")
    with connect(server.url.replace("http", "ws") + P.API + f"/events?token={server.token('display')}") as ws:
        C.Snapshot.model_validate_json(ws.recv(timeout=5))
        C.IssueAnswer.model_validate(kiosk.post("/tickets", json={"service": "transcript"}).json())
        C.IssueAnswer.model_validate(kiosk.post("/tickets", json={"service": "birth", "category": "elderly"}).json())
        C.NextAnswer.model_validate(admin.post("/counters/2/next").json())
        C.TicketAnswer.model_validate(admin.post("/counters/2/recall").json())
        C.TicketAnswer.model_validate(admin.post("/counters/2/transfer", json={"counter": 3}).json())
        C.TicketAnswer.model_validate(admin.post("/counters/3/next").json())
        C.TicketAnswer.model_validate(admin.post("/counters/3/no-show").json())
        C.TicketAnswer.model_validate(admin.post("/counters/3/call", json={"number": "A001"}).json())
        C.TicketAnswer.model_validate(admin.post("/counters/3/complete").json())
        C.CounterAnswer.model_validate(admin.post("/counters/1/pause", json={"reason": "休息"}).json())
        C.CounterAnswer.model_validate(admin.post("/counters/1/resume").json())
        alert = {"source": "kiosk-1", "kind": "printer", "code": "paper_out", "message": {"zh-TW": "缺紙", "en": "Paper"}}
        C.AlertAnswer.model_validate(kiosk.post("/alerts", json=alert).json())
        C.ClearedAnswer.model_validate(kiosk.post("/alerts/clear", json={"source": "kiosk-1", "kind": "printer"}).json())
        events = [TypeAdapter(C.Event).validate_json(ws.recv(timeout=5)) for _ in range(13)]
    assert [e.type for e in events][:2] == [P.TICKET_ISSUED, P.TICKET_ISSUED]
    C.State.model_validate(admin.get("/state").json())
    C.Stats.model_validate(admin.get("/stats").json())
    C.Office.model_validate(admin.get("/office").json())
    C.WhoAmI.model_validate(admin.get("/whoami").json())
    C.Health.model_validate(httpx.get(server.url + P.API + "/health").json())
    C.TicketAnswer.model_validate(admin.get("/tickets/1").json())
    with connect(server.url.replace("http", "ws") + P.API + "/events?token=wrong") as ws:
        C.SocketError.model_validate_json(ws.recv(timeout=5))


def test_state_says_the_offices_recent_call_limit(server):
    assert server.client("display").get("/state").json()["recent_calls_limit"] == server.office.recent_calls


def test_openapi_declares_bearer_auth_answers_and_our_errors(server):
    schema = httpx.get(server.url + "/openapi.json").json()
    assert schema["components"]["securitySchemes"]["deviceToken"]["scheme"] == "bearer"
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            ok = next(s for s in op["responses"] if s.startswith("2"))
            assert op["responses"][ok]["content"]["application/json"]["schema"], where
            assert ("security" in op) == (path != P.API + "/health"), where
            for status, answer in op["responses"].items():
                if not status.startswith("2"):
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
            if "security" in op:
                assert "401" in op["responses"], where
            if method == "post":
                assert {"401", "403", "422", "503"} <= set(op["responses"]), where
    assert schema["paths"][P.API + "/tickets"]["post"]["responses"].keys() >= {"201"}
    assert schema["paths"][P.API + "/alerts"]["post"]["responses"].keys() >= {"201"}


def test_refusals_have_our_shape_405_says_allow(server):
    admin = server.client("admin")
    r = admin.get("/counters/2/next")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert r.json()["error"]["code"] == "method_not_allowed"
    r = admin.delete("/state")
    assert r.status_code == 405 and "GET" in r.headers["allow"]
    r = httpx.get(server.url + "/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = admin.get(f"/tickets/{2**63}")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = admin.post("/counters/2/next", headers={"Idempotency-Key": "x" * 129})
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["error"]["message"]
    r = admin.post("/counters/2/transfer", json={"service": "seal", "counter": 3})
    assert r.status_code == 422
