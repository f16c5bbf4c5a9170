"""Which counter a device at a counter is for (the counter client, the rating pad): the
token says it (GET /whoami); a counter set in the device's settings only checks it, and an
administrator's token needs one."""

from __future__ import annotations


def counter_from_whoami(status: int, body, role: str, wanted: int | None) -> tuple[int | None, str | None]:
    """(the counter, None), or (None, why): "unauthorized", "wrong_counter" (the token is
    for another counter than `wanted`) or "wrong_role" (not a `role` or admin token)."""
    me = body if 200 <= status < 300 and isinstance(body, dict) else {}
    if status == 401:
        return None, "unauthorized"
    if me.get("role") == role and wanted not in (None, me.get("counter")):
        return None, "wrong_counter"
    if me.get("role") == role:
        return me["counter"], None
    if me.get("role") == "admin" and wanted:
        return wanted, None
    return None, "wrong_role"
