"""The ticket kiosk: a full-screen touch app where a citizen takes a ticket in two touches."""
