"""The counter window's own texts (the words common to all apps are in shared.catalogue)."""

from __future__ import annotations

from shared.i18n import Text
