"""The build's own row and key checks: whole columns are cleared at once, and anything they do not clear is
reported exactly as a value-by-value walk reports it, the first problem in reading order."""

import pytest

from pipeline.errors import CurationError
from pipeline.schema import Table, check_keys, check_rows

SCHEMA = {
    "fields": [
        {"name": "row_id", "type": "string", "constraints": {"required": True, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["claim", "promise"]}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0, "maximum": 10}},
        {"name": "share", "type": "number"},
        {"name": "flag", "type": "boolean"},
        {"name": "text", "type": "string"},
    ],
    "primaryKey": ["row_id"],
}


def table(*rows: dict) -> Table:
    built = Table("things")
    for number, row in enumerate(rows, start=1):
        built.add({"row_id": f"r{number}", "kind": "claim", "count": 1, "share": 0.5, "flag": True, "text": "a", **row},
                  f"things.yaml:{number}")
    return built


def test_a_clean_table_passes_unchanged():
    built = table({}, {"kind": None, "count": None, "text": "(quoted)"})
    before = [dict(row) for row in built.rows]
    check_rows(built, SCHEMA)
    assert built.rows == before


def test_an_empty_string_becomes_an_empty_value():
    built = table({}, {"text": ""})
    check_rows(built, SCHEMA)
    assert built.rows[1]["text"] is None


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"row_id": "Not A Slug"}, "things.row_id: 'Not A Slug' does not match"),
        ({"row_id": None}, "things.row_id: a value is required"),
        ({"kind": "rumour"}, "things.kind: 'rumour' is not one of claim, promise"),
        ({"count": 11}, "things.count: 11 is out of range (maximum 10)"),
        ({"count": -1}, "things.count: -1 is out of range (minimum 0)"),
        ({"count": True}, "things.count: expected a integer"),
        ({"count": 1.5}, "things.count: expected a integer"),
        ({"share": float("nan")}, "things.share: nan is not a finite number"),
        ({"flag": "yes"}, "things.flag: expected a boolean"),
        ({"text": 3}, "things.text: expected a string"),
        ({"text": "=SUM(A1)"}, "things.text: '=SUM(A1)' starts with a character spreadsheets read as a formula"),
        ({"text": " \uff0bcmd"}, "starts with a character spreadsheets read as a formula"),
    ],
)
def test_each_problem_names_the_row_it_is_in(bad, message):
    built = table({}, {}, bad, {})
    with pytest.raises(CurationError) as caught:
        check_rows(built, SCHEMA)
    assert str(caught.value).startswith("things.yaml:3: "), caught.value
    assert message in str(caught.value)


def test_the_first_problem_in_reading_order_is_reported_whatever_its_column():
    built = table({}, {"text": "=late column, early row"}, {"kind": "rumour"})
    with pytest.raises(CurationError, match=r"^things.yaml:2: things.text"):
        check_rows(built, SCHEMA)


def test_a_duplicate_key_names_both_records():
    built = table({}, {}, {"row_id": "r1"})
    with pytest.raises(CurationError, match=r"^things.yaml:3: duplicate things key .r1. \(first at things.yaml:1\)"):
        check_keys({"things": built}, {"things": SCHEMA})


def test_a_dangling_reference_names_its_record():
    schema = {**SCHEMA, "foreignKeys": [{"fields": "kind", "reference": {"resource": "kinds", "fields": "kind_id"}}]}
    kinds = Table("kinds", [{"kind_id": "claim"}], ["kinds.yaml:1"])
    kinds_schema = {"fields": [{"name": "kind_id", "type": "string"}], "primaryKey": ["kind_id"]}
    built = table({}, {"kind": None}, {"kind": "promise"})
    with pytest.raises(CurationError, match=r"^things.yaml:3: things.kind = 'promise' refers to no row of kinds"):
        check_keys({"things": built, "kinds": kinds}, {"things": schema, "kinds": kinds_schema})


@pytest.mark.parametrize("bad", [True, 1.0])
def test_a_value_equal_to_a_good_one_but_of_another_type_is_refused(bad):
    built = table({}, {"count": bad})
    with pytest.raises(CurationError, match=r"^things.yaml:2: things.count: expected a integer"):
        check_rows(built, SCHEMA)


def test_a_value_a_set_cannot_hold_is_reported_not_raised():
    built = table({}, {"text": ["two", "items"]})
    with pytest.raises(CurationError, match=r"^things.yaml:2: things.text: expected a string"):
        check_rows(built, SCHEMA)


def test_an_integer_too_large_for_a_float_is_still_a_number():
    built = table({}, {"share": 10**400})
    check_rows(built, SCHEMA)
    assert built.rows[1]["share"] == 10**400
