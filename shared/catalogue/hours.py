"""The opening hours as people read them: closed, appointments only, when the office opens
(the service's refusal and the kiosk's closed screen say the same)."""

from __future__ import annotations

from datetime import datetime

from shared.hours import HoursState, OpeningHours
from shared.i18n import Text

CLOSED = Text("本所目前未開放", "The office is closed now")
APPOINTMENTS_ONLY = Text("目前僅受理預約", "Appointments only now")
OPENS = Text("下次開放：{when}", "Opens {when}")
IT_OPENS = Text("下次開放：{when}", "it opens {when}")
SESSION_UNTIL = Text("預約時段至 {time}", "Appointment session until {time}")
ONLY_SERVICES = Text("本時段受理：{services}", "This session: {services}")
CHECK_IN = Text("已預約的民眾請報到", "If you booked, please check in")
COME_BACK = Text("一般取號請於開放時間再來，謝謝", "For an ordinary ticket please come back when we open. Thank you")
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
