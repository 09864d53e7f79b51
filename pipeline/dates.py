"""Dates in curated input: ISO only, each the first day of its period, none later than it can be."""

import datetime as dt

from pipeline.safe_yaml import Record

ISO_LENGTH = {"year": 4, "month": 7, "day": 10}


def as_date(value) -> dt.date | None:
    """A validated curated date (YYYY-MM-DD text, checked by the curated-format schema) as a date."""
    return dt.date.fromisoformat(value) if value else None


def iso(value: dt.date | None, precision: str | None) -> str | None:
    """The date at its precision (2018, 2018-03, 2018-10-13): a form that cannot be misread as a day."""
    if value is None:
        return None
    return value.isoformat()[: ISO_LENGTH[precision]]


def check_date_precision(record: Record, date_key: str, precision_key: str) -> None:
    """The date is the first day of its period."""
    value, precision = as_date(record.get(date_key)), record.get(precision_key)
    if value and ((precision == "month" and value.day != 1) or (precision == "year" and (value.month, value.day) != (1, 1))):
        raise record.fail(f"'{date_key}' {value} must be the first day of the {precision} ({iso(value, precision)})")


def check_date_order(record: Record, first_key: str, last_key: str) -> None:
    """The later of two dates of a record must not fall before the earlier one."""
    first, last = as_date(record.get(first_key)), as_date(record.get(last_key))
    if first and last and last < first:
        raise record.fail(f"'{last_key}' {last} is before '{first_key}' {first}")


def check_not_after(record: Record, key: str, limit: dt.date, what: str) -> None:
    """A date that cannot lie after ``limit`` (the package's release, an article's writing)."""
    value = as_date(record.get(key))
    if value and value > limit:
        raise record.fail(f"'{key}' {value} is after {what} ({limit}); check the year")


def date_group(record: Record, key: str, precision_key: str | None = None, note_key: str | None = None) -> dict:
    """The published columns of one date: X_date, X_date_precision, X_date_iso, X_date_note."""
    precision_key = precision_key or f"{key}_precision"
    value, precision = as_date(record.get(key)), record.get(precision_key)
    return {
        key: value,
        f"{key}_precision": precision,
        f"{key}_iso": iso(value, precision),
        f"{key}_note": record.get(note_key or f"{key}_note"),
    }
