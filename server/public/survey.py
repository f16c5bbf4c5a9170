"""The office's nine-item satisfaction survey, answered on the ticket's phone page.

Rules: only for a ticket served (done) today, once per ticket (a second answer is
refused), each of the nine items scored 1–5 (an item may be left out, not all of them).
Stored in `survey_answers` beside the counter's ratings.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from server import db
from shared.office import Name

ITEMS: tuple[tuple[str, Name], ...] = (
    ("staff_attitude", Name("櫃台人員服務態度", "Counter staff's attitude")),
    ("efficiency", Name("辦理效率", "Efficiency")),
    ("waiting_time", Name("等候時間", "Waiting time")),
    ("professionalism", Name("專業知識", "Professional knowledge")),
    ("volunteer_attitude", Name("志工服務態度", "Volunteers' attitude")),
    ("process_design", Name("流程設計", "Process design")),
    ("facilities", Name("設施與設備", "Facilities")),
    ("cleanliness", Name("環境整潔", "Cleanliness")),
    ("signage", Name("標示與動線", "Signage and flow")),
)
ITEM_IDS = tuple(i for i, _ in ITEMS)
MAX_BODY = 1024


class SurveyRefused(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status  # 409: answered already; 422: a form or a ticket it is not for


def parse(body: bytes) -> dict[str, int]:
    """The form's scores; SurveyRefused with the reason for anything else."""
    if len(body) > MAX_BODY:
        raise SurveyRefused("the form is too large")
    try:
        fields = parse_qs(body.decode("ascii"), strict_parsing=False, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        raise SurveyRefused("the form could not be read") from None
    scores = {}
    for item in ITEM_IDS:
        values = fields.get(item)
        if not values:
            continue
        if len(values) != 1 or values[0] not in ("1", "2", "3", "4", "5"):
            raise SurveyRefused(f"{item} must be a score from 1 to 5")
        scores[item] = int(values[0])
    if not scores:
        raise SurveyRefused("no item was scored")
    return scores


def answered(conn: Connection, ticket_id: int) -> bool:
    return conn.execute(select(db.survey_answers.c.id).where(db.survey_answers.c.ticket_id == ticket_id)).first() \
        is not None


def store(conn: Connection, ticket, scores: dict[str, int], now: float) -> None:
    if answered(conn, ticket.id):
        raise SurveyRefused("this ticket's survey was already answered", 409)
    conn.execute(insert(db.survey_answers).values(
        ticket_id=ticket.id, business_day=ticket.business_day, counter=ticket.counter, service=ticket.service,
        scores=json.dumps(scores), answered_at=now))
