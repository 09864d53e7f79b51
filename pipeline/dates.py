"""Dates in curated input: ISO only, and each one the first day of its period."""

import datetime as dt
import re

from pipeline.curated import CurationError, Record


def parse_date(value, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CurationError(f"{where}: malformed date {value!r}; write YYYY-MM-DD (the first day of the period)")


def check_date_precision(record: Record, date_key: str, precision_key: str) -> None:
    """A date and its precision go together, and the date is the period's first day."""
    value = parse_date(record.get(date_key), f"{record.where()}: {date_key}")
    precision = record.get(precision_key)
    if (value is None) != (precision is None):
        raise record.fail(f"'{date_key}' and '{precision_key}' must be given together")
    if value is None:
        return
    if (precision == "month" and value.day != 1) or (precision == "year" and (value.month, value.day) != (1, 1)):
        raise record.fail(f"'{date_key}' {value} must be the first day of the {precision}")


def check_date_order(record: Record, first_key: str, last_key: str) -> None:
    """The later of two dates of a record must not fall before the earlier one."""
    first = parse_date(record.get(first_key), f"{record.where()}: {first_key}")
    last = parse_date(record.get(last_key), f"{record.where()}: {last_key}")
    if first and last and last < first:
        raise record.fail(f"'{last_key}' {last} is before '{first_key}' {first}")
