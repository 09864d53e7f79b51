"""The one error a curator sees, and how values are shown in it."""

EXCERPT_LENGTH = 60


class CurationError(Exception):
    """Input that cannot be published; the message names the file, line or record and what to fix."""


def excerpt(value) -> str:
    """A value as a message shows it: short, so that a 100k-character value cannot flood the terminal."""
    shown = repr(value)
    if len(shown) <= EXCERPT_LENGTH:
        return shown
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(shown):,} characters as text"
    return f"{shown[:EXCERPT_LENGTH]}… ({size})"
