import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.servers import FakeClock, LiveServer  # noqa: E402


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server(tmp_path, clock):
    """The real service on 127.0.0.1 with an SQLite file in tmp_path and a settable clock."""
    s = LiveServer(tmp_path / "queue.db", clock=clock).start()
    yield s
    s.stop()
