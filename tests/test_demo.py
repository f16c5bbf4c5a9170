"""`queue-demo --headless`: the whole office through a scripted morning, offscreen."""

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]


def test_headless_morning_writes_every_screen_and_ticket(tmp_path):
    out = tmp_path / "morning"
    run = subprocess.run([sys.executable, "-m", "demo.main", "--headless", "--out", str(out),
                          "--port", str(free_port())], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr

    for name, size in [("kiosk-home", (1920, 1080)), ("kiosk-care", (1920, 1080)),
                       ("kiosk-confirmation", (1920, 1080)), ("display-busy", (1920, 1080)),
                       ("counter-1", None), ("counter-2", None), ("counter-3", None)]:
        image = QImage(str(out / f"{name}.png"))
        assert not image.isNull(), name
        if size:
            assert (image.width(), image.height()) == size, name

    tickets = sorted(p.stem.split("-")[0] for p in (out / "tickets").glob("*.png"))
    assert tickets == [f"A{n:03d}" for n in range(1, 9)] + [f"C{n:03d}" for n in range(1, 5)]
    assert len(list((out / "tickets").glob("*.bin"))) == 12

    morning = json.loads((out / "morning.json").read_text())
    done = morning["done"]
    assert "counter 1: next -> C001" in done  # the care counter took a care ticket first
    assert "counter 2: recall -> A001" in done and "counter 3: no_show" in done
    counters = {c["number"]: c for c in morning["state"]["counters"]}
    assert counters[1]["ticket"]["number"] == "C002"
    assert counters[2]["ticket"]["number"] == "A004"
    assert counters[3]["status"] == "paused" and counters[3]["reason"] == "會議 Meeting"
    assert morning["state"]["waiting"] == {"general": 4, "care": 2}
    calls = [c["number"] for c in morning["state"]["recent_calls"]]
    assert calls[:3] == ["A004", "C002", "A003"]
