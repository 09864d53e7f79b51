"""The declarations in metadata/ fit together, are all used, and follow docs/naming.md."""

import re
import shutil

import pytest

from pipeline.errors import CurationError
from pipeline.metadata import load_metadata

SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# Columns of English prose that the data model names without _en.
FIXED_ENGLISH = {"name", "description", "place", "notes"}


@pytest.fixture(scope="module")
def metadata(root):
    return load_metadata(root)


def used_keys(metadata) -> set[str]:
    keys = {name for spec in metadata.tables.values() for name in spec["fields"]}
    return keys | {key for record in metadata.curated["records"].values() for key in record["keys"]}


def test_every_defined_field_date_group_and_code_list_is_used(metadata):
    used = used_keys(metadata)
    assert sorted(set(metadata.fields) - used) == []
    assert sorted(name for name in metadata.dates if name not in used) == []
    listed = {f["codes"] for t in metadata.tables for f in metadata.table_fields(t) if "codes" in f}
    listed |= {k["codes"] for r in metadata.curated["records"].values() for k in r["keys"].values() if k and "codes" in k}
    assert sorted(set(metadata.codes) - listed) == []


def test_a_broken_reference_in_the_declarations_is_reported(root, tmp_path):
    shutil.copytree(root / "metadata", tmp_path / "metadata")
    path = tmp_path / "metadata" / "tables.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    claim_type: {required: true}", "    claim_kind: {required: true}"), encoding="utf-8")
    with pytest.raises(CurationError, match="claims.claim_kind: not defined in metadata/fields.yaml"):
        load_metadata(tmp_path)


def test_names_follow_the_conventions(metadata):
    for table, spec in metadata.tables.items():
        assert SNAKE.fullmatch(table), table
        for field in metadata.table_fields(table):
            name = field["name"]
            assert SNAKE.fullmatch(name), name
            assert name != "kind", f"{table}.{name}: a classifying column is <thing>_type"
            if name.endswith("_id"):
                assert field.get("pattern") == "slug", f"{table}.{name}: identifiers are slugs"
            if field["type"] == "boolean":
                assert name.startswith("is_"), f"{table}.{name}: booleans start with is_"
            if name.endswith("_count"):
                assert field["type"] == "integer" and field.get("computed"), f"{table}.{name}"
            if name.endswith("_note") and name != "notes":
                assert name.removesuffix("_note") in spec["fields"], f"{table}.{name}: X_note sits beside X"
            if field["type"] == "date" and f"{name}_precision" in spec["fields"]:
                # A span's end_date shares the date_note of the expression it ends.
                parts = ("_precision", "_iso") if name == "end_date" else ("_precision", "_iso", "_note")
                for part in parts:
                    assert f"{name}{part}" in spec["fields"], f"{table}.{name}: a date group has four columns"


def test_english_prose_columns_end_in_en(metadata):
    """A curator-written English column (not verbatim, not a code, not an id) is *_en or a fixed name."""
    for table in metadata.tables:
        for field in metadata.table_fields(table):
            name = field["name"]
            prose = (field["type"] == "string" and not field.get("verbatim") and "codes" not in field
                     and "pattern" not in field and not field.get("computed"))
            if prose and not name.endswith(("_en", "_note")) and name not in FIXED_ENGLISH:
                # Addresses, names as printed, keys and the exclusions' reasons are not renderings.
                assert name in {"url", "title", "aliases", "name_indonesian", "reason", "reading_key"}, f"{table}.{name}"


def test_codes_are_snake_case_except_standard_ones(metadata):
    standard = {"unit": {"USD", "IDR"}, "weekday": set(metadata.codes["weekday"])}
    for name, codes in metadata.codes.items():
        for code in codes:
            assert SNAKE.fullmatch(code) or code in standard.get(name, set()), (name, code)
