"""The counter client against the real service: calling, every action, double presses,
held keys, undoing a no-show, the service going away and coming back, wrong tokens,
alerts, configuration; and its view model without Qt."""

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from counter_client.actions import parse_number, shown
from counter_client.main import create_window, main, ready
from counter_client.view import Situation, counter_view
from shared.catalogue import counter as T
from shared.i18n import Text

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

    def make(counter=2, token=None, check=None, **settings):
        token = token or server.token("counter", counter)
        window = create_window({"server_url": server.url, "token": token, "counter": check, "on_top": False,
                                "action_gap_seconds": 0, **settings})
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
    assert care.card.number.first.text() == "C001" and care.number == 1
    assert care.card.service.first.text() == "遷徙登記（遷入／遷出）"
    assert "年長者" in care.card.category.text() and care.card.category.isVisibleTo(care)
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
    qtbot.wait(100)
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
    assert "已重叫 1 次" in window.card.times.first.text()

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
    assert window.figures.today_rows.itemAtPosition(0, 1).widget().text() == "1"


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
    assert enabled(window) == {"pause"}  # F7 is Resume now; Enter does nothing
    assert window.buttons["pause"].title.text() == "恢復服務"
    assert window.card.number.first.text() == "暫停服務"

    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.counter_state()["status"] == "open" and idle(window), timeout=WAIT)
    assert counter_on_service(server)[0]["status"] == "open"

    press(qtbot, window, "pause")  # another reason, typed
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=WAIT)
    dialog = window.dialog
    qtbot.mouseClick(dialog.group.button(3), Qt.MouseButton.LeftButton)
    dialog.other_edit.insert("協助民眾填表")  # as an input method types it
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: counter_on_service(server)[0]["reason"] == "協助民眾填表" and idle(window)
                    and window.counter_state()["status"] == "paused", timeout=WAIT)

    qtbot.keyClick(window, Qt.Key.Key_Return)  # a stray Enter does not open a paused counter
    assert enabled(window) == {"pause"} and not window.busy
    qtbot.keyClick(window, Qt.Key.Key_F7)  # Resume does
    qtbot.waitUntil(lambda: counter_on_service(server)[0]["status"] == "open" and idle(window), timeout=WAIT)
    assert current(window) is None


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
    assert "與叫號系統斷線" in window.fault_banner.text.first.text()
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
    window = open_window(2, token=server.token("counter", 3), check=2)
    qtbot.waitUntil(lambda: window.fault_banner.isVisible(), timeout=WAIT)
    assert window.fault == T.WRONG_COUNTER.format(n=2)
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
    config = {"server_url": "http://127.0.0.1:9", "token": "t"}
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
    assert err.count("\n") == 1 and "'counter' = 'two': must be a counter number" in err
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main([]) == 2
    assert "server_url" in capsys.readouterr().err
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://127.0.0.1:8600")
    monkeypatch.setenv("QUEUE_TOKEN", "t")
    monkeypatch.setenv("QUEUE_COUNTER", "x")
    assert main([]) == 2
    assert "QUEUE_COUNTER (environment): 'counter'" in capsys.readouterr().err


def test_the_counter_comes_from_the_token(qtbot, server, open_window):
    """Only a server URL and a token: /whoami says which counter; an admin token needs one."""
    window = open_window(3)
    assert window.number == 3 and window.fault is None and "3 號櫃台" in window.windowTitle()
    admin = open_window(token=server.token("admin"), check=1)
    assert admin.number == 1 and admin.fault is None
    kiosk = open_window(token=server.token("kiosk"))
    assert kiosk.fault == T.NOT_A_COUNTER and enabled(kiosk) == set()


def test_a_held_key_and_a_quick_second_press_act_once(qtbot, server, open_window):
    for _ in range(3):
        issue(server)
    window = open_window(2, action_gap_seconds=30)
    for repeat in (False, True, True, True):  # a stuck Enter
        QApplication.sendEvent(window, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier, "", repeat))
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_Return)  # within the gap: ignored
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert current(window) == "A001" and not window.busy
    assert server.client().get("/state").json()["waiting"]["general"] == 2


def test_a_no_show_can_be_undone_for_a_few_seconds(qtbot, server, open_window):
    first = issue(server)
    window = open_window(2, undo_seconds=30)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: current(window) is None and idle(window), timeout=WAIT)
    assert "A001 過號" in window.status.parts[0]
    assert window.buttons["no_show"].title.text() == "復原 A001" and "no_show" in enabled(window)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: current(window) == "A001" and idle(window), timeout=WAIT)
    assert ticket_on_service(server, first["id"])["status"] == "called"
    assert window.buttons["no_show"].title.text() == "過號"
    short = open_window(3, undo_seconds=0.05)
    issue(server)
    qtbot.keyClick(short, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current(short) is not None and idle(short), timeout=WAIT)
    qtbot.keyClick(short, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: current(short) is None and idle(short) and short.undo is None, timeout=WAIT)
    assert "no_show" not in enabled(short)


def test_a_pause_reason_is_shown_as_plain_text(qtbot, server, open_window):
    window = open_window(2)
    server.client("counter", 2).post("/counters/2/pause", json={"reason": "<b>午休</b>"}).raise_for_status()
    qtbot.waitUntil(lambda: window.card.service.first.text() == "<b>午休</b>", timeout=WAIT)
    assert window.card.service.first.textFormat() == Qt.TextFormat.PlainText


def test_screenshot_from_the_command_line(tmp_path, server):
    import subprocess
    import sys

    config = tmp_path / "counter.toml"
    config.write_text(f'server_url = "{server.url}"\ntoken = "{server.token("counter", 2)}"\n'
                      f'language = "en"\n', encoding="utf-8")
    shot = tmp_path / "counter.png"
    done = subprocess.run([sys.executable, "-m", "counter_client.main", "--config", str(config),
                           "--screenshot", str(shot)], capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 1000


# ----- the view model, without Qt ------------------------------------------------------------

OFFICE = {"queues": [{"id": "walk-in", "prefix": "W", "name": {"zh-TW": "臨櫃", "en": "Walk-in"}}],
          "services": [{"id": "seal", "name": {"zh-TW": "印鑑登記", "en": "Seal"}, "queue": "walk-in"}],
          "categories": [], "counters": [{"number": 5, "name": {"zh-TW": "5 號櫃台", "en": "Counter 5"},
                                          "kind": "general", "clerk": "林"}]}
TICKET = {"id": 1, "number": "W007", "service": "seal", "category": None, "status": "called", "recalls": 0,
          "issued_at": "2026-11-26T09:00:00+08:00", "called_at": "2026-11-26T09:12:00+08:00"}


def view_of(counter, **situation):
    state = {"counters": [{"number": 5, "status": "open", "reason": None, "ticket": None, **counter}],
             "waiting": {"walk-in": 4}, "alerts": []}
    now = datetime(2026, 11, 26, 1, 20, tzinfo=timezone.utc)  # 09:20 in Taipei
    return counter_view(state, OFFICE, Situation(now=now, number=5, **{"connection": "online", **situation}))


def test_the_waited_time_stops_at_the_call_and_the_service_time_runs():
    v = view_of({"ticket": TICKET})
    assert v.times.zh == "已等候 12 分鐘・服務中 8 分鐘"
    assert (v.big.zh, v.big_role, v.detail.en) == ("W007", "accent", "Seal")
    assert v.waiting[0].name == Text("臨櫃", "Walk-in") and v.waiting[0].value.zh == "4"  # the office's queue ids
    assert v.clerk == "林" and v.title == Text("5 號櫃台", "Counter 5")


def test_the_buttons_of_a_paused_counter_and_an_undo():
    paused = {b.slot: b for b in view_of({"status": "paused", "reason": "會議"}).buttons}
    assert [s for s, b in paused.items() if b.enabled] == ["pause"] and paused["pause"].action == "resume"
    idle_view = {b.slot: b for b in view_of({}, undo="W007").buttons}
    assert idle_view["no_show"].action == "undo_no_show" and idle_view["no_show"].enabled
    busy = view_of({}, busy=True)
    assert not any(b.enabled for b in busy.buttons)
    offline = view_of({}, connection="unreachable")
    assert offline.banner[0] == "fault" and not any(b.enabled for b in offline.buttons)


def test_the_clerk_sees_what_comes_next_and_the_days_satisfaction():
    office = {**OFFICE, "services": [{**OFFICE["services"][0], "next_steps": [
        {"zh-TW": "生育補助：向鎮公所申請", "en": "Birth subsidy: township office"},
        {"zh-TW": "預防接種：衛生所", "en": "Vaccinations: health station"}]}]}
    state = {"counters": [{"number": 5, "status": "open", "reason": None, "ticket": TICKET}],
             "waiting": {}, "alerts": []}
    now = datetime(2026, 11, 26, 1, 20, tzinfo=timezone.utc)
    v = counter_view(state, office, Situation(now=now, number=5, connection="online",
                                              stats={"served": 3, "satisfied": 0.667, "ratings": 3}))
    assert v.next_steps.zh == "接續辦理：生育補助：向鎮公所申請；預防接種：衛生所"
    assert v.today[-1].name.zh == "滿意度" and v.today[-1].value.zh == "67%（3 則）"
    assert view_of({"ticket": TICKET}).next_steps is None


def test_the_clerk_sees_the_next_numbers_with_their_estimated_wait():
    upcoming = ({"ticket_id": 8, "number": "W008", "queue": "walk-in", "range": [0, 5]},
                {"ticket_id": 9, "number": "W009", "queue": "walk-in", "range": [5, 10]},
                {"ticket_id": 10, "number": "W010", "queue": "walk-in", "range": None},
                {"ticket_id": 11, "number": "W011", "queue": "walk-in", "range": [10, 15]},
                {"ticket_id": 12, "number": "X001", "queue": "unknown", "range": [0, 5]}, "junk")
    v = view_of({}, upcoming=upcoming)
    assert v.upcoming == (Text("W008 5 分內・W009 5–10 分・W010 —", "W008 <5 min · W009 5–10 min · W010 —"),)
    assert view_of({}).upcoming == ()


def test_the_window_lists_the_waiting_numbers_and_follows_them(qtbot, server, clock, open_window, tmp_path):
    import os
    from pathlib import Path
    window = open_window(2)
    for _ in range(5):
        issue(server, "id_card")
    issue(server, "transcript", "elderly")
    first = window.figures.upcoming[0]
    qtbot.waitUntil(lambda: first.text().startswith("A001 5 分內・A002"), timeout=WAIT)
    assert window.figures.upcoming[1].text().startswith("C001")
    press(qtbot, window, "next")
    qtbot.waitUntil(lambda: current(window) == "A001" and first.text().startswith("A002"), timeout=WAIT)
    clock.advance(minutes=3)
    window.refresh()
    if os.environ.get("QUEUE_SHOTS"):  # a folder: the README's picture of this
        window.grab().save(str(Path(os.environ["QUEUE_SHOTS"]) / "counter-estimates.png"))
    shown = first.text()
    clock.advance(minutes=25)  # nothing happens for a while: the minute's re-reading moves the waits
    window.upcoming.read()
    qtbot.waitUntil(lambda: first.text() != shown, timeout=WAIT)
