"""`queue-rating`, the rating pad (滿意度評分器): the citizen-facing screen at a counter
that asks, after each completed ticket, how satisfied the citizen was, and shows what
comes next after their service. `flow` is what the pad does, `view` what it shows (both
plain Python), `outbox` sends the answers, `window` and `widgets` are the Qt side, `main`
the app."""
