"""Hold every built row to its table's schema before anything is written.

frictionless validates the written files too, independently; these checks
come first because they can name the curated file and record to fix.
"""

import datetime as dt
import math
import re
import string
import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter

from pipeline.errors import CurationError, excerpt
from pipeline.safe_yaml import Record

# A spreadsheet reads a cell starting with one of these as a formula, also
# after leading spaces and in their full-width forms (NFKC folds those).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


Origin = Record | str


def where(origin: Origin) -> str:
    """The place in the curated input a row came from, as a message names it (worked out only when needed)."""
    return origin.where() if isinstance(origin, Record) else origin


@dataclass
class Table:
    """Rows of one table, each with the record (or the place in the input) it came from."""

    name: str
    rows: list[dict] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)

    def add(self, row: dict, origin: Origin) -> None:
        self.rows.append(row)
        self.origins.append(origin)


# First characters that start no formula: the cheap test that clears almost every value.
PLAIN_FIRST = frozenset(string.ascii_letters + string.digits + "\"'(.")


def starts_like_a_formula(value: str) -> bool:
    first = value[:1]
    if first in PLAIN_FIRST:
        return False
    folded = unicodedata.normalize("NFKC", value[:20]).lstrip(" \u00a0\u3000")
    return folded[:1] in FORMULA_START or first in FORMULA_START


def _typed(value, kind: str, where: str):
    if kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise CurationError(f"{where}: {value!r} is not a finite number")
        return value
    if kind == "boolean" and isinstance(value, bool):
        return value
    raise CurationError(f"{where}: expected a {kind}, got {excerpt(value)}")


def _checker(spec: dict):
    """One field's check, prepared once per table: a value in, the typed value out or a message."""
    name, kind = spec["name"], spec["type"]
    constraints = spec.get("constraints", {})
    required = constraints.get("required", False)
    enum = set(constraints["enum"]) if "enum" in constraints else None
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    bounds = [(bound, constraints[bound]) for bound in ("minimum", "maximum") if bound in constraints]

    def check(value):
        if value is None or value == "":
            return None, "a value is required" if required else None
        try:
            value = _typed(value, kind, "")
        except CurationError as error:
            return None, str(error).removeprefix(": ")
        if enum is not None and value not in enum:
            return None, f"{excerpt(value)} is not one of {', '.join(map(str, constraints['enum']))}"
        if pattern is not None and not pattern.fullmatch(value):
            return None, f"{excerpt(value)} does not match {constraints['pattern']}"
        for bound, limit in bounds:
            if (value < limit) if bound == "minimum" else (value > limit):
                return None, f"{excerpt(value)} is out of range ({bound} {limit})"
        if kind == "string" and starts_like_a_formula(value):
            return None, f"{excerpt(value)} starts with a character spreadsheets read as a formula"
        return value, None

    return name, check


PYTHON_TYPES = {"string": {str}, "integer": {int}, "number": {int, float}, "boolean": {bool}, "date": {dt.date}}


def _column_is_clean(values: list, spec: dict) -> bool:
    """True when every value of one column passes its checks as they are: no empty string to turn into None,
    nothing for check_rows to report. A False only sends the table through the value-by-value checks."""
    try:
        return _clean(values, spec)
    except (TypeError, OverflowError):  # an unhashable value or a number too large for a float: walk it
        return False


def _clean(values: list, spec: dict) -> bool:
    constraints = spec.get("constraints", {})
    distinct = set(values)
    distinct.discard(None)
    if (constraints.get("required") and None in values) or "" in distinct:
        return False
    # Over every value, not the distinct ones: a set keeps one of 1, 1.0 and True, which are equal.
    if not set(map(type, values)) - {type(None)} <= PYTHON_TYPES[spec["type"]]:
        return False
    if spec["type"] == "number" and not all(map(math.isfinite, distinct)):
        return False
    if "enum" in constraints and not distinct <= set(constraints["enum"]):
        return False
    if "pattern" in constraints and not all(map(re.compile(constraints["pattern"]).fullmatch, distinct)):
        return False
    if distinct and "minimum" in constraints and min(distinct) < constraints["minimum"]:
        return False
    if distinct and "maximum" in constraints and max(distinct) > constraints["maximum"]:
        return False
    if spec["type"] == "string":
        return not any(map(starts_like_a_formula, distinct))
    return True


def check_rows(table: Table, schema: dict) -> None:
    """Every value of the table's type; builder-made values held to the same constraints as curated ones.

    Whole columns are cleared at once; only a table with a column that is not clean is checked value by value,
    in row order, so that the first problem in reading order is the one reported."""
    names = {spec["name"] for spec in schema["fields"]}
    for row in table.rows:
        if row.keys() != names:
            missing, extra = names - set(row), set(row) - names
            raise AssertionError(f"{table.name}: the builder's columns differ from the schema: {missing=} {extra=}")
    if all(_column_is_clean(list(map(itemgetter(spec["name"]), table.rows)), spec) for spec in schema["fields"]):
        return
    checks = [_checker(spec) for spec in schema["fields"]]
    for row, origin in zip(table.rows, table.origins):
        for name, check in checks:
            value, problem = check(row[name])
            if problem:
                raise CurationError(f"{where(origin)}: {table.name}.{name}: {problem}")
            row[name] = value


def check_keys(tables: dict[str, Table], schemas: dict[str, dict]) -> None:
    """Primary keys unique, unique fields unique, foreign keys resolve.

    Sets give the verdict for a whole column at once; only a column that fails is walked row by row, for the
    first offending record in reading order."""
    for name, table in tables.items():
        schema = schemas[name]
        unique_sets = [schema["primaryKey"]] + [
            [f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")
        ]
        for fields in unique_sets:
            keys = list(map(itemgetter(*fields), table.rows))
            if len(set(keys)) == len(keys):
                continue
            seen: dict[tuple, Origin] = {}
            for key, origin in zip(keys, table.origins):
                key = key if isinstance(key, tuple) else (key,)
                if key in seen:
                    raise CurationError(
                        f"{where(origin)}: duplicate {name} key {excerpt('/'.join(map(str, key)))} "
                        f"(first at {where(seen[key])}); give each record its own id"
                    )
                seen[key] = origin
    for name, table in tables.items():
        for fk in schemas[name].get("foreignKeys", []):
            column, ref = fk["fields"], fk["reference"]
            known = set(map(itemgetter(ref["fields"]), tables[ref["resource"]].rows))
            values = list(map(itemgetter(column), table.rows))
            if set(values) - {None} <= known:
                continue
            for value, origin in zip(values, table.origins):
                if value is not None and value not in known:
                    raise CurationError(
                        f"{where(origin)}: {name}.{column} = {excerpt(value)} refers to no row of {ref['resource']}; "
                        "fix the id or add that record"
                    )
