"""The package's fields, code lists, tables and curated format, each declared once in metadata/.

Everything that describes a column is generated from here: the published
Table Schemas (schemas/<table>.json), the data dictionary, the code tables
of the guideline, and the JSON Schemas that curated files are validated
against (schemas/curated/<file>.json).
"""

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CurationError
from pipeline.safe_yaml import load

METADATA_FILES = ("fields", "codes", "tables", "curated")
TYPES = ("string", "integer", "number", "boolean", "date")
DATE_PARTS = ("", "_precision", "_iso", "_note")
FIELD_KEYS = {"type", "description", "example", "pattern", "codes", "minimum", "maximum", "verbatim", "computed"}
TABLE_FIELD_KEYS = FIELD_KEYS - {"type"} | {"required", "unique"}
CURATED_KEY_KEYS = {"required", "description", "type", "pattern", "codes", "minimum", "maximum", "list", "record", "records"}
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass
class Metadata:
    patterns: dict[str, str]
    codes: dict[str, dict[str, str]]
    code_examples: dict[str, dict[str, str]]
    fields: dict[str, dict]
    dates: dict[str, str]
    tables: dict[str, dict]
    curated: dict

    def field(self, name: str) -> dict:
        """A field's definition; the parts of a date group are made from the group's one line."""
        if name in self.fields:
            return self.fields[name]
        for suffix in DATE_PARTS[1:]:
            base = name.removesuffix(suffix)
            if base != name and base in self.dates:
                return _date_part(base, suffix, self.dates[base])
        if name in self.dates:
            return _date_part(name, "", self.dates[name])
        raise KeyError(name)

    def table_fields(self, table: str) -> list[dict]:
        """The table's fields in column order, each its definition with the table's overrides."""
        return [
            {"name": name, **self.field(name), **(overrides or {})}
            for name, overrides in self.tables[table]["fields"].items()
        ]

    def table_schema(self, table: str) -> dict:
        """The published Table Schema: plain Table Schema v1 that every Frictionless client reads."""
        spec = self.tables[table]
        fields = []
        for field in self.table_fields(table):
            constraints = {}
            for key in ("required", "unique"):
                if field.get(key):
                    constraints[key] = True
            if "codes" in field:
                constraints["enum"] = list(self.codes[field["codes"]])
            if "pattern" in field:
                constraints["pattern"] = self.patterns[field["pattern"]]
            for key in ("minimum", "maximum"):
                if key in field:
                    constraints[key] = field[key]
            fields.append(
                {
                    "name": field["name"],
                    "type": field["type"],
                    "description": self.described(field),
                    "example": field["example"],
                    **({"constraints": constraints} if constraints else {}),
                }
            )
        schema = {
            "title": spec["title"],
            "description": spec["description"],
            "fields": fields,
            "missingValues": [""],
            "primaryKey": spec["primary_key"],
        }
        foreign_keys = [
            {"fields": name, "reference": {"resource": target, "fields": self.tables[target]["primary_key"][0]}}
            for name, target in (spec.get("foreign_keys") or {}).items()
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        return schema

    def described(self, field: dict) -> str:
        """The field's description, followed by its codes and their meanings where it has a code list."""
        if "codes" not in field:
            return field["description"]
        codes = "; ".join(f"{code}: {meaning.rstrip('.')}" for code, meaning in self.codes[field["codes"]].items())
        return f"{field['description']} Codes: {codes}."

    def spanned_column(self, table: str) -> tuple[str, str, str] | None:
        """The verbatim column the table's spans delimit, and those span columns (body or raw offsets)."""
        column = self.tables[table].get("span_of")
        if column is None:
            return None
        if {f["name"]: f for f in self.table_fields(table)}[column].get("verbatim") == "raw":
            return column, "raw_char_start", "raw_char_end"
        return column, "char_start", "char_end"

    def verbatim_columns(self, table: str) -> dict[str, str]:
        """Columns holding characters of a body ("body") or of a raw capture ("raw")."""
        return {f["name"]: f["verbatim"] for f in self.table_fields(table) if f.get("verbatim")}

    # --- the curated format -------------------------------------------------

    def curated_schema(self, file_kind: str) -> dict:
        """The JSON Schema a curated file of this kind is validated against."""
        spec = self.curated["files"][file_kind]
        top = spec.get("record") or spec.get("records")
        definitions: dict[str, dict] = {}
        self._define(top, definitions)
        reference = {"$ref": f"#/definitions/{top}"}
        # Draft 7: the draft both the fast validator (fastjsonschema) and jsonschema implement.
        return {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": f"{spec['path']}",
            "description": spec["description"],
            **(reference if "record" in spec else {"type": "array", "items": reference}),
            "definitions": dict(sorted(definitions.items())),
        }

    def _define(self, record_type: str, definitions: dict[str, dict]) -> None:
        if record_type in definitions:
            return
        record = self.curated["records"][record_type]
        definitions[record_type] = {}
        properties, required = {}, []
        for key, spec in record["keys"].items():
            spec = spec or {}
            if spec.get("required"):
                required.append(key)
            if "records" in spec and "list" in spec:
                # A list whose items are plain values or records (the record says more).
                self._define(spec["records"], definitions)
                plain = self._value({**spec, "type": spec["list"]})
                value = {"type": "array", "items": {"anyOf": [plain, {"$ref": f"#/definitions/{spec['records']}"}]}}
            elif "records" in spec:
                self._define(spec["records"], definitions)
                value = {"type": "array", "items": {"$ref": f"#/definitions/{spec['records']}"}}
            elif "record" in spec:
                self._define(spec["record"], definitions)
                value = {"$ref": f"#/definitions/{spec['record']}"}
            elif "list" in spec:
                value = {"type": "array", "items": self._value({**spec, "type": spec["list"]})}
            elif "type" in spec:
                value = self._value(spec)
            else:
                value = self._value(self.field(key))
            description = spec.get("description") or self.field(key)["description"]
            properties[key] = {"description": description, **value}
        schema = {"type": "object", "additionalProperties": False, "properties": properties}
        if required:
            schema["required"] = required
        dependent = {}
        for key in properties:
            if key.endswith("_date") or key == "date":
                precision = f"{key}_precision"
                if precision in properties:
                    dependent[key], dependent[precision] = [precision], [key]
        if dependent:
            schema["dependencies"] = dependent
        definitions[record_type] = schema

    def _value(self, spec: dict) -> dict:
        kind = spec["type"]
        if kind == "date":
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        value: dict = {"type": kind}
        if kind == "string":
            value["minLength"] = 1
            if "pattern" in spec:
                value["pattern"] = self.patterns[spec["pattern"]]
            if "codes" in spec:
                value["enum"] = list(self.codes[spec["codes"]])
        for key in ("minimum", "maximum"):
            if key in spec:
                value[key] = spec[key]
        return value


def _date_part(base: str, suffix: str, meaning: str) -> dict:
    what = meaning[0].upper() + meaning[1:]
    if suffix == "":
        return {
            "type": "date",
            "description": f"{what}: the first day of the period (see {base}_precision); empty when unknown. "
            f"{base}_iso gives the same date at its precision.",
            "example": "2018-10-13",
        }
    if suffix == "_precision":
        return {
            "type": "string",
            "codes": "precision",
            "description": f"How precisely {base} is known; empty when the date is unknown.",
            "example": "day",
        }
    if suffix == "_iso":
        return {
            "type": "string",
            "pattern": "iso_date",
            "description": f"{base} at its precision in ISO 8601 (2018, 2018-03 or 2018-10-13): the form of the date "
            "that cannot be misread as a day; empty when unknown.",
            "example": "2018-10-13",
            "computed": True,
        }
    return {
        "type": "string",
        "description": f"Which words {base} is read from when the text does not print it plainly, or why it is unknown.",
        "example": "Unknown: the page prints no date.",
    }


def load_metadata(root: Path) -> Metadata:
    folder = root / "metadata"
    documents = {name: load(folder / f"{name}.yaml", root, folder) for name in METADATA_FILES}
    fields = documents["fields"]
    # A code is written as its meaning, or as a meaning with an example from the texts.
    codes = {
        name: {code: spec["meaning"] if isinstance(spec, dict) else spec for code, spec in listed.items()}
        for name, listed in documents["codes"].items()
    }
    examples = {
        name: {code: spec["example"] for code, spec in listed.items() if isinstance(spec, dict) and "example" in spec}
        for name, listed in documents["codes"].items()
    }
    metadata = Metadata(
        patterns=fields["patterns"],
        codes=codes,
        code_examples=examples,
        fields=fields["fields"],
        dates=fields["dates"],
        tables=documents["tables"],
        curated=documents["curated"],
    )
    check_metadata(metadata)
    return metadata


def check_metadata(metadata: Metadata) -> None:
    """Every reference between the declarations resolves, so generated schemas are whole."""
    problems = []
    for name, spec in metadata.fields.items():
        unknown = set(spec) - FIELD_KEYS
        if unknown:
            problems.append(f"metadata/fields.yaml: field {name}: unknown key(s) {', '.join(sorted(unknown))}")
        if spec.get("type") not in TYPES:
            problems.append(f"metadata/fields.yaml: field {name}: type must be one of {', '.join(TYPES)}")
        if "description" not in spec:
            problems.append(f"metadata/fields.yaml: field {name}: needs a description")
        problems += _reference_problems(metadata, f"metadata/fields.yaml: field {name}", spec)
    for table, spec in metadata.tables.items():
        for name, overrides in spec["fields"].items():
            where = f"metadata/tables.yaml: {table}.{name}"
            try:
                metadata.field(name)
            except KeyError:
                problems.append(f"{where}: not defined in metadata/fields.yaml")
                continue
            unknown = set(overrides or {}) - TABLE_FIELD_KEYS
            if unknown:
                problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
            if "example" not in {**metadata.field(name), **(overrides or {})}:
                problems.append(f"{where}: needs an example, here or in metadata/fields.yaml")
            problems += _reference_problems(metadata, where, overrides or {})
        span_of = spec.get("span_of")
        try:
            merged = {f["name"]: f for f in metadata.table_fields(table)}
        except KeyError:
            merged = None  # a field not defined, reported above
        if span_of is not None and merged is not None:
            verbatim = merged[span_of].get("verbatim") if span_of in merged else None
            starts = {"body": "char_start", "raw": "raw_char_start"}
            if verbatim not in starts or starts[verbatim] not in spec["fields"]:
                problems.append(f"metadata/tables.yaml: {table}: span_of {span_of} names no verbatim column its span columns delimit")
        for key in spec["primary_key"]:
            if key not in spec["fields"]:
                problems.append(f"metadata/tables.yaml: {table}: primary key field {key} is not a field")
        for name, target in (spec.get("foreign_keys") or {}).items():
            if name not in spec["fields"] or target not in metadata.tables:
                problems.append(f"metadata/tables.yaml: {table}: foreign key {name} -> {target} does not resolve")
    for name, spec in metadata.fields.items():
        using = [table for table, table_spec in metadata.tables.items() if name in table_spec["fields"]]
        if "example" in spec and using and all("example" in (metadata.tables[t]["fields"][name] or {}) for t in using):
            problems.append(f"metadata/fields.yaml: field {name}: every table gives its own example, so this one is never shown; drop it")
    records = metadata.curated["records"]
    for record_type, spec in records.items():
        table = spec.get("table")
        for key, key_spec in spec["keys"].items():
            key_spec = key_spec or {}
            where = f"metadata/curated.yaml: {record_type}.{key}"
            unknown = set(key_spec) - CURATED_KEY_KEYS
            if unknown:
                problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
            for nested in ("record", "records"):
                if nested in key_spec and key_spec[nested] not in records:
                    problems.append(f"{where}: record type {key_spec[nested]} is not declared")
            own = any(k in key_spec for k in ("type", "list", "record", "records"))
            if not own:
                try:
                    metadata.field(key)
                except KeyError:
                    problems.append(f"{where}: names no field; give it a type")
                    continue
                if table and key not in metadata.tables[table]["fields"]:
                    problems.append(f"{where}: fills no column of {table}; give it a type")
            problems += _reference_problems(metadata, where, key_spec)
    for kind, spec in metadata.curated["files"].items():
        top = spec.get("record") or spec.get("records")
        if top not in records:
            problems.append(f"metadata/curated.yaml: file {kind}: record type {top} is not declared")
    if problems:
        raise CurationError("the metadata declarations do not fit together:\n  " + "\n  ".join(problems))


def _reference_problems(metadata: Metadata, where: str, spec: dict) -> list[str]:
    problems = []
    if "codes" in spec and spec["codes"] not in metadata.codes:
        problems.append(f"{where}: code list {spec['codes']} is not in metadata/codes.yaml")
    if "pattern" in spec and spec["pattern"] not in metadata.patterns:
        problems.append(f"{where}: pattern {spec['pattern']} is not in metadata/fields.yaml")
    return problems
