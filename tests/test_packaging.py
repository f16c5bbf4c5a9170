"""The service runs without Qt, and the apps without the web and database packages
(pip install 'queue-hall[server]' on the service box, 'queue-hall[apps]' on a kiosk).

Each check runs in a child process whose imports of the other side's packages fail, as if
they were not installed: a sitecustomize.py on PYTHONPATH puts a blocking finder first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.servers import ServerProcess

ROOT = Path(__file__).resolve().parents[1]
QT_AND_PRINTERS = ["PySide6", "shiboken6", "escpos", "usb", "serial", "qrcode", "PIL", "pydantic_settings"]
WEB_AND_DATABASE = ["fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic"]

BLOCKER = '''
import sys

BLOCKED = set({blocked!r})


class NotInstalled:
    """Makes `import X` fail for the blocked packages, as if they were not installed."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked by the test)", name=name)
        return None


sys.meta_path.insert(0, NotInstalled)
'''


def without(tmp_path: Path, blocked: list[str]) -> dict:
    """An environment whose Python cannot import the blocked packages."""
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(BLOCKER.format(blocked=blocked))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(folder), str(ROOT)]), QT_QPA_PLATFORM="offscreen")
    return env


def test_the_blocker_blocks(tmp_path):
    env = without(tmp_path, QT_AND_PRINTERS)
    done = subprocess.run([sys.executable, "-c", "import PySide6"], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "blocked by the test" in done.stderr


def test_the_service_runs_without_qt_and_printers(tmp_path):
    env = without(tmp_path, QT_AND_PRINTERS)
    server = ServerProcess(tmp_path / "queue.db", env=env).start()
    try:
        assert httpx.get(server.url + "/api/v1/health").json()["status"] == "ok"
    finally:
        server.stop()
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL, "server"], env=env, capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr


APP_PACKAGES = ["kiosk", "display", "counter_client", "printers", "shared"]
IMPORT_ALL = """
import importlib, pkgutil, sys
for package in sys.argv[1:]:
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if ".migrations" not in info.name:  # Alembic runs those files itself
            importlib.import_module(info.name)
"""


def test_the_apps_import_without_the_web_and_database_packages(tmp_path):
    """Every module of the apps, the printers and shared/."""
    env = without(tmp_path, WEB_AND_DATABASE)
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL, *APP_PACKAGES],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
