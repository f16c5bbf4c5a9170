"""The real browser of the web pages' tests: Debian's chromium driven by Playwright
(`executable_path`; never `playwright install`), one per test module (tests/conftest.py
`chromium`) with a fresh context for each page. A test module imports `browser` and `shots`
from here, and sets DOCS: where its screenshots go with QUEUE_SCREENSHOTS=1 (else the test's
tmp folder). Without Playwright or chromium the module is skipped, saying why.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("QUEUE_CHROMIUM", "/usr/bin/chromium"))

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: pip install playwright")
if not CHROMIUM.exists():
    pytest.skip(f"chromium is missing at {CHROMIUM}: run scripts/system-deps.sh (apt-get install chromium)",
                allow_module_level=True)


def chromium_for_a_module():
    """tests/conftest.py's `chromium`: one chromium for a module's tests (starting Playwright
    and chromium costs about two seconds; `browser` keeps the tests apart)."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def browser(chromium):
    """The browser for one test: each page it opens (`browser.new_page`) is in a context of its
    own (cookies, storage, cache), and every context it opened is closed after it."""
    yield chromium
    for context in chromium.contexts:
        context.close()


@pytest.fixture
def shots(request, tmp_path):
    folder = request.module.DOCS if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder
