"""The rating pad (`queue-rating`, issue 12): its steps and what it shows without Qt, then
the real pad against the real service: a citizen's answer after a completed ticket,
stored once, followed up when unhappy, sent late when the service was away; keys 1–5;
the question's time running out; the next steps of a birth registration; counters kept
apart; the settings and the screenshots."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from counter_client.rating import flow
from counter_client.rating.config import RatingSettings
from counter_client.rating.flow import IDLE, QUESTION, REASONS, THANKS, Answer, Pad, Served, Timings
from counter_client.rating.main import create_window, main
from counter_client.rating.view import pad_view
from shared.catalogue import rating as R
from shared.hall import RATING_REASONS
from shared.i18n import Text
from shared.office import ConfigError, load_office

WAIT = 10000
OFFICE = load_office().to_json()
BIRTH = Served(7, "A001", "birth")
T = Timings(question=20, reasons=20, thanks=15)


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    for name in ("QUEUE_SERVER_URL", "QUEUE_TOKEN", "QUEUE_PRINTER", "QUEUE_COUNTER"):
        monkeypatch.delenv(name, raising=False)


# ----- the steps and the view, without Qt ----------------------------------------------------

def test_a_satisfied_answer_is_one_touch_and_the_thanks_go_away():
    pad = flow.completed(Pad(), BIRTH, now=100, t=T)
    assert (pad.screen, pad.deadline) == (QUESTION, 120)
    pad, answer = flow.choose(pad, 4, now=105, t=T)
    assert pad.screen == THANKS and answer == Answer(BIRTH, 4) and answer.body() == {"score": 4, "reasons": []}
    assert flow.expire(pad, now=119) == (pad, None)        # not yet
    assert flow.expire(pad, now=120) == (Pad(), None)
    assert flow.called(pad) == Pad()                       # or the next citizen is called


def test_an_unhappy_answer_asks_for_reasons_which_stay_optional():
    pad, answer = flow.choose(flow.completed(Pad(), BIRTH, 0, T), 2, now=1, t=T)
    assert pad.screen == REASONS and answer is None
    pad = flow.toggle(flow.toggle(flow.toggle(pad, "signage", 2, T), "attitude", 3, T), "signage", 4, T)
    assert pad.reasons == ("attitude",) and pad.deadline == 24
    assert flow.send(pad, 5, T)[1] == Answer(BIRTH, 2, ("attitude",))
    assert flow.skip(pad, 5, T)[1] == Answer(BIRTH, 2, ())
    # Nobody touched the reasons: the score counts, with what was chosen; then idle.
    assert flow.expire(pad, 24) == (Pad(), Answer(BIRTH, 2, ("attitude",)))


def test_no_answer_records_nothing_and_a_new_completion_asks_anew():
    pad = flow.completed(Pad(), BIRTH, 0, T)
    assert flow.expire(pad, 20) == (Pad(), None)
    assert flow.called(pad) == pad                          # a call (next) does not end the question
    later = Served(8, "A002", "transcript")
    assert flow.completed(flow.choose(pad, 1, 1, T)[0], later, 2, T).ticket == later
    assert flow.rated(pad, BIRTH.id) == Pad() and flow.rated(pad, 99) == pad
    assert flow.choose(Pad(), 5, 0, T) == (Pad(), None)     # nothing asked, nothing answered


def test_the_view_shows_the_counter_the_question_and_what_comes_next():
    state = {"counters": [{"number": 2, "clerk": "林志明", "status": "paused"}]}
    idle = pad_view(Pad(), OFFICE, state, 2)
    assert idle.counter == Text("2 號櫃台", "Counter 2") and idle.clerk == "林志明" and idle.paused
    assert idle.status is None and idle.next_steps == ()

    question = pad_view(flow.completed(Pad(), BIRTH, 0, T), OFFICE, state, 2)
    assert [(c.score, c.label.zh) for c in question.choices] == [
        (5, "非常滿意"), (4, "滿意"), (3, "普通"), (2, "不滿意"), (1, "非常不滿意")]
    assert [c.mood for c in question.choices] == [1, 0.5, 0, -0.5, -1]
    assert question.served == Text("A001 辦理完成", "A001 done")

    reasons = pad_view(flow.toggle(flow.choose(flow.completed(Pad(), BIRTH, 0, T), 1, 0, T)[0], "process", 0, T),
                       OFFICE, state, 2)
    assert [c.reason for c in reasons.chips] == list(RATING_REASONS)
    assert [c.reason for c in reasons.chips if c.chosen] == ["process"]

    thanks = pad_view(flow.choose(flow.completed(Pad(), BIRTH, 0, T), 5, 0, T)[0], OFFICE, state, 2)
    assert any("生育補助" in s.zh for s in thanks.next_steps) and "出生登記" in thanks.steps_title.zh
    transcript = Served(9, "A002", "transcript")
    assert pad_view(flow.choose(flow.completed(Pad(), transcript, 0, T), 5, 0, T)[0], OFFICE, state, 2).next_steps == ()

    assert pad_view(Pad(), OFFICE, None, 2, "unreachable").status == R.OFFLINE
    assert pad_view(Pad(), OFFICE, None, 2, "connecting").status is None  # a blip shows nothing
    assert pad_view(Pad(), OFFICE, None, 2, fault=R.NOT_A_PAD).status_role == "fault"


def test_every_text_has_both_languages_and_the_same_placeholders():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    texts = [v for v in vars(R).values() if isinstance(v, Text)]
    texts += list(R.CHOICES.values()) + list(R.REASONS.values())
    for text in texts:
        assert text.zh.strip() and text.en.strip() and fields(text.zh) == fields(text.en), text
    assert set(R.REASONS) == set(RATING_REASONS) and set(R.CHOICES) == {1, 2, 3, 4, 5}
    assert R.QUESTION.zh == "您對本次服務滿意嗎？" and R.THANKS.zh == "謝謝您的寶貴意見"


def test_settings_from_the_deploy_file_and_the_environment(tmp_path, monkeypatch):
    deploy = Path(__file__).resolve().parents[1] / "deploy"
    s = RatingSettings.load(deploy / "rating.toml")
    assert (s.counter, s.language, s.timings) == (2, "zh-TW", Timings(20, 20, 15))
    assert "queue-rating --config /etc/queue-hall/rating.toml" in (deploy / "queue-rating.service").read_text()
    monkeypatch.setenv("QUEUE_COUNTER", "3")
    assert RatingSettings.load(deploy / "rating.toml").counter == 3
    path = tmp_path / "rating.toml"
    path.write_text('server_url = "http://h:1"\ntoken = "t"\nquestion_seconds = 0\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'question_seconds' = 0"):
        RatingSettings.load(path)


# ----- the pad against the real service ------------------------------------------------------

def serve_one(server, counter=2, service="birth"):
    """A citizen served at `counter`: a ticket issued, called and completed."""
    server.client("kiosk").post("/tickets", json={"service": service}).raise_for_status()
    server.client("counter", counter).post(f"/counters/{counter}/next").raise_for_status()
    r = server.client("counter", counter).post(f"/counters/{counter}/complete")
    r.raise_for_status()
    return r.json()["ticket"]


def satisfaction(server):
    return server.client().get("/stats").json()["satisfaction"]


@pytest.fixture
def open_pad(qtbot, server):
    pads = []

    def make(number=2, token=None, **settings):
        values = {"server_url": server.url, "token": token or server.token("rating", number),
                  "fullscreen": False, "touch_gap_seconds": 0, **settings}
        pad = create_window(values)
        qtbot.addWidget(pad)
        pad.show()
        pads.append(pad)
        qtbot.waitUntil(lambda: pad.ready() and pad.client.connected, timeout=WAIT)
        return pad

    yield make
    for pad in pads:
        pad.client.stop()


def touch(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shows(pad, screen):
    """The pad is at `screen`, and draws it."""
    return pad.pad.screen == screen and pad.stack.currentIndex() == flow.SCREENS.index(screen)


def test_unsatisfied_with_a_reason_is_stored_once_and_followed_up(qtbot, server, open_pad):
    pad = open_pad(2)
    assert pad.number == 2 and pad.counter_name.first.text() == "2 號櫃台" and pad.clerk_name.text() == "林志明"
    before = satisfaction(server)["by_counter"].get("2")
    ticket = serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    assert pad.served.text().startswith(f"{ticket['number']} 辦理完成")

    touch(qtbot, pad.faces[2])                              # 不滿意
    assert shows(pad, REASONS)
    touch(qtbot, pad.chips["waiting_time"])
    assert pad.chips["waiting_time"].isChecked() and pad.pad.reasons == ("waiting_time",)
    with qtbot.waitSignal(pad.outbox.settled, timeout=WAIT) as settled:
        touch(qtbot, pad.send_button)
    assert shows(pad, THANKS)
    first = settled.args[1]
    assert first.status == 201 and first.body["rating"]["ticket_id"] == ticket["id"]

    # The same answer sent again with its key (an answer lost on the way back) stays one.
    key = pad.outbox.last_key
    pad.outbox.pending[key] = (2, Answer(Served(ticket["id"], ticket["number"], "birth"), 2, ("waiting_time",)))
    with qtbot.waitSignal(pad.outbox.settled, timeout=WAIT) as again:
        pad.outbox.post(key)
    assert again.args[1].status == 201 and again.args[1].body == first.body
    after = satisfaction(server)
    assert after["ratings"] == 1 and after["reasons"] == {"waiting_time": 1}
    assert before is None and after["by_counter"]["2"]["ratings"] == 1
    assert after["by_counter"]["2"]["mean_score"] == 2 and after["by_counter"]["2"]["satisfied_share"] == 0

    admin = server.client()
    [case] = admin.get("/followups", params={"status": "open"}).json()["followups"]
    assert (case["counter"], case["score"], case["reasons"]) == (2, 2, ["waiting_time"])
    assert admin.post(f"/followups/{case['id']}/close", json={"note": "已致電說明"}).status_code == 200
    assert admin.get("/followups", params={"status": "open"}).json()["followups"] == []
    [closed] = admin.get("/followups", params={"status": "closed"}).json()["followups"]
    assert closed["id"] == case["id"] and closed["note"] == "已致電說明"


def test_keys_1_to_5(qtbot, server, open_pad):
    pad = open_pad(2)
    for score in (5, 4, 3, 2, 1):
        serve_one(server, 2, "transcript")
        qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
        modifier = Qt.KeyboardModifier.KeypadModifier if score % 2 else Qt.KeyboardModifier.NoModifier
        qtbot.keyClick(pad, getattr(Qt.Key, f"Key_{score}"), modifier)
        if score <= 2:
            assert shows(pad, REASONS)
            qtbot.keyClick(pad, Qt.Key.Key_Escape if score == 2 else Qt.Key.Key_Return)
        assert shows(pad, THANKS)
        qtbot.waitUntil(lambda: not pad.outbox.pending, timeout=WAIT)
    sat = satisfaction(server)
    assert (sat["ratings"], sat["mean_score"], sat["satisfied_share"]) == (5, 3.0, 0.4)
    scores = sorted(c["score"] for c in server.client().get("/followups").json()["followups"])
    assert scores == [1, 2]
    qtbot.keyClick(pad, Qt.Key.Key_5)                       # nothing asked: a key does nothing
    assert not pad.outbox.pending and satisfaction(server)["ratings"] == 5


def test_no_answer_within_the_time_records_nothing(qtbot, server, open_pad):
    pad = open_pad(2, question_seconds=0.3, reasons_seconds=0.3)
    serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    qtbot.waitUntil(lambda: shows(pad, IDLE), timeout=WAIT)
    assert satisfaction(server)["ratings"] == 0 and not pad.outbox.pending

    # 不滿意 touched and then nothing: the score counts, without reasons, and the pad is idle.
    serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    touch(qtbot, pad.faces[1])
    qtbot.waitUntil(lambda: shows(pad, IDLE), timeout=WAIT)
    qtbot.waitUntil(lambda: satisfaction(server)["ratings"] == 1, timeout=WAIT)


def test_a_double_tap_does_not_answer_two_screens(qtbot, server, open_pad):
    pad = open_pad(2, touch_gap_seconds=60)
    serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    touch(qtbot, pad.faces[5])
    assert shows(pad, QUESTION) and not pad.outbox.pending


def test_the_thanks_list_the_next_steps_of_a_birth_registration(qtbot, server, open_pad):
    pad = open_pad(2, thanks_seconds=60)
    serve_one(server, 2, "birth")
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    touch(qtbot, pad.faces[4])
    assert shows(pad, THANKS) and pad.thanks.first.text() == "謝謝您的寶貴意見"
    steps = [text.first.text() for _, text in pad.steps if text.isVisibleTo(pad)]
    assert len(steps) == 3 and steps[0].startswith("生育補助") and pad.steps_card.isVisibleTo(pad)
    assert pad.steps_title.first.text().startswith("出生登記之後")
    # The next citizen is called: the thanks give way at once.
    server.client("kiosk").post("/tickets", json={"service": "transcript"}).raise_for_status()
    server.client("counter", 2).post("/counters/2/next").raise_for_status()
    qtbot.waitUntil(lambda: shows(pad, IDLE), timeout=WAIT)


def test_next_asks_about_the_ticket_it_completed_and_the_thanks_time_out(qtbot, server, open_pad):
    pad = open_pad(2, thanks_seconds=0.3)
    kiosk, counter = server.client("kiosk"), server.client("counter", 2)
    kiosk.post("/tickets", json={"service": "move"}).raise_for_status()
    kiosk.post("/tickets", json={"service": "transcript"}).raise_for_status()
    first = counter.post("/counters/2/next").json()["ticket"]
    counter.post("/counters/2/next").raise_for_status()   # completes the first, calls the second
    qtbot.waitUntil(lambda: shows(pad, QUESTION) and pad.pad.ticket.id == first["id"], timeout=WAIT)
    qtbot.waitUntil(lambda: pad.client.state["counters"][1]["ticket"] is not None, timeout=WAIT)
    assert shows(pad, QUESTION)                            # the call that followed did not end it
    touch(qtbot, pad.faces[3])
    assert shows(pad, THANKS) and pad.steps[0][1].first.text().startswith("地址變更")
    qtbot.waitUntil(lambda: shows(pad, IDLE), timeout=WAIT)
    assert not pad.outbox.pending
    assert satisfaction(server)["by_counter"]["2"]["ratings"] == 1


def test_a_pad_of_counter_1_never_reacts_to_counter_2(qtbot, server, open_pad):
    one, two = open_pad(1), open_pad(2)
    assert one.counter_name.first.text() == "1 號愛心櫃台"
    serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(two, QUESTION), timeout=WAIT)
    assert shows(one, IDLE)
    qtbot.keyClick(one, Qt.Key.Key_5)
    assert shows(one, IDLE) and not one.outbox.pending
    # Its token cannot rate counter 2's ticket either.
    answers = []
    one.client.post("/counters/2/rating", {"score": 1, "reasons": []}, answers.append, retry_ms=0)
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT)
    assert answers[0].status == 403 and satisfaction(server)["ratings"] == 0


def test_a_rating_given_offline_is_sent_once_when_the_service_returns(qtbot, server, open_pad):
    pad = open_pad(2)
    serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    server.stop()
    touch(qtbot, pad.faces[5])
    assert shows(pad, THANKS) and pad.outbox.pending
    # Small and calm: a line at the bottom once the connection's grace has passed.
    qtbot.waitUntil(lambda: pad.status.text() == R.OFFLINE.zh, timeout=WAIT)
    assert pad.outbox.pending
    server.start()
    qtbot.waitUntil(lambda: not pad.outbox.pending, timeout=WAIT)
    qtbot.waitUntil(lambda: pad.status.text() == "", timeout=WAIT)
    sat = satisfaction(server)
    assert sat["ratings"] == 1 and sat["by_counter"]["2"]["mean_score"] == 5


def test_a_completion_missed_during_a_blip_still_asks(qtbot, server, open_pad):
    pad = open_pad(2)
    pad.client._ws.abort()                                 # the network drops for a moment
    serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)


def test_already_rated_is_taken_quietly(qtbot, server, open_pad):
    pad = open_pad(2)
    # Nothing served yet: the service has nothing to rate (409); the pad says nothing.
    with qtbot.waitSignal(pad.outbox.settled, timeout=WAIT) as settled:
        pad.outbox.send(2, Answer(Served(1, "A001", "birth"), 5))
    assert settled.args[1].status == 409 and not pad.outbox.pending and pad.status.text() == ""
    # Rated by someone else while the question shows: the question ends.
    ticket = serve_one(server, 2)
    qtbot.waitUntil(lambda: shows(pad, QUESTION), timeout=WAIT)
    server.client().post("/counters/2/rating", json={"score": 4}).raise_for_status()
    qtbot.waitUntil(lambda: shows(pad, IDLE), timeout=WAIT)
    assert satisfaction(server)["ratings"] == 1 and ticket["id"]


def test_text_is_plain_and_a_wrong_token_is_named(qtbot, server, open_pad):
    pad = open_pad(2)
    labels = pad.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    wrong = open_pad(2, token=server.token("counter", 2))
    qtbot.waitUntil(lambda: wrong.status.text() == R.NOT_A_PAD.zh, timeout=WAIT)
    other = open_pad(3, counter=2)  # counter 3's token, set up as counter 2's pad
    qtbot.waitUntil(lambda: other.status.text() == R.WRONG_COUNTER.format(n=2).zh, timeout=WAIT)
    assert other.number is None
    second_monitor = open_pad(2, keypad=False)  # on the counter PC: never takes the clerk's keyboard
    assert second_monitor.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus


@pytest.mark.parametrize("screen", ["idle", "thanks"])
def test_screenshot_from_the_command_line(qtbot, server, tmp_path, monkeypatch, screen):
    monkeypatch.setenv("QUEUE_SERVER_URL", server.url)
    monkeypatch.setenv("QUEUE_TOKEN", server.token("rating", 2))
    png = tmp_path / f"{screen}.png"
    assert main(["--screenshot", str(png), "--screen", screen, "--size", "1024x600"]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1024, 600)


def test_a_bad_setting_is_one_line(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
