"""Work around PySide6 6.12 on Python 3.11: Qt methods returning nothing drop a reference to None.

The abi3 wheel is built with Python 3.12 headers, where None is immortal and `Py_RETURN_NONE`
skips the increment; on 3.11 every `painter.fillRect(...)`, `font.setPixelSize(...)` etc. then
takes one reference away from None, and after a few thousand calls the interpreter aborts with
"Fatal Python error: none_dealloc". Drawing a ticket makes a few hundred such calls, so the
drawing code gives back what it lost.
"""

from __future__ import annotations

import ctypes
import sys
from contextlib import contextmanager

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

# Other threads move None's count too; erring upwards costs nothing (None is never freed).
_MARGIN = 8


@contextmanager
def none_refs_kept():
    if sys.version_info >= (3, 12):
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        if lost > 0:
            for _ in range(lost + _MARGIN):
                _incref(None)
