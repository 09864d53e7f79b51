"""Hold every built row to its table's schema before anything is written.

frictionless validates the written files too, independently; these checks
come first because they can name the curated file and record to fix.
"""

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.errors import CurationError, excerpt

# A spreadsheet reads a cell starting with one of these as a formula, also
# after leading spaces and in their full-width forms (NFKC folds those).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """Rows of one table, each with the place in the curated input it came from."""

    name: str
    rows: list[dict] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)

    def add(self, row: dict, origin: str) -> None:
        self.rows.append(row)
        self.origins.append(origin)


def starts_like_a_formula(value: str) -> bool:
    folded = unicodedata.normalize("NFKC", value[:20]).lstrip(" \u00a0\u3000")
    return folded[:1] in FORMULA_START or value[:1] in FORMULA_START


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


def check_rows(table: Table, schema: dict) -> None:
    """Every value of the table's type; builder-made values held to the same constraints as curated ones."""
    names = [spec["name"] for spec in schema["fields"]]
    patterns = {spec["name"]: re.compile(spec["constraints"]["pattern"]) for spec in schema["fields"]
                if "pattern" in spec.get("constraints", {})}
    for row, origin in zip(table.rows, table.origins):
        if row.keys() != set(names):
            missing, extra = set(names) - set(row), set(row) - set(names)
            raise AssertionError(f"{table.name}: the builder's columns differ from the schema: {missing=} {extra=}")
        for spec in schema["fields"]:
            name = spec["name"]
            where = f"{origin}: {table.name}.{name}"
            value = row[name]
            constraints = spec.get("constraints", {})
            if value is None or value == "":
                if constraints.get("required"):
                    raise CurationError(f"{where}: a value is required")
                row[name] = None
                continue
            value = _typed(value, spec["type"], where)
            if "enum" in constraints and value not in constraints["enum"]:
                raise CurationError(f"{where}: {excerpt(value)} is not one of {', '.join(map(str, constraints['enum']))}")
            if name in patterns and not patterns[name].fullmatch(value):
                raise CurationError(f"{where}: {excerpt(value)} does not match {constraints['pattern']}")
            for bound, wrong in (("minimum", value.__lt__), ("maximum", value.__gt__)):
                if bound in constraints and wrong(constraints[bound]):
                    raise CurationError(f"{where}: {excerpt(value)} is out of range ({bound} {constraints[bound]})")
            if isinstance(value, str) and starts_like_a_formula(value):
                raise CurationError(f"{where}: {excerpt(value)} starts with a character spreadsheets read as a formula")


def check_keys(tables: dict[str, Table], schemas: dict[str, dict]) -> None:
    """Primary keys unique, unique fields unique, foreign keys resolve."""
    for name, table in tables.items():
        schema = schemas[name]
        unique_sets = [schema["primaryKey"]] + [
            [f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")
        ]
        for fields in unique_sets:
            seen: dict[tuple, str] = {}
            for row, origin in zip(table.rows, table.origins):
                key = tuple(row[f] for f in fields)
                if key in seen:
                    raise CurationError(
                        f"{origin}: duplicate {name} key {excerpt('/'.join(map(str, key)))} "
                        f"(first at {seen[key]}); give each record its own id"
                    )
                seen[key] = origin
    for name, table in tables.items():
        for fk in schemas[name].get("foreignKeys", []):
            column, ref = fk["fields"], fk["reference"]
            known = {row[ref["fields"]] for row in tables[ref["resource"]].rows}
            for row, origin in zip(table.rows, table.origins):
                value = row[column]
                if value is not None and value not in known:
                    raise CurationError(
                        f"{origin}: {name}.{column} = {excerpt(value)} refers to no row of {ref['resource']}; "
                        "fix the id or add that record"
                    )
