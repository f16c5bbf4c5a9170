"""What every part of Queue Hall uses: the office, tickets, routing, protocol, client."""
