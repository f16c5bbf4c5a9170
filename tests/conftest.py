import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.servers import FakeClock, LiveServer  # noqa: E402


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def db_url(tmp_path):
    """Where the test's office is kept: an SQLite file in tmp_path. A module that runs on
    both engines imports tests.pg's `db_url` instead (parametrized: sqlite, postgresql)."""
    return tmp_path / "queue.db"


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole run (tests/pg.py), or QUEUE_TEST_PG_URL's; the
    test is skipped, saying why, where none can start. Under pytest-xdist the session is a
    worker's: each worker starts its own server (its own folder and port; about a second),
    or, on QUEUE_TEST_PG_URL's server, gets a database of its own."""
    from tests.pg import TempPostgres, external

    url = os.environ.get("QUEUE_TEST_PG_URL")
    if url:
        pg = external(url, os.environ.get("PYTEST_XDIST_WORKER"))
        try:
            yield pg
        finally:
            pg.stop()
        return
    pg = TempPostgres()
    try:
        pg.start()
    except RuntimeError as e:
        pytest.skip(f"PostgreSQL tests skipped: {e}")
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture(scope="module")
def chromium():
    """The chromium of a module's browser tests (tests/browser.py: a module that imports its
    `browser` fixture is skipped, saying why, without Playwright or chromium)."""
    from tests.browser import chromium_for_a_module

    yield from chromium_for_a_module()


@pytest.fixture
def server(db_url, clock):
    """The real service on 127.0.0.1 with a settable clock, on `db_url` (an SQLite file in
    tmp_path unless the module runs on both engines)."""
    s = LiveServer(db_url, clock=clock).start()
    yield s
    s.stop()
