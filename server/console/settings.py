"""The office settings changed in the console, kept in the database over the office file.

Rules:
- The office file is the starting point; the `office_settings` table holds only what the
  console changed: "notices" (the hall display's lines), "clerks" (counter number -> name)
  and "services" (service id -> typical minutes and documents to bring). `apply` lays
  them over the file's office at every start, so they outlive a restart.
- A setting for a counter or service the office file no longer has is ignored.
- A change is stored and given to the hall (`Operations.change_office`) in one
  transaction: devices get `office.changed` at once, nothing restarts.
- `office_toml` writes the office with its changes as an office file (the export): read
  back by `shared.office.parse_office`, it gives the same office.
"""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from server import db
from shared.i18n import Text
from shared.office import Office

KEYS = ("notices", "clerks", "services")
MAX_NOTICES = 20
MAX_TEXT = 200
MAX_DOCUMENTS = 20
MAX_MINUTES = 240


class SettingError(ValueError):
    """A setting that cannot be used; the message says which and why (in both languages)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en


def load(conn: Connection) -> dict:
    return {r.key: json.loads(r.value) for r in conn.execute(select(db.office_settings))}


def save(conn: Connection, key: str, value, by: str, now: float) -> None:
    assert key in KEYS
    values = dict(value=json.dumps(value, ensure_ascii=False), changed_at=now, changed_by=by)
    if conn.execute(update(db.office_settings).where(db.office_settings.c.key == key).values(**values)).rowcount == 0:
        conn.execute(insert(db.office_settings).values(key=key, **values))


def apply(office: Office, stored: dict) -> Office:
    """The office file's office with the stored settings laid over it."""
    if "notices" in stored:
        office = replace(office, notices=tuple(Text.from_json(n) for n in stored["notices"]))
    clerks = stored.get("clerks") or {}
    if clerks:
        office = replace(office, counters=tuple(
            replace(c, clerk=str(clerks[str(c.number)])) if str(c.number) in clerks else c for c in office.counters))
    services = stored.get("services") or {}
    if services:
        def changed(s):
            new = services.get(s.id)
            if not new:
                return s
            return replace(s, minutes=float(new.get("minutes", s.minutes)),
                           documents=tuple(Text.from_json(d) for d in new.get("documents", [])))
        office = replace(office, services=tuple(changed(s) for s in office.services))
    return office


def change(service, conn: Connection, key: str, value, by: str) -> None:
    """Stores one setting and gives the hall the office with it, in the caller's
    transaction (on the service's writer). A refusal (ApiError) stores nothing."""
    stored = load(conn)
    stored[key] = value
    service.ops.change_office(conn, apply(service.file_office, stored))
    save(conn, key, value, by, service.ops.now())


def set_clerk(service, conn: Connection, counter: int, name: str, by: str) -> None:
    clerks = dict(load(conn).get("clerks") or {})
    clerks[str(counter)] = name
    change(service, conn, "clerks", clerks, by)


# ----- reading the console's forms ---------------------------------------------------------

def parse_lines(text: str, what_zh: str, what_en: str, limit: int) -> list[dict]:
    """Lines "中文 | English" (English may be left out) as bilingual texts."""
    out = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        zh, _, en = (part.strip() for part in line.partition("|"))
        if not zh:
            raise SettingError(f"{what_zh}第 {number} 行：中文不可空白", f"{what_en}, line {number}: the Chinese is empty")
        if len(zh) > MAX_TEXT or len(en) > MAX_TEXT:
            raise SettingError(f"{what_zh}第 {number} 行超過 {MAX_TEXT} 字",
                               f"{what_en}, line {number}: longer than {MAX_TEXT} characters")
        if any(not ch.isprintable() for ch in zh + en):
            raise SettingError(f"{what_zh}第 {number} 行含有無法顯示的字元",
                               f"{what_en}, line {number}: holds characters that cannot be shown")
        out.append({"zh-TW": zh, "en": en or zh})
    if len(out) > limit:
        raise SettingError(f"{what_zh}最多 {limit} 行", f"{what_en}: at most {limit} lines")
    return out


def as_lines(texts) -> str:
    return "\n".join(t.zh if t.en == t.zh else f"{t.zh} | {t.en}" for t in texts)


def parse_clerk(text: str) -> str:
    name = (text or "").strip()
    if len(name) > 40 or any(not ch.isprintable() for ch in name):
        raise SettingError("承辦人姓名最多 40 個可顯示的字元", "a clerk's name is at most 40 printable characters")
    return name


def parse_minutes(text: str, service_name: str) -> float:
    try:
        minutes = float((text or "").strip())
    except ValueError:
        minutes = -1
    if not 0.5 <= minutes <= MAX_MINUTES:
        raise SettingError(f"{service_name}的平均分鐘數須在 0.5 到 {MAX_MINUTES} 之間",
                           f"{service_name}: typical minutes must be from 0.5 to {MAX_MINUTES}")
    return minutes


# ----- the export ---------------------------------------------------------------------------

def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _t(text: Text) -> str:
    return f"{{ zh-TW = {_s(text.zh)}, en = {_s(text.en)} }}"


def _list(texts) -> str:
    if not texts:
        return "[]"
    return "[\n" + "".join(f"  {_t(t)},\n" for t in texts) + "]"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def office_toml(office: Office, note: str = "") -> str:
    lines = ["# Queue Hall office description, exported from the office console."]
    if note:
        lines.append(f"# {note}")
    lines += ["", "[office]", f"id = {_s(office.id)}", f"name = {_t(office.name)}", f"timezone = {_s(office.timezone)}"]
    if office.public_url:
        lines.append(f"public_url = {_s(office.public_url)}")
    if office.address:
        lines.append(f"address = {_s(office.address)}")
    if office.tel:
        lines.append(f"tel = {_s(office.tel)}")
    if office.hours_text.zh:
        lines.append(f"hours = {_t(office.hours_text)}")
    if office.ticket_footer.zh:
        lines.append(f"ticket_footer = {_t(office.ticket_footer)}")
    lines.append(f"notices = {_list(office.notices)}")
    lines += ["", "[rules]", f"care_wait_limit_minutes = {_num(office.care_wait_limit_minutes)}",
              f"recent_calls = {office.recent_calls}"]
    for q in office.queues:
        lines += ["", "[[queues]]", f"id = {_s(q.id)}", f"prefix = {_s(q.prefix)}", f"name = {_t(q.name)}"]
    for c in office.categories:
        lines += ["", "[[categories]]", f"id = {_s(c.id)}", f"name = {_t(c.name)}"]
    for s in office.services:
        lines += ["", "[[services]]", f"id = {_s(s.id)}", f"queue = {_s(s.queue)}", f"name = {_t(s.name)}",
                  f"minutes = {_num(s.minutes)}", f"documents = {_list(s.documents)}"]
        if s.next_steps:
            lines.append(f"next_steps = {_list(s.next_steps)}")
    for c in office.counters:
        lines += ["", "[[counters]]", f"number = {c.number}", f"name = {_t(c.name)}", f"kind = {_s(c.kind)}",
                  f"clerk = {_s(c.clerk)}", f"serves = [{', '.join(_s(q) for q in c.serves)}]",
                  f"help_care = {'true' if c.help_care else 'false'}"]
        if c.care_wait_limit_minutes is not None:
            lines.append(f"care_wait_limit_minutes = {_num(c.care_wait_limit_minutes)}")
        if c.care_in_a_row is not None:
            lines.append(f"care_in_a_row = {c.care_in_a_row}")
        if c.services:
            lines.append(f"services = [{', '.join(_s(x) for x in c.services)}]")
    if office.hours is not None:
        lines += ["", *_hours_toml(office.hours.to_json())]
    if office.appointments is not None:
        a = office.appointments
        lines += ["", "[appointments]", f"queue = {_s(a.queue)}", f"prefix = {_s(a.prefix)}", f"name = {_t(a.name)}",
                  f"late_minutes = {_num(a.late_minutes)}"]
    return "\n".join(lines) + "\n"


def _hours_toml(hours: dict) -> list[str]:
    """[hours] from OpeningHours.to_json (the office file's own form: spans as text, dates as
    TOML dates)."""
    def strings(values) -> str:
        return "[" + ", ".join(_s(v) for v in values) + "]"

    def dates(values) -> str:
        return "[" + ", ".join(values) + "]"   # YYYY-MM-DD: TOML's own date values

    out = ["[hours]"]
    for key, value in hours.items():
        if key in ("by_appointment", "closed_days", "lunch"):
            continue
        out.append(f"{key} = {strings(value) if value else _s('closed')}")
    out.append(f"lunch = {_s(hours['lunch']) if hours.get('lunch') else _s('open')}")
    out.append(f"closed_days = {dates(hours.get('closed_days', []))}")
    for session in hours.get("by_appointment", []):
        out += ["", "[[hours.by_appointment]]", f"time = {_s(session['time'])}"]
        if session.get("days"):
            out.append(f"days = {strings(session['days'])}")
        if session.get("dates"):
            out.append(f"dates = {dates(session['dates'])}")
        if session.get("services"):
            out.append(f"services = {strings(session['services'])}")
        name = session.get("name") or {}
        if name.get("zh-TW"):
            out.append(f"name = {_t(Text(name['zh-TW'], name.get('en', '')))}")
    return out
