"""`queue-demo --headless`: the whole office through a scripted morning, offscreen."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
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


def test_the_windows_are_laid_out_inside_the_screen():
    from PySide6.QtCore import QRect, QSize

    from demo.main import BORDER, TITLE, layout

    for screen in (QRect(0, 0, 3840, 2160), QRect(0, 0, 1920, 1080), QRect(0, 27, 1366, 741)):
        for counter, n in ((QSize(560, 420), 3), (QSize(560, 420), 5), (QSize(700, 300), 1)):
            rects = layout(screen, counter, n)
            frames = {name: r.adjusted(-BORDER, -TITLE, BORDER, BORDER) for name, r in rects.items()}
            for name, frame in frames.items():
                assert screen.contains(frame), (screen, name, frame)
                assert all(not frame.intersects(other) for o, other in frames.items() if o != name), name
            display = rects["display"]
            assert abs(display.width() * 9 - display.height() * 16) < 16
            assert display.width() >= screen.width() // 3 or screen.height() < 1080


def read_lines(proc, into: list):
    for line in proc.stdout:
        into.append(line)


def wait_for(condition, what, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout_s} s"
        time.sleep(0.05)


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state == "Z"  # a zombie has ended; only its exit status is left to collect


def start_demo(tmp_path):
    port = free_port()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "demo.main", "--data", str(tmp_path / "data"), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=read_lines, args=(proc, lines), daemon=True).start()
    pids = lambda: [int(m) for line in lines for m in re.findall(r"pid (\d+)", line)]  # noqa: E731
    wait_for(lambda: pids() or proc.poll() is not None, "the demo's service starting")
    assert pids(), "".join(lines)
    return proc, lines, pids, f"http://127.0.0.1:{port}/api/v1/health"


def healthy(url) -> bool:
    try:
        return httpx.get(url, timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_demo_brings_its_service_back_and_stops_it_on_sigterm(tmp_path):
    proc, lines, pids, health = start_demo(tmp_path)
    try:
        first = pids()[0]
        assert healthy(health)
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: len(pids()) == 2, "the service started again")
        wait_for(lambda: healthy(health), "the service answering again")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0, "".join(lines)
        wait_for(lambda: all(gone(pid) for pid in pids()), "every service process ended", 10)
        assert "Traceback" not in "".join(lines)
    finally:
        proc.kill()


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGKILL])
def test_killing_the_demo_leaves_no_process(tmp_path, sig):
    proc, lines, pids, health = start_demo(tmp_path)
    try:
        wait_for(lambda: healthy(health), "the service answering")
        proc.send_signal(sig)
        proc.wait(15)
        wait_for(lambda: gone(pids()[0]), "the service ended with the demo", 10)
        assert not healthy(health)
    finally:
        proc.kill()
