"""The service's fast paths give what the ordinary ones gave (server/store.py, server/wire.py)."""

import json
from datetime import datetime, timezone

from sqlalchemy import select

from server import db, store
from server.wire import Wire
from shared.office import load_office


def test_an_event_is_serialized_once_as_json_dumps_would(tmp_path):
    body = {"at": "2026-11-27T09:00:00+08:00", "ticket": {"id": 1, "number": "A001", "name": "臨櫃"},
            "waiting": {"A": 2}, "to": {"service": None, "counter": 3}}
    event = store.Published("ticket.transferred", 42, body, json.dumps(body, ensure_ascii=False))
    assert event == {"type": "ticket.transferred", "seq": 42, **body}
    assert event.text == json.dumps(dict(event), ensure_ascii=False)
    empty = store.Published("x", 1, {}, "{}")
    assert json.loads(empty.text) == {"type": "x", "seq": 1}


def test_fast_writes_join_the_sqlalchemy_transaction(tmp_path):
    engine = db.make_engine(tmp_path / "q.db")
    db.create_schema(engine)
    with engine.connect() as conn:
        store.UPSERT_META[conn.dialect.name](conn, {"key": "business_day", "value": "2026-11-27"})
        assert conn.in_transaction()
        conn.rollback()
        assert conn.execute(select(db.meta.c.value).where(db.meta.c.key == "business_day")).scalar() is None
        conn.rollback()
        store.UPSERT_META[conn.dialect.name](conn, {"key": "business_day", "value": "2026-11-28"})
        conn.commit()
    with engine.connect() as conn:
        assert conn.execute(select(db.meta.c.value).where(db.meta.c.key == "business_day")).scalar() == "2026-11-28"
    engine.dispose()


def test_times_formatted_from_the_cache_are_the_same():
    wire = Wire(load_office())
    for ts in (1764205200.0, 1764205200.9999996, 1764205261.5, 1764205200.0):
        expected = datetime.fromtimestamp(ts, wire.tz).isoformat(timespec="seconds")
        assert wire.iso(ts) == expected == wire.iso(ts)
    assert wire.iso(None) is None
    assert datetime.fromisoformat(wire.iso(0.0)).astimezone(timezone.utc).year == 1970
