"""What the public side shows, computed from the hall in memory: a ticket's status, the
board (what the hall display shows) and the feed (TownPass's counter list item).

Numbers, counter names, services and times only: clerks' names and ticket ids never
leave here. The board says whether the office is open now, on the service's clock and
in the words the kiosk and the hall display use (shared.catalogue.hours).
"""

from __future__ import annotations

from datetime import datetime, timezone

from shared import hall as H
from shared.catalogue import hours as hours_words
from shared.estimate import Forecast, format_range, printed_range
from shared.i18n import Text
from shared.office import Name, Office
from shared.tickets import Status


def _name(n: Name) -> dict:
    return {"zh": n.zh, "en": n.en}


def _serving(hall: H.Hall, queue: str) -> int:
    office = hall.office
    open_counters = [c for c in office.counters if hall.counters[c.number].status == "open"]
    serving = [c for c in open_counters if queue in c.serves]
    if not serving and queue == office.care_queue.id:
        serving = [c for c in open_counters if c.help_care]
    return len(serving)


def position(hall: H.Hall, t: H.Ticket, now: float) -> tuple[int, Forecast | None]:
    """People ahead of a waiting ticket, and its wait as the service estimates it (the
    queue replayed: shared.estimate)."""
    waiting = hall.waiting_in(t.queue)
    ahead = next((i for i, w in enumerate(waiting) if w.id == t.id), len(waiting))
    return ahead, hall.estimates(now).get(t.id)


def queue_wait(hall: H.Hall, queue: str, now: float) -> float | None:
    """About how long one more ticket of the queue would wait: as long as its last one."""
    waiting = hall.waiting_in(queue)
    if not waiting:
        return 0.0 if _serving(hall, queue) else None
    forecast = hall.estimates(now).get(max(w.id for w in waiting))
    return None if forecast is None else float(round(forecast.minutes))


def _find(get, key):
    try:
        return get(key)
    except KeyError:
        return None


def ticket(office: Office, hall: H.Hall, t: H.Ticket, today: str, surveyed: bool, now: float) -> dict:
    service = _find(office.service, t.service)
    expired = t.business_day != today
    # A ticket of an earlier day, or one the day change cancelled, has expired.
    status = "expired" if expired or t.status == Status.CANCELLED else str(t.status)
    view = {"number": t.number, "status": status, "expired": expired,
            "service": _name(service.name) if service else {"zh": t.service, "en": t.service},
            "ahead": None, "wait_minutes": None, "wait_range": None, "counter": None, "counter_name": None,
            "survey": status == Status.DONE and not expired and not surveyed, "surveyed": surveyed}
    if status in (Status.WAITING, Status.TRANSFERRED):
        view["ahead"], forecast = position(hall, hall.tickets.get(t.id, t), now)
        if forecast is not None:
            view["wait_minutes"] = float(round(forecast.minutes))
            view["wait_range"] = list(printed_range(forecast.low, forecast.high))
    if status in (Status.CALLED, Status.DONE, Status.NO_SHOW) and t.counter is not None:
        view["counter"] = t.counter
        view["counter_name"] = _counter_name(office, t.counter)
    view["text"] = status_text(view)
    return view


def status_text(v: dict) -> dict:
    s = v["status"]
    if s in ("waiting", "transferred"):
        if not v["ahead"]:
            zh, en = "下一位就是您", "You are next"
        else:
            zh, en = f"前面還有 {v['ahead']} 人", f"{v['ahead']} ahead of you"
        # The first in line may still wait a while (a busy hall, an appointment before its slot).
        if v["wait_range"] is not None and (v["ahead"] or v["wait_range"][0] > 0):
            zh += "，" + format_range(*v["wait_range"], "zh-TW")
            en += ", " + format_range(*v["wait_range"], "en")
        return {"zh": zh, "en": en}
    if s == "called":
        return {"zh": f"請到 {v['counter_name']['zh']}", "en": f"Please go to {v['counter_name']['en']}"}
    if s == "done":
        return {"zh": "服務完成，謝謝您", "en": "Served: thank you"}
    if s == "no_show":
        return {"zh": "已過號，請洽服務台", "en": "Your number was called and missed: please ask at the desk"}
    return {"zh": "此號碼牌已過期", "en": "This ticket has expired"}


def _counter_name(office: Office, number: int | None) -> dict:
    counter = _find(office.counter, number)
    return _name(counter.name) if counter else {"zh": f"{number} 號櫃台", "en": f"Counter {number}"}


def _text(t: Text | None) -> dict | None:
    return {"zh": t.zh, "en": t.en} if t is not None else None


def hours_now(office: Office, now: float) -> dict | None:
    """The office's hours at `now` in words (None for an office without hours: always
    open). `status`: open, closed, lunch or appointments; `changes_at`: when to ask again."""
    if office.hours is None:
        return None
    moment = datetime.fromtimestamp(now, office.tz)
    n = hours_words.notice(office.hours, moment, office.hours_text)
    return {"status": n.kind, "open": n.open, "headline": _text(n.headline), "opens": _text(n.opens),
            "session": _text(n.session), "hours": _text(n.hours),
            "changes_at": n.changes_at.isoformat(timespec="seconds") if n.changes_at else None}


def board(office: Office, hall: H.Hall, now: float) -> dict:
    counters = []
    for c in office.counters:
        current = hall.current(c.number)
        counters.append({"number": c.number, "name": _name(c.name), "status": hall.counters[c.number].status,
                         "current_number": current.number if current else None})
    waiting = hall.waiting_counts()
    hours = hours_now(office, now)
    closed = hours is not None and hours["status"] in ("closed", "lunch")  # no wait to promise
    queues = []
    for q in office.queues:
        queues.append({"id": q.id, "name": _name(q.name), "waiting": waiting.get(q.id, 0),
                       "wait_minutes": None if closed else queue_wait(hall, q.id, now)})
    return {"office": _name(office.name), "business_day": hall.day, "counters": counters, "queues": queues,
            "recent_calls": [{"number": call.number, "counter": call.counter, "counter_name": _counter_name(office, call.counter)}
                             for call in hall.recent_calls],
            "hours": hours,
            "updated_at": datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="seconds")}


def counter_waiting(hall: H.Hall, counter) -> int:
    """Tickets this counter could call next: its queues' lines and its own line."""
    own = len(hall.lines_to_counter.get(counter.number, []))
    return own + sum(len(hall.lines.get(q, [])) for q in counter.serves)


def feed(office: Office, hall: H.Hall, now: float) -> dict:
    """The office as one item of TownPass's counter list, plus `extra` fields of ours."""
    counters = []
    for c in office.counters:
        current = hall.current(c.number)
        queue = c.serves[0] if c.serves else ""
        counters.append({
            "id": str(c.number), "name": c.name.zh, "current_number": current.number if current else "",
            "waiting_people": counter_waiting(hall, c),
            "name_en": c.name.en, "status": hall.counters[c.number].status,
            "estimated_wait_minutes": queue_wait(hall, queue, now) if queue else None,
        })
    return {
        "id": office.id, "name": office.name.zh, "is_regularly_used": False,
        "info": {"address": office.address, "tel": office.tel, "fax": ""},
        "counters": counters,
        "name_en": office.name.en,
        "opening_hours": _name(office.hours_text) if office.hours_text.zh else None,
        "queues": [{"id": q.id, "name": q.name.zh, "name_en": q.name.en,
                    "waiting_people": hall.waiting_counts().get(q.id, 0),
                    "estimated_wait_minutes": queue_wait(hall, q.id, now)} for q in office.queues],
        "business_day": hall.day,
        "updated_at": datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="seconds"),
    }
