"""The service under concurrent use and after a crash."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.servers import ServerProcess, make_token


def test_300_tickets_3_counters_10_threads_each_every_ticket_called_once(server):
    kiosk = server.client("kiosk")
    issued = []
    for i in range(300):
        body = {"service": "transcript", "category": "elderly" if i % 10 == 0 else None}
        issued.append(kiosk.post("/tickets", json=body).json()["ticket"]["id"])
    assert len(set(issued)) == 300

    called, lock = [], threading.Lock()
    start = threading.Barrier(30)

    def clerk(counter):
        with server.client("counter", counter) as http:
            start.wait()
            while True:
                r = http.post(f"/counters/{counter}/next")
                assert r.status_code == 200, r.text
                ticket = r.json()["ticket"]
                if ticket is None:
                    return
                with lock:
                    called.append(ticket["id"])

    with ThreadPoolExecutor(30) as pool:
        for f in [pool.submit(clerk, c) for c in (1, 2, 3) for _ in range(10)]:
            f.result()
    assert sorted(called) == sorted(issued)  # every ticket called, none twice


def test_sigkill_while_issuing_loses_no_acknowledged_ticket(tmp_path):
    db_path = tmp_path / "queue.db"
    token = make_token(db_path, "kiosk")
    proc = ServerProcess(db_path).start()
    acknowledged, stop = [], threading.Event()

    def kiosk():
        with httpx.Client(base_url=proc.url + "/api/v1", headers={"Authorization": f"Bearer {token}"},
                          timeout=5) as http:
            while not stop.is_set():
                try:
                    r = http.post("/tickets", json={"service": "transcript"})
                except httpx.HTTPError:
                    return
                if r.status_code == 201:
                    acknowledged.append(r.json()["ticket"])

    threads = [threading.Thread(target=kiosk) for _ in range(4)]
    for t in threads:
        t.start()
    while len(acknowledged) < 100:
        threading.Event().wait(0.01)
    proc.kill()
    stop.set()
    for t in threads:
        t.join()

    proc = ServerProcess(db_path, port=proc.port).start()
    try:
        admin = make_token(db_path, "admin")
        with httpx.Client(base_url=proc.url + "/api/v1", headers={"Authorization": f"Bearer {admin}"}) as http:
            for t in acknowledged:
                r = http.get(f"/tickets/{t['id']}")
                assert r.status_code == 200 and r.json()["ticket"]["number"] == t["number"]
            waiting = http.get("/state").json()["waiting"]["general"]
            assert waiting >= len(acknowledged)
            after = http.post("/tickets", json={"service": "transcript"}, headers={"Authorization": f"Bearer {token}"})
            numbers = {t["number"] for t in acknowledged}
            assert len(numbers) == len(acknowledged)  # no number handed out twice
            assert after.json()["ticket"]["number"] not in numbers
            assert after.json()["ticket"]["number"] == f"A{waiting + 1:03d}"
    finally:
        proc.stop()


def test_a_failing_request_fails_alone(tmp_path):
    """Work that fails half-way is rolled back with its turn's transaction, the queue in
    memory is rebuilt from the file, and the other requests of the turn are done again
    without it: they are answered as if it never came."""
    import asyncio

    from server.app import Service
    from server.errors import ApiError
    from shared.office import load_office

    service = Service(tmp_path / "q.db", load_office())

    def issue(conn):
        return service.ops.issue(conn, "transcript", None)

    def issue_then_fail(conn):
        issue(conn)
        raise RuntimeError("disk trouble")

    async def scenario():
        return await asyncio.gather(service.writer.run(issue), service.writer.run(issue_then_fail),
                                    service.writer.run(issue), return_exceptions=True)

    try:
        first, failed, third = asyncio.run(scenario())
        assert isinstance(failed, ApiError) and failed.status == 500
        assert [first["ticket"]["number"], third["ticket"]["number"]] == ["A001", "A002"]
        assert service.ops.state()["waiting"]["general"] == 2
    finally:
        service.close()
