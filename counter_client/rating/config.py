"""The rating pad's settings: its TOML file (deploy/rating.toml), then QUEUE_SERVER_URL /
QUEUE_TOKEN / QUEUE_COUNTER, then the command line. The counter comes from the token
(GET /whoami, a `rating` token is bound to one counter); a counter given here only checks
it (an administrator's token needs it)."""

from __future__ import annotations

from pydantic import NonNegativeFloat, NonNegativeInt, PositiveFloat

from counter_client.rating.flow import Timings
from shared.settings import CounterBoundSettings


class RatingSettings(CounterBoundSettings):
    question_seconds: PositiveFloat = 20    # no answer this long: back to idle, nothing recorded
    reasons_seconds: PositiveFloat = 20     # no touch on the reasons this long: the score is sent
    thanks_seconds: PositiveFloat = 15      # or until the counter calls the next citizen
    touch_gap_seconds: NonNegativeFloat = 0.4  # touches this soon after a screen appears are ignored
    fullscreen: bool = True
    monitor: NonNegativeInt | None = None   # which monitor (0, 1, …) when the pad is the PC's second one
    keypad: bool = True                     # take the keyboard (a keypad typing 1–5); false on the
                                            # counter PC's second monitor, so the clerk keeps theirs

    @property
    def timings(self) -> Timings:
        return Timings(self.question_seconds, self.reasons_seconds, self.thanks_seconds)
