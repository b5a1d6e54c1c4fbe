"""The importer's single error type, so callers need to catch only one thing."""

from __future__ import annotations


class PackError(Exception):
    """The input is not a readable agenda pack (empty, binary, corrupt, or no meeting found)."""
