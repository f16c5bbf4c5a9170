"""The display's sound parts: the chime, the voices, the speaker that survives failures."""

import logging
import wave
from pathlib import Path

from PySide6.QtCore import QTimer

from display.announcer import Announcer, Call
from display.chime import chime_wav, write_chime
from display.sound import Once, Speaker
from display.voice import ClipsVoice, EspeakVoice, NoVoice, QtVoice, Repeated, make_voice, sentence

CALL = Call(seq=1, number="A012", counter=2)


class Recorder:
    def __init__(self):
        self.played = []

    def play(self, path, on_done):
        self.played.append(Path(path))
        QTimer.singleShot(1, on_done)


class Silent:
    """A player that never says it is done (a stuck sound driver)."""

    def play(self, path, on_done):
        pass


def test_chime_is_a_short_audible_wav(tmp_path):
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        seconds = w.getnframes() / w.getframerate()
        frames = w.readframes(w.getnframes())
    assert 1.0 < seconds < 3.0
    loudest = max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True)) for i in range(0, len(frames), 200))
    assert loudest > 8000
    assert chime_wav() == path.read_bytes()


def test_sentences_read_the_number_one_character_at_a_time():
    assert sentence("A012", 2, "zh-TW") == "來賓 A 0 1 2 號，請到 2 號櫃台"
    assert sentence("C003", 1, "en") == "Number C, 0 0 3, please go to counter 1"


def test_letters_are_read_as_taiwan_reads_them_and_the_office_can_change_them():
    """espeak-ng's Mandarin voice reads C as "sei"; in Taiwan it is 西."""
    assert sentence("C003", 1, "zh-TW") == "來賓 西 0 0 3 號，請到 1 號櫃台"
    assert sentence("G101", 4, "zh-TW") == "來賓 雞 1 0 1 號，請到 4 號櫃台"
    voice = EspeakVoice(Recorder(), ["zh-TW"], Once(), letters={"A": "欸", "C": "C"})
    assert voice.letters["A"] == "欸" and voice.letters["G"] == "雞"
    assert sentence("AC01", 1, "zh-TW", voice.letters) == "來賓 欸 C 0 1 號，請到 1 號櫃台"


def say(qtbot, voice, call=CALL, timeout=20000):
    done = []
    voice.say(call, lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True], timeout=timeout)


def test_espeak_renders_mandarin_and_english_and_keeps_them(qtbot):
    player = Recorder()
    voice = EspeakVoice(player, ["zh-TW", "en"], Once())
    say(qtbot, voice)
    assert len(player.played) == 2
    for path in player.played:
        with wave.open(str(path)) as w:
            assert w.getnframes() / w.getframerate() > 1.0  # something was said
    say(qtbot, voice)
    assert player.played[2:] == player.played[:2]  # a recall says the same: rendered once


def test_each_call_is_spoken_twice_by_default(qtbot, tmp_path):
    folder = tmp_path / "zh-TW"
    folder.mkdir()
    for name in ["guest", "number", "please_go_to", "counter", "A", "0", "1", "2"]:
        (folder / f"{name}.wav").write_bytes(b"RIFF")
    player = Recorder()
    config = {"voice": "clips", "clips_dir": str(tmp_path), "languages": ["zh-TW"]}
    say(qtbot, make_voice(config, player, Once()))
    sentence_ = ["guest", "A", "0", "1", "2", "number", "please_go_to", "2", "counter"]
    assert [p.stem for p in player.played] == sentence_ * 2
    player.played.clear()
    say(qtbot, make_voice({**config, "repeat": 1}, player, Once()))
    assert [p.stem for p in player.played] == sentence_
    assert isinstance(make_voice({**config, "voice": "none"}, player, Once()), NoVoice)


SLOW_ESPEAK = '''#!{python}
import shutil, sys, time
from pathlib import Path
go = Path({go!r})
deadline = time.monotonic() + 20
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.01)
shutil.copy({wav!r}, sys.argv[sys.argv.index("-w") + 1])
'''


def test_a_slow_voice_never_freezes_the_screen(qtbot, tmp_path):
    """espeak-ng runs in its own process: while it renders, the GUI thread goes on."""
    import sys

    go = tmp_path / "go"
    command = tmp_path / "slow-espeak"
    command.write_text(SLOW_ESPEAK.format(python=sys.executable, go=str(go),
                                          wav=str(write_chime(tmp_path / "voice.wav"))))
    command.chmod(0o755)
    player = Recorder()
    voice = EspeakVoice(player, ["zh-TW"], Once(), command=str(command))
    ticks, done = [], []
    timer = QTimer(interval=10, timeout=lambda: ticks.append(1))
    timer.start()
    voice.say(CALL, lambda: done.append(True))
    qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5000)  # the event loop runs meanwhile
    assert not done and not player.played
    go.touch()
    qtbot.waitUntil(lambda: done == [True], timeout=10000)
    assert [p.name for p in player.played] and player.played[0].suffix == ".wav"
    timer.stop()


def test_a_missing_espeak_is_logged_once_and_the_chime_still_plays(qtbot, caplog):
    caplog.set_level(logging.WARNING, logger="queue.display")
    player = Recorder()
    once = Once()
    speaker = Speaker(player, EspeakVoice(player, ["zh-TW"], once, command="espeak-ng-not-here"), once=once)
    done = []
    speaker.announce(CALL, lambda: done.append(1))
    qtbot.waitUntil(lambda: done == [1], timeout=3000)
    speaker.announce(CALL, lambda: done.append(2))
    qtbot.waitUntil(lambda: done == [1, 2], timeout=3000)
    assert [p.name for p in player.played] == ["chime.wav", "chime.wav"]
    assert len([r for r in caplog.records if "not installed" in r.getMessage()]) == 1


def test_clips_in_the_office_s_own_language(tmp_path):
    """An office that records Taiwanese Hokkien ("nan") and has a clip for counter 12."""
    folder = tmp_path / "nan"
    folder.mkdir()
    for name in ["guest", "number", "please_go_to", "counter", "A", "0", "1", "2", "12"]:
        (folder / f"{name}.wav").write_bytes(b"RIFF")
    voice = ClipsVoice(Recorder(), tmp_path, ["nan"], Once())
    names = [p.stem for p in voice.files(Call(1, "A012", 12))]
    assert names == ["guest", "A", "0", "1", "2", "number", "please_go_to", "12", "counter"]


def test_a_stuck_player_does_not_hold_the_calls(qtbot, caplog):
    caplog.set_level(logging.WARNING, logger="queue.display")
    speaker = Speaker(Silent(), NoVoice(), limit_ms=200)
    announcer = Announcer(speaker, min_show_seconds=0.05)
    shown = []
    announcer.started.connect(lambda call: shown.append(call.number))
    for n in (1, 2):
        announcer.add(Call(n, f"A00{n}", 2))
    qtbot.waitUntil(lambda: shown == ["A001", "A002"] and not announcer.busy, timeout=5000)
    assert len([r for r in caplog.records if "did not finish" in r.getMessage()]) == 1


def test_silent_announcer_still_shows_each_call_its_time(qtbot):
    announcer = Announcer(None, min_show_seconds=0.05)
    turns = []
    announcer.started.connect(lambda call: turns.append(("start", call.number)))
    announcer.finished.connect(lambda call: turns.append(("end", call.number)))
    for n in (1, 2, 3):
        announcer.add(Call(n, f"A00{n}", n))
    assert announcer.busy
    qtbot.waitUntil(lambda: not announcer.busy, timeout=3000)
    assert turns == [(k, f"A00{n}") for n in (1, 2, 3) for k in ("start", "end")]


def test_qt_voice_speaks_through_the_engine(qtbot):
    voice = QtVoice(["zh-TW", "en"], Once(), engine="mock")
    done = []
    voice.say(CALL, lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True], timeout=20000)


def test_a_missing_speech_engine_is_logged_once(qtbot, caplog):
    caplog.set_level(logging.WARNING, logger="queue.display")
    voice = QtVoice(["zh-TW"], Once(), engine="no-such-engine")
    done = []
    for _ in range(2):
        voice.say(CALL, lambda: done.append(True))
    qtbot.waitUntil(lambda: len(done) == 2, timeout=3000)
    assert len([r for r in caplog.records if "text-to-speech" in r.getMessage()]) == 1


def test_the_real_player_without_a_sound_device_logs_once_and_goes_on(qtbot, tmp_path, caplog):
    from PySide6.QtMultimedia import QMediaDevices

    from display.player import QtPlayer

    caplog.set_level(logging.WARNING, logger="queue.display")
    player = QtPlayer()
    chime = write_chime(tmp_path / "chime.wav")
    done = []
    for n in (1, 2):
        player.play(chime, lambda: done.append(True))
        qtbot.waitUntil(lambda: len(done) == n, timeout=10000)
    if not QMediaDevices.audioOutputs():
        assert len([r for r in caplog.records if "no sound output device" in r.getMessage()]) == 1


def test_espeak_reads_the_care_prefix_as_xi():
    import shutil
    import subprocess

    import pytest

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")

    def phonemes(text):
        return subprocess.run(["espeak-ng", "-q", "-x", "-v", "cmn-latn-pinyin", text],
                              capture_output=True, text=True, timeout=20).stdout

    assert "s'ei" in phonemes("C")  # what espeak-ng says for the bare letter
    assert "S;'i55" in phonemes(sentence("C003", 1, "zh-TW").split()[1])  # 西, as Taiwan says it


def test_the_office_sets_the_repetitions_and_the_letters_in_the_display_s_file(tmp_path, monkeypatch):
    from display.config import load_config

    monkeypatch.delenv("QUEUE_SERVER_URL", raising=False)
    monkeypatch.delenv("QUEUE_TOKEN", raising=False)
    path = tmp_path / "display.toml"
    path.write_text('server_url = "http://127.0.0.1:8600"\ntoken = "t"\nrepeat = 3\nletters = { A = "欸" }\n',
                    encoding="utf-8")
    voice = make_voice(load_config(path), Recorder(), Once())
    assert isinstance(voice, Repeated) and voice.times == 3
    assert voice.voice.letters["A"] == "欸" and voice.voice.letters["C"] == "西"
    path.write_text('server_url = "http://127.0.0.1:8600"\ntoken = "t"\n', encoding="utf-8")
    assert make_voice(load_config(path), Recorder(), Once()).times == 2
