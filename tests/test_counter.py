"""The counter client against the real service: calling, every action, double presses,
the service going away and coming back, wrong tokens, alerts, configuration."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from counter_client.actions import parse_number, shown
from counter_client.main import create_window, main, ready

WAIT = 10000


def issue(server, service="transcript", category=None):
    r = server.client("kiosk").post("/tickets", json={"service": service, "category": category})
    assert r.status_code == 201, r.text
    return r.json()["ticket"]


def counter_on_service(server, number=2):
    state = server.client().get("/state").json()
    return next(c for c in state["counters"] if c["number"] == number), state


def ticket_on_service(server, ticket_id):
    return server.client().get(f"/tickets/{ticket_id}").json()["ticket"]


@pytest.fixture
def open_window(qtbot, server):
    windows = []

    def make(counter=2, token=None):
        token = token or server.token("counter", counter)
        window = create_window({"server_url": server.url, "token": token, "counter": counter, "on_top": False})
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        qtbot.waitUntil(lambda: ready(window), timeout=WAIT)
        return window

    yield make
    for w in windows:
        w.client.stop()


def enabled(window):
    return {action for action, button in window.buttons.items() if button.isEnabled()}


def idle(window):
    return not window.busy and window.dialog is None


def current(window):
    counter = window.counter_state()
    return counter["ticket"]["number"] if counter and counter["ticket"] else None


def press(qtbot, window, action):
    qtbot.mouseClick(window.buttons[action], Qt.MouseButton.LeftButton)


def test_next_calls_the_right_ticket(qtbot, server, open_window):
    issue(server, "transcript")                       # A001
    issue(server, "move", "elderly")                  # C001, later but priority
    care, general = open_window(1), open_window(2)
    qtbot.waitUntil(lambda: care.client.state["waiting"] == {"general": 1, "care": 1}, timeout=WAIT)
    press(qtbot, care, "next")
    qtbot.waitUntil(lambda: current(care) == "C001" and idle(care), timeout=WAIT)
    qtbot.keyClick(general, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current(general) == "A001" and idle(general), timeout=WAIT)
    assert counter_on_service(server, 1)[0]["ticket"]["number"] == "C001"
    assert counter_on_service(server, 2)[0]["ticket"]["number"] == "A001"
    # What the clerk sees: the number, the service and the category.
    assert care.ticket_number.text() == "C001"
    assert care.ticket_service.first.text() == "遷徙登記（遷入／遷出）"
    assert "年長者" in care.ticket_category.text() and care.ticket_category.isVisibleTo(care)
    assert "已叫號 C001" in care.status.parts[0]


@pytest.mark.parametrize("how", ["click", "enter"])
def test_a_double_press_calls_one_ticket(qtbot, server, open_window, how):
    for _ in range(3):
        issue(server)
    window = open_window(2)
    qtbot.waitUntil(lambda: window.client.state["waiting"]["general"] == 3, timeout=WAIT)
    for _ in range(2):
        if how == "click":
            press(qtbot, window, "next")
        else:
            qtbot.keyClick(window, Qt.Key.Key_Return)
    assert enabled(window) == set()  # in flight: nothing can be pressed
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    qtbot.wait(300)
    counter, state = counter_on_service(server)
    assert counter["ticket"]["number"] == "A001"
    assert state["waiting"]["general"] == 2


def test_buttons_follow_the_counter(qtbot, server, open_window):
    window = open_window(2)
    assert enabled(window) == {"next", "call", "pause"}
    issue(server)
    press(qtbot, window, "next")
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    assert enabled(window) == {"next", "recall", "no_show", "complete", "transfer", "call", "pause"}


def test_recall_no_show_call_and_complete(qtbot, server, open_window):
    first = issue(server)
    window = open_window(2)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)

    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: ticket_on_service(server, first["id"])["recalls"] == 1 and idle(window), timeout=WAIT)
    assert "已重呼 1 次" in window.ticket_waited.first.text()

    press(qtbot, window, "no_show")
    qtbot.waitUntil(lambda: current(window) is None and idle(window), timeout=WAIT)
    assert ticket_on_service(server, first["id"])["status"] == "no_show"
    qtbot.waitUntil(lambda: window.stats is not None and window.stats["no_shows"] == 1, timeout=WAIT)

    # The citizen comes back: call A001 by its number (typed loosely).
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    dialog = window.dialog
    qtbot.keyClicks(dialog.edit, "x1")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "沒有 X 開頭" in dialog.error.first.text()
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "a1")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    assert ticket_on_service(server, first["id"])["status"] == "called"

    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: current(window) is None and idle(window), timeout=WAIT)
    assert ticket_on_service(server, first["id"])["status"] == "done"
    qtbot.waitUntil(lambda: window.stats is not None and window.stats["served"] == 1, timeout=WAIT)
    assert window.today_rows.itemAtPosition(0, 1).widget().text() == "1"


def test_transfer_to_a_service_and_to_a_counter(qtbot, server, open_window):
    a1, a2 = issue(server, "transcript"), issue(server, "transcript")
    window = open_window(2)
    press(qtbot, window, "next")
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)

    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    dialog = window.dialog
    choices = {str(b.property("choice")): b for b in dialog.findChildren(QPushButton)
               if b.property("choice")}
    assert not choices[str({"service": "transcript"})].isEnabled()  # where it already is
    qtbot.mouseClick(choices[str({"service": "id_card"})], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current(window) is None and idle(window), timeout=WAIT)
    moved = ticket_on_service(server, a1["id"])
    assert (moved["status"], moved["service"]) == ("transferred", "id_card")
    assert "已轉送至 國民身分證" in window.status.parts[0]

    press(qtbot, window, "next")  # A001 kept its place in the queue: it comes first again
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    press(qtbot, window, "transfer")
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    dialog = window.dialog
    to_three = next(b for b in dialog.findChildren(QPushButton)
                    if b.property("choice") == {"counter": 3})
    qtbot.mouseClick(to_three, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current(window) is None and idle(window), timeout=WAIT)
    moved = ticket_on_service(server, a1["id"])
    assert (moved["status"], moved["target_counter"]) == ("transferred", 3)
    press(qtbot, window, "next")  # A001 now waits for counter 3, so counter 2 gets A002
    qtbot.waitUntil(lambda: current(window) == a2["number"] and idle(window), timeout=WAIT)


def test_pause_with_a_reason_and_resume(qtbot, server, open_window):
    issue(server)
    window = open_window(2)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    qtbot.keyClick(window.dialog, Qt.Key.Key_3)  # 會議 Meeting
    qtbot.keyClick(window.dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.counter_state()["status"] == "paused" and idle(window), timeout=WAIT)
    counter, _ = counter_on_service(server)
    assert (counter["status"], counter["reason"]) == ("paused", "會議 / Meeting")
    assert enabled(window) == {"next", "pause"}  # F7 is Resume now
    assert window.buttons["pause"].title.text() == "恢復服務"
    assert window.ticket_number.text().startswith("暫停服務")

    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.counter_state()["status"] == "open" and idle(window), timeout=WAIT)
    assert counter_on_service(server)[0]["status"] == "open"

    press(qtbot, window, "pause")  # another reason, typed
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    dialog = window.dialog
    qtbot.mouseClick(dialog.group.button(3), Qt.MouseButton.LeftButton)
    dialog.other_edit.insert("協助民眾填表")  # as an input method types it
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: counter_on_service(server)[0]["reason"] == "協助民眾填表", timeout=WAIT)
    qtbot.waitUntil(lambda: window.counter_state()["reason"] == "協助民眾填表" and idle(window), timeout=WAIT)

    press(qtbot, window, "next")  # Next on a paused counter opens it and calls
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    assert counter_on_service(server)[0]["status"] == "open"


def test_a_cancelled_dialog_does_nothing(qtbot, server, open_window):
    window = open_window(2)
    press(qtbot, window, "pause")
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    assert enabled(window) == set()
    qtbot.keyClick(window.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    assert enabled(window) == {"next", "call", "pause"}
    assert counter_on_service(server)[0]["status"] == "open"


def test_service_down_and_back(qtbot, server, open_window):
    issue(server)
    window = open_window(2)
    server.stop()
    qtbot.waitUntil(lambda: window.fault_banner.isVisible(), timeout=WAIT)
    assert "與叫號服務斷線" in window.fault_banner.text.first.text()
    assert enabled(window) == set()
    qtbot.keyClick(window, Qt.Key.Key_Return)  # nothing happens while disconnected
    server.start()
    qtbot.waitUntil(lambda: not window.fault_banner.isVisible() and "next" in enabled(window), timeout=15000)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    assert counter_on_service(server)[0]["ticket"]["number"] == "A001"


def test_an_action_sent_as_the_service_goes_down_is_done_once(qtbot, server, open_window):
    issue(server)
    issue(server)
    window = open_window(2)
    server.stop()  # the window has not noticed yet
    press(qtbot, window, "next")
    qtbot.waitUntil(lambda: not window.client.connected, timeout=WAIT)
    assert window.busy and enabled(window) == set()
    server.start()
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=20000)
    counter, state = counter_on_service(server)
    assert counter["ticket"]["number"] == "A001" and state["waiting"]["general"] == 1


def test_a_token_for_another_counter_is_shown(qtbot, server, open_window):
    window = open_window(2, token=server.token("counter", 3))
    qtbot.waitUntil(lambda: window.fault_banner.isVisible(), timeout=WAIT)
    assert window.fault == "wrong_counter"
    assert "不是 2 號櫃台" in window.fault_banner.text.first.text()
    assert "not for counter 2" in window.fault_banner.text.second.text()
    assert enabled(window) == set()


def test_an_unknown_token_is_shown(qtbot, server, open_window):
    window = open_window(2, token="not-a-token")
    qtbot.waitUntil(lambda: window.fault_banner.isVisible(), timeout=WAIT)
    assert "裝置憑證無效" in window.fault_banner.text.first.text()
    assert enabled(window) == set()


def test_an_alert_shows_as_a_banner_until_dismissed(qtbot, server, open_window):
    window = open_window(2)
    kiosk = server.client("kiosk")
    paper = {"source": "kiosk-1", "kind": "printer", "code": "paper_out",
             "message": {"zh-TW": "取號機缺紙，請補充", "en": "The kiosk is out of paper"}}
    assert kiosk.post("/alerts", json=paper).status_code == 201
    qtbot.waitUntil(lambda: window.alert_banner.isVisible(), timeout=WAIT)
    assert window.alert_banner.text.first.text() == "取號機缺紙，請補充"
    assert window.alert_banner.text.second.text() == "The kiosk is out of paper"
    qtbot.mouseClick(window.alert_banner.close_button, Qt.MouseButton.LeftButton)
    assert not window.alert_banner.isVisible()
    issue(server)  # other events do not bring it back
    qtbot.waitUntil(lambda: window.client.state["waiting"]["general"] == 1, timeout=WAIT)
    assert not window.alert_banner.isVisible()
    kiosk.post("/alerts", json=paper)  # raised again: shown again
    qtbot.waitUntil(lambda: window.alert_banner.isVisible(), timeout=WAIT)
    kiosk.post("/alerts/clear", json={"source": "kiosk-1", "kind": "printer"})
    qtbot.waitUntil(lambda: not window.alert_banner.isVisible(), timeout=WAIT)


@pytest.mark.parametrize("text, expected", [
    ("A005", "A005"), ("a5", "A005"), (" c 12 ", "C012"), ("A-7", "A007"), ("A999", "A999"),
    ("A0", None), ("AB5", None), ("5", None), ("A1000", None), ("B5", None), ("", None),
])
def test_typed_numbers(text, expected):
    assert parse_number(text, ["A", "C"])[0] == expected


def ticket(id_, status="called", recalls=0):
    return {"id": id_, "number": f"A{id_:03d}", "status": status, "recalls": recalls}


@pytest.mark.parametrize("counter, answer, expected", [
    ({"status": "open", "ticket": None}, {"ticket": ticket(1)}, False),           # called, event not in yet
    ({"status": "open", "ticket": ticket(1)}, {"ticket": ticket(1)}, True),
    ({"status": "open", "ticket": ticket(1)}, {"ticket": ticket(2)}, False),
    ({"status": "open", "ticket": ticket(1)}, {"ticket": ticket(1, recalls=1)}, False),
    ({"status": "open", "ticket": None}, {"ticket": None}, True),                 # nobody waiting
    ({"status": "paused", "ticket": None}, {"ticket": None}, False),              # next opens the counter
    ({"status": "open", "ticket": ticket(1)}, {"ticket": ticket(1, "done")}, False),
    ({"status": "open", "ticket": None}, {"ticket": ticket(1, "done")}, True),
    ({"status": "open", "ticket": None}, {"counter": {"status": "paused"}}, False),
    ({"status": "paused", "ticket": None}, {"counter": {"status": "paused"}}, True),
])
def test_the_buttons_wait_until_the_state_shows_the_answer(counter, answer, expected):
    assert shown(counter, answer) is expected


def test_stays_on_top_unless_configured(qtbot):
    config = {"server_url": "http://127.0.0.1:9", "token": "t", "counter": 2}
    for on_top in (True, False):
        window = create_window({**config, "on_top": on_top})
        qtbot.addWidget(window)
        assert bool(window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) is on_top
        window.client.stop()


def test_bad_config_is_one_clear_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("QUEUE_SERVER_URL", raising=False)
    monkeypatch.delenv("QUEUE_TOKEN", raising=False)
    bad = tmp_path / "counter.toml"
    bad.write_text('server_url = "http://127.0.0.1:8600"\ntoken = "t"\ncounter = "two"\n', encoding="utf-8")
    assert main(["--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "counter must be a whole number" in err
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main([]) == 2
    assert "server_url" in capsys.readouterr().err
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://127.0.0.1:8600")
    monkeypatch.setenv("QUEUE_TOKEN", "t")
    assert main([]) == 2
    assert "'counter' is not set" in capsys.readouterr().err


def test_screenshot_from_the_command_line(tmp_path, server, monkeypatch):
    import subprocess
    import sys

    config = tmp_path / "counter.toml"
    config.write_text(f'server_url = "{server.url}"\ntoken = "{server.token("counter", 2)}"\ncounter = 2\n'
                      f'language = "en"\n', encoding="utf-8")
    shot = tmp_path / "counter.png"
    done = subprocess.run([sys.executable, "-m", "counter_client.main", "--config", str(config),
                           "--screenshot", str(shot)], capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 1000
