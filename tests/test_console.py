"""The office console over plain HTTP against the real service: accounts and sessions,
each refusal a clear page (never a 500), the settings reaching the device API at once,
devices and follow-ups."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from server.console import auth as console_auth
from shared.office import parse_office
from tests.console_login import PASSWORD, console_client, csrf_of, logged_in, login, make_staff
from tests.servers import LiveServer, run_cli

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`queue-server ARGS` with `stdin` as its standard input."""
    return subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=ROOT)


@pytest.fixture
def server(tmp_path, clock):
    s = LiveServer(tmp_path / "queue.db", clock=clock).start()
    yield s
    s.stop()


def test_user_create_reads_the_password_from_stdin_and_the_account_logs_in(server):
    done = cli("user", "create", "--db", str(server.db_path), "--name", "王主任", "--role", "director", stdin="a long password\n")
    assert done.returncode == 0, done.stderr
    assert "王主任" in run_cli("user", "list", "--db", str(server.db_path)).stdout
    again = cli("user", "create", "--db", str(server.db_path), "--name", "王主任", "--role", "clerk", stdin="another password\n")
    assert again.returncode == 1 and "already" in again.stderr
    short = cli("user", "create", "--db", str(server.db_path), "--name", "x", "--role", "clerk", stdin="short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    client = console_client(server)
    answer = login(client, "王主任", "a long password")
    assert answer.status_code == 303 and answer.headers["location"] == "/console/today"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert "王主任" in client.get("/console/today").text


def test_a_wrong_password_is_a_clear_refusal_and_failures_slow_down(server):
    make_staff(server.db_path, "director")
    client = console_client(server)
    wrong = login(client, "director", "not the password")
    assert wrong.status_code == 401 and "帳號或密碼錯誤" in wrong.text and "Wrong name or password" in wrong.text
    statuses = [login(client, "director", f"wrong {i}").status_code for i in range(4)]
    assert statuses[:2] == [401, 401] and statuses[-1] == 429
    throttled = login(client, "director", PASSWORD)  # even the right password waits
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    assert "秒後再試" in throttled.text
    assert client.get("/console/today").status_code == 303  # still not logged in


def test_the_slow_down_counts_per_address_too():
    throttle = console_auth.Throttle(clock=lambda: 1000.0)
    for i in range(console_auth.ADDRESS_FREE_FAILURES):
        throttle.failed(f"name {i}", "10.0.0.9")
    assert throttle.wait("someone else", "10.0.0.9") == 0
    throttle.failed("another", "10.0.0.9")
    assert throttle.wait("someone else", "10.0.0.9") >= 1
    assert throttle.wait("someone else", "10.0.0.10") == 0


def test_a_missing_csrf_token_and_another_origin_are_refused(server):
    client, csrf = logged_in(server, "director")
    missing = client.post("/console/settings/notices", data={"notices": "新公告 | New"})
    assert missing.status_code == 403 and "安全碼" in missing.text and "CSRF" in missing.text
    other = client.post("/console/settings/notices", data={"notices": "新公告 | New", "csrf": csrf},
                        headers={"Origin": "http://evil.example"})
    assert other.status_code == 403 and "did not come from" in other.text
    no_origin = client.post("/console/settings/notices", data={"notices": "x", "csrf": csrf},
                            headers={"Origin": ""})
    assert no_origin.status_code == 403
    login_elsewhere = console_client(server)
    form = login_elsewhere.get("/console/login")
    refused = login_elsewhere.post("/console/login", data={"name": "director", "password": PASSWORD,
                                                           "csrf": csrf_of(form.text)},
                                   headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    assert server.client().get("/office").json()["notices"][0]["zh-TW"] != "新公告"


def test_a_clerk_sees_today_but_a_directors_page_is_a_clear_403(server):
    client, csrf = logged_in(server, "clerk", role="clerk")
    today = client.get("/console/today")
    assert today.status_code == 200 and "/console/settings" not in today.text
    for path in ("/console/settings", "/console/devices", "/console/followups", "/console/settings/office.toml"):
        page = client.get(path)
        assert page.status_code == 403 and "此頁僅限主任使用" in page.text, path
    post = client.post("/console/settings/notices", data={"notices": "x", "csrf": csrf})
    assert post.status_code == 403


def test_without_a_session_pages_send_to_the_login_and_changes_are_refused(server):
    client = console_client(server)
    page = client.get("/console/devices")
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")
    assert client.post("/console/devices", data={"role": "kiosk"}).status_code == 401
    forged = client.get("/console/today", cookies={console_auth.COOKIE: "forged.value.here"})
    assert forged.status_code == 303


def test_log_out_ends_the_session_even_for_a_copied_cookie(server):
    client, csrf = logged_in(server, "director")
    cookie = client.cookies.get(console_auth.COOKIE)
    out = client.post("/console/logout", data={"csrf": csrf})
    assert out.status_code == 303
    thief = console_client(server)
    thief.cookies.set(console_auth.COOKIE, cookie, path="/console")
    assert thief.get("/console/today").status_code == 303


def test_settings_reach_the_device_api_at_once_and_export_as_an_office_file(server):
    client, csrf = logged_in(server, "director")
    seq = server.client().get("/state").json()["seq"]
    saved = client.post("/console/settings/notices",
                        data={"notices": "今日系統維護 | Maintenance today\n請排隊", "csrf": csrf})
    assert saved.status_code == 303
    office = server.client("display").get("/office").json()
    assert [n["zh-TW"] for n in office["notices"]] == ["今日系統維護", "請排隊"]
    assert office["notices"][1]["en"] == "請排隊"
    assert client.post("/console/settings/clerks", data={"clerk_2": "張美玲", "csrf": csrf}).status_code == 303
    state = server.client().get("/state").json()
    assert state["seq"] == seq + 2
    assert next(c for c in state["counters"] if c["number"] == 2)["clerk"] == "張美玲"
    assert client.post("/console/settings/services",
                       data={"minutes_birth": "25", "documents_birth": "出生證明書 | Birth certificate",
                             "csrf": csrf}).status_code == 303
    birth = next(s for s in server.client("kiosk").get("/office").json()["services"] if s["id"] == "birth")
    assert birth["minutes"] == 25 and [d["en"] for d in birth["documents"]] == ["Birth certificate"]

    bad = client.post("/console/settings/services", data={"minutes_birth": "0", "csrf": csrf})
    assert bad.status_code == 422 and "0.5" in bad.text
    exported = client.get("/console/settings/office.toml")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    tomllib.loads(exported.text)
    again = parse_office(exported.text)
    assert again.counter(2).clerk == "張美玲" and again.notices[0].zh == "今日系統維護"

    server.stop()  # the settings outlive a restart
    server.start()
    office = server.client().get("/office").json()
    assert office["notices"][0]["zh-TW"] == "今日系統維護"
    assert next(c for c in office["counters"] if c["number"] == 2)["clerk"] == "張美玲"


def test_a_clerk_signs_in_at_the_counter_with_a_console_account(server):
    make_staff(server.db_path, "周書豪", "clerk")
    counter = server.client("counter", 3)
    wrong = counter.post("/counters/3/clerk", json={"name": "周書豪", "password": "nope"})
    assert wrong.status_code == 403 and "wrong name or password" in wrong.json()["error"]["message"]
    right = counter.post("/counters/3/clerk", json={"name": "周書豪", "password": PASSWORD})
    assert right.status_code == 200 and right.json()["counter"]["clerk"] == "周書豪"
    assert counter.post("/counters/2/clerk", json={"name": ""}).status_code == 403
    out = counter.post("/counters/3/clerk", json={"name": ""})
    assert out.status_code == 200 and out.json()["counter"]["clerk"] == ""


def test_devices_are_made_once_shown_and_revoked_at_once(server):
    client, csrf = logged_in(server, "director")
    made = client.post("/console/devices", data={"role": "counter", "counter": "2", "label": "2 號櫃台電腦",
                                                 "csrf": csrf})
    assert made.status_code == 201 and "<svg" in made.text
    token = made.text.split('id="token">', 1)[1].split("<", 1)[0]
    device = server.client("admin")
    device.headers["Authorization"] = f"Bearer {token}"
    assert device.get("/whoami").json() == {"role": "counter", "counter": 2}
    listing = client.get("/console/devices").text
    assert "2 號櫃台電腦" in listing and token not in listing
    bad = client.post("/console/devices", data={"role": "counter", "counter": "", "csrf": csrf})
    assert bad.status_code == 422
    from server.auth import hash_token
    short = hash_token(token)[:8]
    assert client.post(f"/console/devices/{short}/revoke", data={"csrf": csrf}).status_code == 303
    assert device.get("/whoami").status_code == 401
    assert client.post("/console/devices/zzzz/revoke", data={"csrf": csrf}).status_code == 404


def test_follow_ups_are_listed_and_closed_with_a_note(server):
    server.client("kiosk").post("/tickets", json={"service": "transcript"}).raise_for_status()
    server.client("counter", 2).post("/counters/2/next").raise_for_status()
    server.client("counter", 2).post("/counters/2/complete").raise_for_status()
    server.client("rating", 2).post("/counters/2/rating", json={"score": 1, "reasons": ["waiting_time"]}).raise_for_status()
    client, csrf = logged_in(server, "director")
    page = client.get("/console/followups").text
    assert "A001" in page and "等候時間" in page
    empty = client.post("/console/followups/1/close", data={"note": " ", "csrf": csrf})
    assert empty.status_code == 422
    closed = client.post("/console/followups/1/close", data={"note": "已致電說明並致歉", "csrf": csrf})
    assert closed.status_code == 303
    assert "已致電說明並致歉" in client.get("/console/followups").text
    assert client.post("/console/followups/1/close", data={"note": "again", "csrf": csrf}).status_code == 409
    assert client.post("/console/followups/99/close", data={"note": "x", "csrf": csrf}).status_code == 404


def test_the_exported_office_file_keeps_hours_appointments_and_limited_counters(tmp_path):
    """The export is the office as it runs: its opening hours, appointment rules and each
    counter's services come back when the file is read again."""
    from dataclasses import replace as changed

    from server.console.settings import office_toml
    from shared.appointments import AppointmentRules
    from shared.office import load_office

    deploy = load_office(Path(__file__).resolve().parents[1] / "deploy" / "office.toml")
    counters = (*deploy.counters[:-1], changed(deploy.counters[-1], services=("passport", "certificate")))
    office = changed(deploy, appointments=AppointmentRules(), counters=counters)
    exported = tmp_path / "office.toml"
    exported.write_text(office_toml(office), encoding="utf-8")
    assert load_office(exported) == office
