"""What the words print: numerals, calendar dates and weekdays read off a quantity's or a time
expression's text, so that a curated value that contradicts its own words stops the build.

Only what the words settle is read: "1.000", "8,1 miliar", "seribu", "kedua", "13 Oktober 2018",
"(14/10/2018)", "Sabtu". Vague amounts ("ratusan"), relative expressions ("pagi tadi") and anything
else are left to the curator.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from pipeline.errors import excerpt

NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "seratus": 100, "seribu": 1000, "sejuta": 1_000_000,
}
ORDINALS = {"pertama": 1, **{f"ke{word}": value for word, value in NUMBER_WORDS.items() if value <= 10}}
MULTIPLIERS = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12}
# Indonesian notation: "." groups thousands, "," marks decimals.
NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
LEADING_NUMBER = re.compile(rf"^({NUMERAL})(?:-({NUMERAL}))?$")

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
MONTH = "|".join(MONTHS)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({MONTH})(?: (\d{{4}}))?\b")
SLASHED = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/(\d{4}))?\)")
MONTH_RANGE_YEAR = re.compile(rf"\b({MONTH})(?:-({MONTH}))?(?: (\d{{4}}))?\b")
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# Monday first, as date.weekday() counts.
WEEKDAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# Capitalised only: "minggu" in lower case is a week.
WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS_ID)})\b")


def _numeral(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def printed_number(text: str) -> tuple[float, float | None] | None:
    """The value (and upper value of a range) the words print, or None when they print no exact amount."""
    words = text.lower().split()
    if not words:
        return None
    match = LEADING_NUMBER.match(words[0])
    if match:
        low, high = _numeral(match.group(1)), match.group(2) and _numeral(match.group(2))
    elif words[0] in NUMBER_WORDS:
        low, high = NUMBER_WORDS[words[0]], None
    elif words[0] in ORDINALS:
        return ORDINALS[words[0]], None
    else:
        return None
    factor = MULTIPLIERS.get(words[1], 1) if len(words) > 1 else 1
    return low * factor, high * factor if high else None


def number_problem(text: str, value, value_max) -> str | None:
    """Why value (and value_max) contradict what the text prints, or None."""
    printed = printed_number(text)
    if printed is None:
        return None
    low, high = printed
    if value is None or not math.isclose(value, low, rel_tol=1e-9):
        return f"the text {excerpt(text)} prints {low:g}, but value is {excerpt(value)}"
    if high is not None and (value_max is None or not math.isclose(value_max, high, rel_tol=1e-9)):
        return f"the text {excerpt(text)} prints a range up to {high:g}, but value_max is {excerpt(value_max)}"
    return None


def date_problem(text: str, date: dt.date | None, precision: str | None, end: dt.date | None) -> str | None:
    """Why the date (at its precision) contradicts a day, month or year the text prints, or None."""
    if date is None:
        return None
    printed = DAY_MONTH_YEAR.search(text)
    slashed = SLASHED.search(text)
    if printed or slashed:
        day, month, year = (
            (int(printed.group(1)), MONTHS.index(printed.group(2)) + 1, printed.group(3)) if printed
            else (int(slashed.group(1)), int(slashed.group(2)), slashed.group(3))
        )
        if precision != "day" or (date.day, date.month) != (day, month) or (year and date.year != int(year)):
            return f"the text {excerpt(text)} prints day {day}, month {month}{f', year {year}' if year else ''}, but date is {date} ({precision})"
        return None
    months = MONTH_RANGE_YEAR.search(text)
    if months:
        first, year = MONTHS.index(months.group(1)) + 1, months.group(3)
        if date.month != first or (year and date.year != int(year)):
            return f"the text {excerpt(text)} prints {months.group(1)}{f' {year}' if year else ''}, but date is {date}"
        if months.group(2) and (end is None or end.month != MONTHS.index(months.group(2)) + 1):
            return f"the text {excerpt(text)} runs to {months.group(2)}, but end_date is {end}"
        return None
    year = YEAR.search(text)
    if year and date.year != int(year.group(1)):
        return f"the text {excerpt(text)} prints the year {year.group(1)}, but date is {date}"
    return None


def weekday_problem(text: str, weekday_printed: str | None) -> str | None:
    """Why weekday_printed is not the weekday the text prints, or None."""
    printed = WEEKDAY.search(text)
    if printed and weekday_printed != printed.group(1):
        return f"the text {excerpt(text)} prints the weekday {printed.group(1)}; weekday_printed must be {excerpt(printed.group(1))}"
    if weekday_printed and not printed:
        return f"weekday_printed is {excerpt(weekday_printed)}, but the text {excerpt(text)} prints no weekday; drop it"
    return None
