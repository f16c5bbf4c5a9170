"""The call chime, made by code: a two-tone "ding-dong" with a bell-like decay."""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from pathlib import Path

RATE = 22050
# (frequency Hz, start s, length s): E5 then C5, the second note overlapping the first's tail.
NOTES = ((659.25, 0.0, 1.1), (523.25, 0.45, 1.3))
PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12))  # a bell's overtones: (multiple, loudness)
VOLUME = 0.42


def chime_samples() -> array:
    length = max(start + dur for _, start, dur in NOTES)
    samples = [0.0] * int(length * RATE)
    for freq, start, dur in NOTES:
        first = int(start * RATE)
        for i in range(int(dur * RATE)):
            t = i / RATE
            attack = min(1.0, t / 0.005)  # 5 ms, so the note starts without a click
            envelope = attack * math.exp(-3.2 * t / dur)
            tone = sum(loud * math.sin(2 * math.pi * freq * mult * t) for mult, loud in PARTIALS)
            samples[first + i] += envelope * tone
    peak = max(abs(s) for s in samples) or 1.0
    pcm = array("h", (int(s / peak * VOLUME * 32767) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()  # WAV holds little-endian samples
    return pcm


def chime_wav() -> bytes:
    """The chime as a 16-bit mono WAV file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(chime_samples().tobytes())
    return out.getvalue()


def write_chime(path: Path) -> Path:
    path.write_bytes(chime_wav())
    return path
