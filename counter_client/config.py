"""The counter window's settings: its TOML file, then QUEUE_SERVER_URL / QUEUE_TOKEN /
QUEUE_COUNTER, then --counter. The counter comes from the token (GET /whoami); a counter
given here only checks it (an administrator's token needs it)."""

from __future__ import annotations

from pydantic import NonNegativeFloat

from shared.settings import CounterBoundSettings


class CounterSettings(CounterBoundSettings):
    on_top: bool = True                    # above the household-registration system's windows
    action_gap_seconds: NonNegativeFloat = 0.4  # a second press this soon after an action is ignored
    undo_seconds: NonNegativeFloat = 8     # how long a no-show can be taken back


def load_config(path, counter: int | None = None) -> CounterSettings:
    return CounterSettings.load(path, {"counter": counter})
