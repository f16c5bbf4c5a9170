"""`queue-counter`: the clerk's window on the desk beside the household-registration system.

    QUEUE_SERVER_URL=http://server:8600 QUEUE_TOKEN=... queue-counter
    queue-counter --config counter.toml
    queue-counter --config counter.toml --screenshot counter.png

The counter is the token's (GET /whoami); `--counter N` or QUEUE_COUNTER only checks it.
"""

from __future__ import annotations

import sys

from counter_client.config import CounterSettings
from counter_client.window import CounterWindow
from shared.client import ServiceClient
from shared.qt.shell import Shell


def create_window(config) -> CounterWindow:
    """The counter window with its started ServiceClient (window.client), not shown yet.
    `config`: CounterSettings, or a dict of them."""
    settings = CounterSettings.of(config)
    client = ServiceClient(settings.server_url, settings.token)
    window = CounterWindow(client, settings)
    client.setParent(window)
    client.start()
    return window


def ready(window: CounterWindow) -> bool:
    """Everything the window shows has come in, or there is a fault to show."""
    client = window.client
    return window.fault is not None or window.connection.status == "refused" or (client.connected and client.office is not None
                                        and window.identity_checked and window.stats is not None)


def main(argv: list[str] | None = None) -> int:
    shell = Shell("queue-counter", "The clerk's counter window.", CounterSettings)
    shell.parser.add_argument("--counter", type=int, metavar="N",
                              help="check that the token is this counter's (an administrator's token needs it)")
    settings = shell.start(argv, lambda args: {"counter": args.counter})
    if settings is None:
        return 2
    window = create_window(settings)
    return shell.run(window, ready=lambda: ready(window))


if __name__ == "__main__":
    sys.exit(main())
