"""The office: queues, services, priority categories and counters, read from a TOML file.

`load_office(path)` reads and checks a file; `load_office(None)` gives the default office
(`default_office.toml` beside this module). Every mistake in a file is reported as a
`ConfigError` naming the place and what is wrong.

The opening hours (`[hours]`, `Office.hours`) are `shared.hours`'s: without the table the
office is always open. A counter with `services = [...]` takes tickets of those services
only (routing: `shared.routing`); every service must be taken by some counter serving its
queue.

`[appointments]` (`Office.appointments`; without the table the office takes none): the
appointment tickets' queue id (default "appointment", not one of `[[queues]]`: no counter
lists it, routing calls it from the slot), prefix (default "R", not another queue's) and
`late_minutes` (default 15; `shared.appointments`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.appointments import AppointmentRules
from shared.hours import OpeningHours, read_hours
from shared.i18n import Text

Name = Text  # the office's names are bilingual texts


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Queue:
    id: str
    prefix: str
    name: Name


@dataclass(frozen=True)
class Category:
    id: str
    name: Name


@dataclass(frozen=True)
class Service:
    id: str
    name: Name
    queue: str
    minutes: float
    documents: tuple[Name, ...] = ()
    next_steps: tuple[Name, ...] = ()  # what the citizen does afterwards (e.g. after a birth)


@dataclass(frozen=True)
class Counter:
    number: int
    name: Name
    kind: str  # "general" or "care"
    clerk: str
    serves: tuple[str, ...]
    help_care: bool = False
    care_wait_limit_minutes: float | None = None  # None: the office's rule
    care_in_a_row: int | None = None  # after this many care calls in a row, a general one
    services: tuple[str, ...] = ()  # only tickets of these services (empty: every service)

    @property
    def is_care(self) -> bool:
        return self.kind == "care"

    def takes(self, service_id: str) -> bool:
        return not self.services or service_id in self.services


@dataclass(frozen=True)
class Office:
    id: str
    name: Name
    timezone: str
    queues: tuple[Queue, ...]
    categories: tuple[Category, ...]
    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    care_wait_limit_minutes: float = 10
    recent_calls: int = 8
    notices: tuple[Name, ...] = ()
    ticket_footer: Name = field(default_factory=lambda: Name("", ""))
    # The public side (server/public): the phone page's base URL (the QR opens
    # {public_url}/t/{code}; empty: the QR stays the number and id), and what the feed shows.
    public_url: str = ""
    address: str = ""
    tel: str = ""
    hours_text: Name = field(default_factory=lambda: Name("", ""))  # [office] hours: as people read it
    hours: OpeningHours | None = None  # [hours] (shared/hours.py); None: always open
    appointments: AppointmentRules | None = None  # [appointments] (shared/appointments.py); None: none taken

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def queue(self, queue_id: str) -> Queue:
        return _by_id(self.queues, queue_id)

    def service(self, service_id: str) -> Service:
        return _by_id(self.services, service_id)

    def category(self, category_id: str) -> Category:
        return _by_id(self.categories, category_id)

    def counter(self, number: int) -> Counter:
        for c in self.counters:
            if c.number == number:
                return c
        raise KeyError(number)

    @cached_property  # routing asks on every call
    def care_queue(self) -> Queue:
        """The queue that tickets with a priority category go to."""
        for q in self.queues:
            if q.id == "care":
                return q
        # An office without a "care" queue sends priority tickets to the care
        # counter's first queue.
        for c in self.counters:
            if c.is_care:
                return self.queue(c.serves[0])
        return self.queues[0]

    def queue_for(self, service_id: str, category_id: str | None) -> Queue:
        """Routing of a new ticket: a category sends it to the care queue."""
        if category_id:
            return self.care_queue
        return self.queue(self.service(service_id).queue)

    def care_limit_for(self, counter: Counter) -> float:
        if counter.care_wait_limit_minutes is not None:
            return counter.care_wait_limit_minutes
        return self.care_wait_limit_minutes

    def to_json(self) -> dict:
        """The office as `GET /office` answers it."""
        return {
            "id": self.id,
            "name": self.name.to_json(),
            "timezone": self.timezone,
            "queues": [{"id": q.id, "prefix": q.prefix, "name": q.name.to_json()} for q in self.queues],
            "services": [
                {
                    "id": s.id,
                    "name": s.name.to_json(),
                    "queue": s.queue,
                    "minutes": s.minutes,
                    "documents": [d.to_json() for d in s.documents],
                    "next_steps": [n.to_json() for n in s.next_steps],
                }
                for s in self.services
            ],
            "categories": [{"id": c.id, "name": c.name.to_json()} for c in self.categories],
            "counters": [
                {"number": c.number, "name": c.name.to_json(), "kind": c.kind, "clerk": c.clerk,
                 "serves": list(c.serves), **({"services": list(c.services)} if c.services else {})}
                for c in self.counters
            ],
            "notices": [n.to_json() for n in self.notices],
            "ticket_footer": self.ticket_footer.to_json(),
            "public_url": self.public_url,
            "address": self.address,
            "tel": self.tel,
            "hours": self.hours_text.to_json(),
            "opening_hours": self.hours.to_json() if self.hours else None,
            "appointments": self.appointments.to_json() if self.appointments else None,
        }


def _by_id(items, item_id):
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def default_office_text() -> str:
    return resources.files("shared").joinpath("default_office.toml").read_text(encoding="utf-8")


def load_office(path: str | Path | None = None) -> Office:
    if path is None:
        return parse_office(default_office_text(), "default office")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from None
    return parse_office(text, str(path))


def parse_office(text: str, source: str = "office") -> Office:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML: {e}") from None
    return _Reader(source).office(data)


class _Reader:
    """Turns parsed TOML into an Office, with a message naming the field on any mistake."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, what: str):
        raise ConfigError(f"{self.source}: {where}: {what}")

    def table(self, data, key, where) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(where, f"missing table [{key}]")
        return value

    def text(self, data, key, where, default=None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"'{key}' must be a non-empty text")
        return value

    def name(self, data, key, where, required=True) -> Name:
        value = data.get(key)
        if value is None and not required:
            return Name("", "")
        if isinstance(value, str):
            return Name(value, value)
        if not isinstance(value, dict) or not isinstance(value.get("zh-TW"), str):
            self.fail(where, f"'{key}' must be {{ zh-TW = \"...\", en = \"...\" }}")
        en = value.get("en", value["zh-TW"])
        if not isinstance(en, str):
            self.fail(where, f"'{key}.en' must be a text")
        return Name(value["zh-TW"], en)

    def number(self, data, key, where, default=None, minimum=0) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
            self.fail(where, f"'{key}' must be a number of at least {minimum}")
        return value

    def items(self, data, key) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            self.fail(f"[[{key}]]", "at least one entry is needed")
        return value

    def unique(self, items, what):
        seen = set()
        for item in items:
            key = getattr(item, "id", None) or getattr(item, "number", None)
            if key in seen:
                self.fail(what, f"'{key}' appears twice")
            seen.add(key)

    def office(self, data: dict) -> Office:
        head = self.table(data, "office", "[office]")
        tz = head.get("timezone", "Asia/Taipei")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            self.fail("[office]", f"unknown timezone {tz!r}")
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            self.fail("[rules]", "must be a table")

        queues = []
        for i, q in enumerate(self.items(data, "queues")):
            where = f"queues #{i + 1}"
            prefix = self.text(q, "prefix", where)
            if not (len(prefix) == 1 and prefix.isascii() and prefix.isalpha() and prefix.isupper()):
                self.fail(where, f"prefix {prefix!r} must be one capital letter A–Z")
            queues.append(Queue(self.text(q, "id", where), prefix, self.name(q, "name", where)))
        self.unique(queues, "[[queues]]")
        if len({q.prefix for q in queues}) != len(queues):
            self.fail("[[queues]]", "two queues share a prefix")
        queue_ids = {q.id for q in queues}

        categories = [
            Category(self.text(c, "id", f"categories #{i + 1}"), self.name(c, "name", f"categories #{i + 1}"))
            for i, c in enumerate(data.get("categories", []))
        ]
        self.unique(categories, "[[categories]]")

        services = []
        for i, s in enumerate(self.items(data, "services")):
            where = f"services #{i + 1}"
            queue = self.text(s, "queue", where, default=queues[0].id)
            if queue not in queue_ids:
                self.fail(where, f"queue {queue!r} is not one of {sorted(queue_ids)}")
            docs = s.get("documents", [])
            if not isinstance(docs, list):
                self.fail(where, "'documents' must be a list")
            steps = s.get("next_steps", [])
            if not isinstance(steps, list):
                self.fail(where, "'next_steps' must be a list")
            services.append(
                Service(
                    id=self.text(s, "id", where),
                    name=self.name(s, "name", where),
                    queue=queue,
                    minutes=self.number(s, "minutes", where, default=10, minimum=0.5),
                    documents=tuple(self.name({"d": d}, "d", f"{where} documents") for d in docs),
                    next_steps=tuple(self.name({"n": n}, "n", f"{where} next_steps") for n in steps),
                )
            )
        self.unique(services, "[[services]]")
        service_ids = {s.id for s in services}

        counters = []
        for i, c in enumerate(self.items(data, "counters")):
            where = f"counters #{i + 1}"
            number = c.get("number")
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                self.fail(where, "'number' must be a whole number of at least 1")
            kind = c.get("kind", "general")
            if kind not in ("general", "care"):
                self.fail(where, "'kind' must be \"general\" or \"care\"")
            serves = c.get("serves", ["care", "general"] if kind == "care" else ["general"])
            if not isinstance(serves, list) or not serves:
                self.fail(where, "'serves' must list at least one queue")
            for q in serves:
                if q not in queue_ids:
                    self.fail(where, f"serves unknown queue {q!r}; queues are {sorted(queue_ids)}")
            limit = c.get("care_wait_limit_minutes")
            if limit is not None:
                limit = self.number(c, "care_wait_limit_minutes", where)
            in_a_row = c.get("care_in_a_row")
            if in_a_row is not None:
                in_a_row = int(self.number(c, "care_in_a_row", where, minimum=1))
            limited = c.get("services", [])
            if not isinstance(limited, list) or not all(isinstance(x, str) for x in limited):
                self.fail(where, "'services' must list service ids (left out: every service)")
            for x in limited:
                if x not in service_ids:
                    self.fail(where, f"unknown service {x!r} in 'services'; services are {sorted(service_ids)}")
            name = self.name(c, "name", where, required=False)
            if not name.zh:
                name = Name(f"{number} 號櫃台", f"Counter {number}")
            counters.append(
                Counter(
                    number=number,
                    name=name,
                    kind=kind,
                    clerk=str(c.get("clerk", "")),
                    serves=tuple(serves),
                    help_care=bool(c.get("help_care", kind == "general")),
                    care_wait_limit_minutes=limit,
                    care_in_a_row=in_a_row,
                    services=tuple(dict.fromkeys(limited)),
                )
            )
        self.unique(counters, "[[counters]]")
        notices = head.get("notices", [])
        if not isinstance(notices, list):
            self.fail("[office]", "'notices' must be a list")
        office = Office(
            id=str(head.get("id", "office")),
            name=self.name(head, "name", "[office]"),
            timezone=tz,
            queues=tuple(queues),
            categories=tuple(categories),
            services=tuple(services),
            counters=tuple(counters),
            care_wait_limit_minutes=self.number(rules, "care_wait_limit_minutes", "[rules]", default=10),
            recent_calls=int(self.number(rules, "recent_calls", "[rules]", default=8, minimum=1)),
            notices=tuple(self.name({"n": n}, "n", "[office] notices") for n in notices),
            ticket_footer=self.name(head, "ticket_footer", "[office]", required=False),
            public_url=self.public_url(head),
            address=self.plain(head, "address"),
            tel=self.plain(head, "tel"),
            hours_text=self.name(head, "hours", "[office]", required=False),
            hours=read_hours(data["hours"], self.fail, service_ids) if "hours" in data else None,
            appointments=self.appointments(data, queues) if "appointments" in data else None,
        )
        self.every_service_taken(office)
        return office

    def every_service_taken(self, office: Office) -> None:
        """Counters limited to some services must leave no service (nor its care tickets)
        without a counter."""
        care = office.care_queue.id
        for s in office.services:
            if not any(c.takes(s.id) and s.queue in c.serves for c in office.counters):
                self.fail("[[counters]]", f"no counter takes service {s.id!r} from queue {s.queue!r} (see each "
                                          "counter's 'serves' and 'services')")
            if office.categories and not any(c.takes(s.id) and (care in c.serves or c.help_care)
                                             for c in office.counters):
                self.fail("[[counters]]", f"no counter takes care tickets of service {s.id!r} (queue {care!r})")

    def appointments(self, data: dict, queues: list[Queue]) -> AppointmentRules:
        """`[appointments]`: queue (id), prefix, name, late_minutes; all optional."""
        where = "[appointments]"
        table = self.table(data, "appointments", where)
        unknown = sorted(set(table) - {"queue", "prefix", "name", "late_minutes"})
        if unknown:
            self.fail(where, f"unknown key {unknown[0]!r}; the keys are queue, prefix, name and late_minutes")
        default = AppointmentRules()
        queue = self.text(table, "queue", where, default=default.queue)
        prefix = self.text(table, "prefix", where, default=default.prefix)
        if not (len(prefix) == 1 and prefix.isascii() and prefix.isalpha() and prefix.isupper()):
            self.fail(where, f"prefix {prefix!r} must be one capital letter A–Z")
        if any(q.id == queue for q in queues):
            self.fail(where, f"queue {queue!r} is one of [[queues]]: appointment tickets need a queue of their own")
        if any(q.prefix == prefix for q in queues):
            self.fail(where, f"prefix {prefix!r} is already a queue's prefix in [[queues]]")
        name = self.name(table, "name", where, required=False)
        return AppointmentRules(queue, prefix, name if name.zh else default.name,
                                self.number(table, "late_minutes", where, default=default.late_minutes))

    def plain(self, head: dict, key: str) -> str:
        value = head.get(key, "")
        if not isinstance(value, str):
            self.fail("[office]", f"'{key}' must be a text")
        return value.strip()

    def public_url(self, head: dict) -> str:
        url = self.plain(head, "public_url").rstrip("/")
        if url and not (url.startswith("https://") or url.startswith("http://")) or any(c.isspace() for c in url):
            self.fail("[office]", "'public_url' must look like \"https://queue.example.gov.tw\"")
        return url


def office_from_json(data: dict) -> Office:
    """The office as a device gets it from `GET /office` (rules and routing left at defaults)."""

    name = Text.from_json

    queues = tuple(Queue(q["id"], q["prefix"], name(q["name"])) for q in data["queues"])
    counters = tuple(
        Counter(number=c["number"], name=name(c["name"]), kind=c.get("kind", "general"), clerk=c.get("clerk", ""),
                serves=tuple(c.get("serves") or (("care", "general") if c.get("kind") == "care" else ("general",))),
                services=tuple(c.get("services") or ()))
        for c in data.get("counters", [])
    )
    return Office(
        id=data.get("id", "office"),
        name=name(data["name"]),
        timezone=data.get("timezone", "Asia/Taipei"),
        queues=queues,
        categories=tuple(Category(c["id"], name(c["name"])) for c in data.get("categories", [])),
        services=tuple(
            Service(s["id"], name(s["name"]), s["queue"], s.get("minutes", 10),
                    tuple(name(d) for d in s.get("documents", [])),
                    tuple(name(n) for n in s.get("next_steps", [])))
            for s in data["services"]
        ),
        counters=counters,
        notices=tuple(name(n) for n in data.get("notices", [])),
        ticket_footer=name(data.get("ticket_footer", {"zh-TW": "", "en": ""})),
        public_url=data.get("public_url", ""),
        address=data.get("address", ""),
        tel=data.get("tel", ""),
        hours_text=name(data.get("hours", {"zh-TW": "", "en": ""})),
        hours=_hours_from_json(data.get("opening_hours")),
        appointments=_appointments_from_json(data.get("appointments")),
    )


def _appointments_from_json(data) -> AppointmentRules | None:
    if not isinstance(data, dict):
        return None
    return AppointmentRules(data["queue"], data["prefix"], Text.from_json(data["name"]),
                            data.get("late_minutes", AppointmentRules.late_minutes))


def _hours_from_json(data) -> OpeningHours | None:
    """The service checked them; hours a device cannot read count as none (the service
    still refuses tickets outside its hours, with a message the kiosk shows)."""
    if data is None:
        return None

    def fail(where, what):
        raise ConfigError(f"{where}: {what}")

    try:
        return read_hours(data, fail)
    except ConfigError:
        return None
