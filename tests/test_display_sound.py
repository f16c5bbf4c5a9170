"""The display's sound parts: the chime, the voices, the speaker that survives failures."""

import logging
import wave
from pathlib import Path

from PySide6.QtCore import QTimer

from display.announcer import Announcer, Call
from display.chime import chime_wav, write_chime
from display.sound import Once, Speaker
from display.voice import ClipsVoice, EspeakVoice, NoVoice, QtVoice, sentence

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


def test_espeak_renders_mandarin_and_english_and_keeps_them(tmp_path):
    player = Recorder()
    voice = EspeakVoice(player, ["zh-TW", "en"], Once())
    files = voice.files(CALL)
    assert len(files) == 2
    for path in files:
        with wave.open(str(path)) as w:
            assert w.getnframes() / w.getframerate() > 1.0  # something was said
    assert voice.files(CALL) == files  # a recall says the same: rendered once


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
