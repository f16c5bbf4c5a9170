"""The counter client: the clerk's window that calls the next citizen with one key."""
