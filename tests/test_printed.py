"""Reading numerals, dates and weekdays off the words, as the build does to check curated values."""

import datetime as dt

import pytest

from pipeline.printed import date_problem, number_problem, printed_number, weekday_problem


@pytest.mark.parametrize("text, expected", [
    ("1.000", (1000, None)),
    ("8,1 miliar dolar AS", (8.1e9, None)),
    ("20 ribu", (20000, None)),
    ("1-2 persen", (1, 2)),
    ("seribu", (1000, None)),
    ("sepuluh tahun", (10, None)),
    ("kedua", (2, None)),
    ("Pertama", (1, None)),
    ("ratusan", None),
    ("miliaran rupiah", None),
])
def test_printed_number(text, expected):
    assert printed_number(text) == expected


def test_number_problems_name_the_printed_value():
    assert number_problem("100", 100, None) is None
    assert "prints 100, but value is 1000" in number_problem("100", 1000, None)
    assert "range up to 2" in number_problem("1-2 persen", 1, None)
    assert number_problem("ratusan", None, None) is None


@pytest.mark.parametrize("text, date, precision, end, wrong", [
    ("Sabtu, 13 Oktober 2018", dt.date(2018, 10, 13), "day", None, False),
    ("Sabtu, 13 Oktober 2018", dt.date(2018, 10, 20), "day", None, True),
    ("Sabtu (14/10/2018)", dt.date(2018, 10, 14), "day", None, False),
    ("Sabtu (13/10)", dt.date(2018, 10, 31), "day", None, True),
    ("13 Oktober 2018", dt.date(2018, 10, 1), "month", None, True),
    ("Januari-Mei 2018", dt.date(2018, 1, 1), "month", dt.date(2018, 5, 1), False),
    ("Januari-Mei 2018", dt.date(2018, 1, 1), "month", dt.date(2018, 6, 1), True),
    ("tahun 2030", dt.date(2030, 1, 1), "year", None, False),
    ("tahun 2030", dt.date(2031, 1, 1), "year", None, True),
    ("pagi tadi", dt.date(2018, 10, 13), "day", None, False),
])
def test_date_problem(text, date, precision, end, wrong):
    assert (date_problem(text, date, precision, end) is not None) == wrong


def test_weekday_problem():
    assert weekday_problem("Sabtu (14/10/2018)", "Sabtu") is None
    assert "must be 'Sabtu'" in weekday_problem("Sabtu (14/10/2018)", "Minggu")
    assert "must be 'Minggu'" in weekday_problem("Minggu 14 Oktober 2018", None)
    assert "prints no weekday" in weekday_problem("pagi tadi", "Sabtu")
    assert weekday_problem("dua minggu lalu", None) is None, "a lower-case minggu is a week"
