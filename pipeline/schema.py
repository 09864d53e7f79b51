"""Table Schemas: load them and hold every row to them before anything is written.

frictionless validates the written files too, but its messages speak of CSV
rows; these checks name the curated file and record a curator has to fix.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.curated import CurationError
from pipeline.dates import parse_date

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"

TABLE_NAMES = [
    "articles",
    "page_furniture",
    "people",
    "organizations",
    "places",
    "mentions",
    "credits",
    "events",
    "event_participants",
    "claims",
    "quantities",
    "time_expressions",
    "propositions",
    "claim_propositions",
    "promise_statuses",
    "discrepancies",
    "discrepancy_links",
    "exclusions",
]


@dataclass
class Table:
    """Rows of one table, each with the place in the curated input it came from."""

    name: str
    rows: list[dict] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)

    def add(self, row: dict, origin: str) -> None:
        self.rows.append(row)
        self.origins.append(origin)


def load_schema(root: Path, name: str) -> dict:
    path = root / "schemas" / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CurationError(f"schemas/{name}.json: cannot be read as JSON: {error}") from error


def field_names(schema: dict) -> list[str]:
    return [f["name"] for f in schema["fields"]]


def _typed(value, spec: dict, where: str):
    kind = spec["type"]
    if kind == "date":
        return parse_date(value, where)
    if kind == "string":
        if isinstance(value, str):
            return value
    elif kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif kind == "boolean":
        if isinstance(value, bool):
            return value
    raise CurationError(f"{where}: expected a {kind}, got {value!r}")


def check_rows(table: Table, schema: dict) -> None:
    """Coerce every value to its field type and enforce the field constraints."""
    names = field_names(schema)
    for row, origin in zip(table.rows, table.origins):
        extra = set(row) - set(names)
        if extra:
            raise AssertionError(f"{table.name}: builder produced columns not in the schema: {sorted(extra)}")
        for spec in schema["fields"]:
            name = spec["name"]
            where = f"{origin}: {table.name}.{name}"
            value = row.get(name)
            value = None if value == "" else value
            constraints = spec.get("constraints", {})
            if value is None:
                if constraints.get("required"):
                    raise CurationError(f"{where}: a value is required")
                row[name] = None
                continue
            value = _typed(value, spec, where)
            if "enum" in constraints and value not in constraints["enum"]:
                raise CurationError(f"{where}: {value!r} is not one of {', '.join(map(str, constraints['enum']))}")
            if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
                hint = " (a lowercase slug)" if constraints["pattern"] == SLUG else ""
                raise CurationError(f"{where}: {value!r} does not match {constraints['pattern']}{hint}")
            if "minimum" in constraints and value < constraints["minimum"]:
                raise CurationError(f"{where}: {value!r} is below the minimum {constraints['minimum']}")
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                raise CurationError(f"{where}: {value[:20]!r} starts with a character spreadsheets read as a formula")
            row[name] = value


def _key(row: dict, fields: list[str]) -> tuple:
    return tuple(row.get(f) for f in fields)


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
                key = _key(row, fields)
                if key in seen:
                    raise CurationError(
                        f"{origin}: duplicate {name} key {'/'.join(map(str, key))} "
                        f"(first at {seen[key]}); give each record its own id"
                    )
                seen[key] = origin
    for name, table in tables.items():
        for fk in schemas[name].get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            known = {_key(row, ref_fields) for row in tables[ref["resource"]].rows}
            for row, origin in zip(table.rows, table.origins):
                key = _key(row, fields)
                if any(v is None for v in key):
                    continue
                if key not in known:
                    raise CurationError(
                        f"{origin}: {name}.{'/'.join(fields)} = {'/'.join(map(str, key))} "
                        f"refers to no row of {ref['resource']}; fix the id or add that record"
                    )
