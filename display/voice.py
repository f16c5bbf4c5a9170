"""Voices that speak a call, without the internet: recorded clips, espeak-ng or Qt's
text-to-speech. Each has `say(call, on_done)`; `call` has `.number` ("A012") and
`.counter` (2). A call is spoken as 來賓 A 0 1 2 號 請到 2 號櫃台, or in "en" as Number A 0 1 2
please go to counter 2; the clips each language folder holds are listed in display/README.md.
Nothing here blocks the GUI thread: espeak-ng runs as a QProcess."""

from __future__ import annotations

import hashlib
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QLocale, QObject, QProcess, QTimer

from display.sound import Once, Player, play_in_turn

ESPEAK_VOICES = {"zh-TW": "cmn-latn-pinyin", "en": "en"}  # cmn-latn-pinyin reads 來賓 right; cmn does not
ESPEAK_SPEED = 150  # words per minute; slower than espeak's 175, for a hall with an echo
ESPEAK_CACHE = 64   # rendered sentences kept; a recall says the same again
ESPEAK_LIMIT_MS = 15000
# Letters as Taiwan reads them, where espeak-ng's Mandarin voice reads them otherwise (it says
# C as "sei", G as "zhi"); the other letters it reads as Taiwan does (A "ei", B "bi", D "di" …).
# The office adds or changes entries with the display's `letters` setting.
LETTERS = {"C": "西", "G": "雞"}

CLIP_ORDER = {
    "en": ("number", "{number}", "please_go_to", "counter", "{counter}"),
    "*": ("guest", "{number}", "number", "please_go_to", "{counter}", "counter"),
}


def sentence(number: str, counter: int, lang: str, table: dict | None = None) -> str:
    """The call as text to speak. The ticket's characters are spaced so that they are
    read one by one (A 0 1 2, not "A twelve"); in Chinese, letters as `table` says."""
    table = LETTERS if table is None else table
    letters = " ".join(ch if lang == "en" else table.get(ch.upper(), ch) for ch in number if ch.isalpha())
    digits = " ".join(ch for ch in number if not ch.isalpha())
    if lang == "en":
        return f"Number {letters}, {digits}, please go to counter {counter}"
    return f"來賓 {letters} {digits} 號，請到 {counter} 號櫃台"


class Repeated:
    """A voice that says each call `times` times (by default twice: who missed the first
    hears the second)."""

    def __init__(self, voice, times: int):
        self.voice, self.times = voice, times

    def say(self, call, on_done: Callable[[], None], left: int | None = None) -> None:
        left = self.times if left is None else left
        if left <= 0:
            on_done()
        else:
            self.voice.say(call, lambda: self.say(call, on_done, left - 1))


class NoVoice:
    """voice = "none": the chime alone."""

    def say(self, call, on_done: Callable[[], None]) -> None:
        on_done()


class ClipsVoice:
    def __init__(self, player: Player, clips_dir: Path, languages: list[str], once: Once):
        self.player = player
        self.dir = Path(clips_dir)
        self.languages = languages
        self.once = once

    def files(self, call) -> list[Path]:
        out = []
        for lang in self.languages:
            for part in CLIP_ORDER.get(lang, CLIP_ORDER["*"]):
                if part == "{number}":
                    names = list(call.number)
                elif part == "{counter}":
                    whole = str(call.counter)
                    names = [whole] if (self.dir / lang / f"{whole}.wav").is_file() else list(whole)
                else:
                    names = [part]
                out += [self.clip(lang, name) for name in names]
        return [p for p in out if p is not None]

    def clip(self, lang: str, name: str) -> Path | None:
        path = self.dir / lang / f"{name}.wav"
        if path.is_file():
            return path
        self.once.warn(f"clip {path}", f"voice clip missing: {path}; that part of the call is left out")
        return None

    def say(self, call, on_done: Callable[[], None]) -> None:
        play_in_turn(self.player, self.files(call), on_done)


class EspeakVoice(QObject):
    """espeak-ng renders each sentence to a WAV file in a process of its own (the screen
    never waits for it); the files are kept for a while and the player plays them."""

    def __init__(self, player: Player, languages: list[str], once: Once, command: str = "espeak-ng",
                 letters: dict | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.player, self.languages, self.once, self.command = player, languages, once, command
        self.letters = {**LETTERS, **(letters or {})}
        self._dir = tempfile.TemporaryDirectory(prefix="queue-display-voice-")
        self._cache: OrderedDict[str, Path] = OrderedDict()

    def say(self, call, on_done: Callable[[], None]) -> None:
        texts = [(lang, sentence(call.number, call.counter, lang, self.letters)) for lang in self.languages]
        self.render_all(texts, lambda paths: play_in_turn(self.player, paths, on_done))

    def render_all(self, texts: list[tuple[str, str]], then: Callable[[list[Path]], None], done=()) -> None:
        if not texts:
            then([p for p in done if p is not None])
            return
        (lang, text), rest = texts[0], texts[1:]
        self.render(text, lang, lambda path: self.render_all(rest, then, (*done, path)))

    def render(self, text: str, lang: str, then: Callable[[Path | None], None]) -> None:
        key = f"{lang}\n{text}"
        if key in self._cache:
            self._cache.move_to_end(key)
            then(self._cache[key])
            return
        path = Path(self._dir.name) / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}.wav"
        proc = QProcess(self)
        limit = QTimer(proc, singleShot=True, interval=ESPEAK_LIMIT_MS, timeout=proc.kill)
        answered = []

        def answer(result: Path | None, problem: str = "", key: str = f"espeak {lang}") -> None:
            if answered:
                return
            answered.append(result)
            limit.stop()
            proc.deleteLater()
            if result is None:
                self.once.warn(key, problem)
            else:
                self.once.clear("espeak")
                self._cache[key] = result
                while len(self._cache) > ESPEAK_CACHE:
                    self._cache.popitem(last=False)[1].unlink(missing_ok=True)
            then(result)

        def finished(code: int, status) -> None:
            if status == QProcess.ExitStatus.NormalExit and code == 0 and path.is_file():
                answer(path)
            else:
                detail = bytes(proc.readAllStandardError()).decode(errors="replace").strip()
                answer(None, f"{self.command} failed for {lang}: {detail or f'exit status {code}'}"
                       if status == QProcess.ExitStatus.NormalExit else
                       f"{self.command} did not finish within {ESPEAK_LIMIT_MS // 1000} s for {lang}")

        def failed(error) -> None:
            if error == QProcess.ProcessError.FailedToStart:
                answer(None, f"{self.command} is not installed (sudo apt-get install -y espeak-ng); "
                             "calls are chimed but not spoken", "espeak")

        proc.finished.connect(finished)
        proc.errorOccurred.connect(failed)
        proc.start(self.command, ["-v", ESPEAK_VOICES[lang], "-s", str(ESPEAK_SPEED), "-w", str(path), text])
        limit.start()


class QtVoice(QObject):
    """Qt's text-to-speech (on Linux: speech-dispatcher), speaking directly."""

    def __init__(self, languages: list[str], once: Once, engine: str | None = None,
                 parent: QObject | None = None, letters: dict | None = None):
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech  # only loaded for this voice

        self._State = QTextToSpeech.State
        self.tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        self.languages = languages
        self.once = once
        self.letters = {**LETTERS, **(letters or {})}
        self._left: list[tuple[str, str]] = []
        self._on_done: Callable[[], None] | None = None
        self._speaking = False
        self.tts.stateChanged.connect(self._state_changed)

    def locale_for(self, lang: str) -> QLocale | None:
        want = QLocale.Language.Chinese if lang != "en" else QLocale.Language.English
        found = [loc for loc in self.tts.availableLocales() if loc.language() == want]
        taiwan = [loc for loc in found if loc.territory() == QLocale.Country.Taiwan]
        return (taiwan or found or [None])[0]

    def say(self, call, on_done: Callable[[], None]) -> None:
        if self.tts.state() == self._State.Error:
            self.once.warn("qt-tts", f"Qt text-to-speech ({self.tts.engine() or 'default'}) cannot speak: "
                                     f"{self.tts.errorString()}; calls are only chimed")
            on_done()
            return
        self._left = [(lang, sentence(call.number, call.counter, lang, self.letters)) for lang in self.languages]
        self._on_done = on_done
        self._next()

    def _next(self) -> None:
        if not self._left:
            done, self._on_done = self._on_done, None
            if done is not None:
                done()
            return
        lang, text = self._left.pop(0)
        locale = self.locale_for(lang)
        if locale is None:
            self.once.warn(f"qt-tts {lang}", f"Qt text-to-speech has no voice for {lang}; "
                                             "using its default voice")
        else:
            self.tts.setLocale(locale)
        self._speaking = False
        self.tts.say(text)

    def _state_changed(self, state) -> None:
        if state == self._State.Speaking:
            self._speaking = True
        elif state == self._State.Ready and self._speaking:
            self._speaking = False
            self._next()
        elif state == self._State.Error:
            self.once.warn("qt-tts", f"Qt text-to-speech failed: {self.tts.errorString()}")
            self._left = []
            self._next()


def make_voice(config, player: Player, once: Once, parent: QObject | None = None):
    """The voice the config names, saying each call `repeat` times (default 2)."""
    languages, letters = list(config["languages"]), config.get("letters") or {}
    kind = config["voice"]
    if kind == "espeak":
        voice = EspeakVoice(player, languages, once, letters=letters, parent=parent)
    elif kind == "clips":
        voice = ClipsVoice(player, Path(config["clips_dir"]).expanduser(), languages, once)
    elif kind == "qt":
        voice = QtVoice(languages, once, parent=parent, letters=letters)
    else:
        return NoVoice()
    return Repeated(voice, config.get("repeat") or 2)
