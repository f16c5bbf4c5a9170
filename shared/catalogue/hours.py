"""The opening hours as people read them: closed, appointments only, when the office opens
(the service's refusal, the kiosk's closed screen, the hall display and the public board
say the same). `notice` is the hours now, in words, for the display and the board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.hours import HoursState, OpeningHours, lunch_ends, next_change, state_at
from shared.i18n import Text

CLOSED = Text("本所目前未開放", "The office is closed now")
APPOINTMENTS_ONLY = Text("目前僅受理預約", "Appointments only now")
OPENS = Text("下次開放：{when}", "Opens {when}")
IT_OPENS = Text("下次開放：{when}", "it opens {when}")
SESSION_UNTIL = Text("預約時段至 {time}", "Appointment session until {time}")
ONLY_SERVICES = Text("本時段受理：{services}", "This session: {services}")
CHECK_IN = Text("已預約的民眾請報到", "If you booked, please check in")
COME_BACK = Text("一般取號請於開放時間再來，謝謝", "For an ordinary ticket please come back when we open. Thank you")
OPEN_UNTIL = Text("開放中・至 {time}", "Open now · until {time}")
OPEN_NOW = Text("開放中", "Open now")
LUNCH = Text("午休中，{time} 恢復服務", "Lunch break, back at {time}")
APPOINTMENTS_NOTE = Text("預約時段：僅受理預約", "Appointments only")
NOT_OPENING = Text("近期沒有開放時間，請洽櫃台", "No opening hours are set ahead; please ask at a counter")

WEEKDAYS = (Text("週一", "Monday"), Text("週二", "Tuesday"), Text("週三", "Wednesday"), Text("週四", "Thursday"),
            Text("週五", "Friday"), Text("週六", "Saturday"), Text("週日", "Sunday"))
TODAY = Text("今天 {time}", "today {time}")
TOMORROW = Text("明天（{weekday}）{time}", "tomorrow ({weekday}) {time}")
THIS_WEEK = Text("{weekday} {time}", "{weekday} {time}")
LATER = Text("{month}/{day}（{weekday}）{time}", "{weekday} {day} {month_name} {time}")


def when_text(moment: datetime, now: datetime) -> Text:
    """「今天 13:30」, 「明天（週五）08:00」, 「週一 08:00」 within a week, else 「1/4（週一）08:00」."""
    days = (moment.date() - now.date()).days
    hm, weekday = f"{moment:%H:%M}", WEEKDAYS[moment.weekday()]
    if days <= 0:
        return TODAY.format(time=hm)
    if days == 1:
        return TOMORROW.format(weekday=weekday, time=hm)
    if days < 7:
        return THIS_WEEK.format(weekday=weekday, time=hm)
    return LATER.format(month=moment.month, day=moment.day, month_name=f"{moment:%b}", weekday=weekday, time=hm)


def headline(state: HoursState) -> Text:
    return APPOINTMENTS_ONLY if state.appointments_only else CLOSED


def next_opening(state: HoursState, now: datetime) -> Text:
    return OPENS.format(when=when_text(state.opens_at, now)) if state.opens_at else NOT_OPENING


def refusal(state: HoursState, now: datetime) -> str:
    """The service's message when it refuses an ordinary ticket: both languages, one line."""
    first = headline(state)
    if state.appointments_only and state.closes_at:
        first = first + Text("（至 {t}）", " (until {t})").format(t=f"{state.closes_at:%H:%M}")
    then = IT_OPENS.format(when=when_text(state.opens_at, now)) if state.opens_at else NOT_OPENING
    text = first + Text("，", "; ") + then
    return f"{text.zh}。{text.en}."


def summary(hours: OpeningHours) -> Text:
    """The weekly hours in one line, for an office file without its own text:
    「週一至週五 08:00–17:00；週六 09:00–12:00」, "Monday–Friday 08:00–17:00; …"."""
    parts, day = [], 0
    while day < 7:
        spans = hours.weekly[day]
        last = day
        while last + 1 < 7 and hours.weekly[last + 1] == spans:
            last += 1
        if spans:
            times = "、".join(f"{s.start:%H:%M}–{s.end:%H:%M}" for s in spans)
            days = WEEKDAYS[day] if last == day else WEEKDAYS[day] + Text("至", "–") + WEEKDAYS[last]
            parts.append(days + " " + times)
        day = last + 1
    if hours.lunch is not None and parts:
        parts.append(Text("中午 {a}–{b} 休息", "closed {a}–{b} for lunch").format(
            a=f"{hours.lunch.start:%H:%M}", b=f"{hours.lunch.end:%H:%M}"))
    return Text.join(parts, "；", "; ")


@dataclass(frozen=True)
class Notice:
    """The opening hours at a moment, in words."""
    kind: str                     # "open", "closed", "lunch" or "appointments"
    headline: Text                # 開放中・至 17:00 / 本所目前未開放 / 午休中，13:30 恢復服務 / 預約時段：僅受理預約
    opens: Text | None            # closed or in a session: 「下次開放：週一 08:00」 (not at lunch: the headline says it)
    session: Text | None          # in a session: its name and when it ends
    hours: Text | None            # the office's hours as people read them
    changes_at: datetime | None   # when to look again (None: always open)

    @property
    def open(self) -> bool:
        return self.kind == "open"


def readable(hours: OpeningHours | None, text: Text | None = None) -> Text | None:
    """The office file's own text of its hours, else the weekly hours in one line."""
    if text is not None and text.zh:
        return text
    return summary(hours) if hours is not None else None


def notice(hours: OpeningHours | None, moment: datetime, text: Text | None = None) -> Notice:
    """`moment`: the service's time in the office's time zone; `text`: the office's own
    text of its hours (`Office.hours_text`)."""
    if hours is None:
        return Notice("open", OPEN_NOW, None, None, readable(None, text), None)
    state, changes_at = state_at(hours, moment), next_change(hours, moment)
    said = readable(hours, text)
    if state.open:
        return Notice("open", OPEN_UNTIL.format(time=f"{state.closes_at:%H:%M}"), None, None, said, changes_at)
    opens = next_opening(state, moment)
    if state.appointments_only:
        until = SESSION_UNTIL.format(time=f"{state.closes_at:%H:%M}")
        session = state.session + Text("・", " · ") + until if state.session else until
        return Notice("appointments", APPOINTMENTS_NOTE, opens, session, said, changes_at)
    back = lunch_ends(hours, moment)
    if back is not None:
        return Notice("lunch", LUNCH.format(time=f"{back:%H:%M}"), None, None, said, changes_at)
    return Notice("closed", CLOSED, opens, None, said, changes_at)
