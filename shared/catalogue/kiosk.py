"""The kiosk's own texts (the words common to all apps are in shared.catalogue)."""
