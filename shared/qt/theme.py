"""The looks: `LIGHT` for the kiosk and the counter window (a lit room, a desk), `DARK` for
the hall display (a TV read from across the hall). Colours are named by role, never by hue,
and `CARE`, the priority path, is one colour in every app.

Roles: `background` of a window; `surface` of a card on it; `line` around cards; `text`
and `muted` (secondary) text; `accent`, the general path and the main action; `ok` (done,
go), `warn` (attention, paused), `fault` (something is wrong); `on_fill`, text on a filled
accent/care/ok/fault colour; `*_light` a pale ground under text of that role; `highlight`,
the number being called on the hall display. `care_text` is the care colour as text on
this look's background (on the dark look a tint of the same rose, for contrast)."""

from __future__ import annotations

from dataclasses import dataclass

CARE = "#A8123E"         # deep rose: white text on it is 7.6:1


@dataclass(frozen=True)
class Theme:
    background: str
    surface: str
    line: str
    text: str
    muted: str
    accent: str
    accent_down: str
    accent_light: str
    ok: str
    warn: str
    warn_light: str
    fault: str
    fault_light: str
    highlight: str
    care_text: str
    care_light: str
    care: str = CARE
    care_down: str = "#7E0D2E"
    on_fill: str = "#FFFFFF"

    def qcolor(self, role: str):
        from PySide6.QtGui import QColor

        return QColor(getattr(self, role))


LIGHT = Theme(
    background="#F5F2EB", surface="#FFFFFF", line="#D8D2C4", text="#1B1B1B", muted="#4A4A4A",
    accent="#0B4F8A", accent_down="#083A66", accent_light="#DCE6F2",
    ok="#2E7D32", warn="#8A4B00", warn_light="#FFF1CC", fault="#B3261E", fault_light="#FDE7E5",
    highlight="#0B4F8A", care_text=CARE, care_light="#FBE6EC",
)

DARK = Theme(
    background="#0A1222", surface="#131F36", line="#24355A", text="#F4F6FB", muted="#9FB0CC",
    accent="#4D8DFF", accent_down="#2F6BD8", accent_light="#11294D",
    ok="#43A047", warn="#FFB547", warn_light="#3A2A0A", fault="#E5484D", fault_light="#3A1216",
    highlight="#FFD23F", care_text="#FF8FB1", care_light="#3A1024",
)
