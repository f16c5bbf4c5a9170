"""The public side of the service: the citizen's phone page, the number board and the
open feed, on a listener of their own (`queue-server serve --public-port P`).

Read-only apart from the survey form, no token, cache-friendly, rate-limited per client;
it shows numbers, counters, services and times, never a name (not even a clerk's).
Modules: `codes` (each ticket's unguessable code), `views` (what the pages and the feed
show), `survey` (the nine-item survey), `limits` (the per-client rate limit), `site`
(the FastAPI app), `listener` (both servers on one event loop).
"""
