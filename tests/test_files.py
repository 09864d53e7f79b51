"""Fast checks of the published files: encoding, layout, descriptor truthfulness."""

import hashlib
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

from published import TABLE_NAMES

R_KNOWN_TYPES = {"string", "integer", "number", "boolean", "date"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ARROW_TYPES = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool", "date": "date32[day]"}


def test_the_canonical_descriptor_lists_csv_only(descriptor):
    """frictionless-r reads every resource path as delimited text; a Parquet resource there crashes R."""
    assert [r["name"] for r in descriptor["resources"]] == TABLE_NAMES
    for resource in descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource"
        assert resource["format"] == "csv" and resource["path"] == f"data/{resource['name']}.csv"
        assert resource["encoding"] == "utf-8"
        assert resource["schema"] == f"schemas/{resource['name']}.json"


def test_the_parquet_descriptor_lists_the_same_tables(descriptor, parquet_descriptor):
    assert [r["name"] for r in parquet_descriptor["resources"]] == TABLE_NAMES
    for resource in parquet_descriptor["resources"]:
        assert resource["format"] == "parquet" and resource["path"] == f"data/{resource['name']}.parquet"
        assert resource["schema"] == f"schemas/{resource['name']}.json"
        assert "bytes" not in resource, "frictionless misreports bytes on Parquet resources"
    assert {k: v for k, v in parquet_descriptor.items() if k not in ("resources", "description")} == {
        k: v for k, v in descriptor.items() if k not in ("resources", "description")
    }


def test_descriptor_metadata(descriptor):
    for key in ("name", "title", "description", "version", "created", "licenses", "sources", "contributors", "keywords"):
        assert descriptor.get(key), key
    assert re.fullmatch(r"\d+\.\d+\.\d+", descriptor["version"])
    assert len(descriptor["sources"]) == 5


@pytest.mark.parametrize("edition", ["csv", "parquet"])
@pytest.mark.parametrize("resource_index", range(len(TABLE_NAMES)))
def test_hash_and_bytes_are_true(root, descriptor, parquet_descriptor, edition, resource_index):
    resource = (descriptor if edition == "csv" else parquet_descriptor)["resources"][resource_index]
    data = (root / resource["path"]).read_bytes()
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    if resource["format"] == "csv":
        assert resource["bytes"] == len(data)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_csv_is_utf8_without_bom_with_lf_endings(root, table):
    data = (root / "data" / f"{table}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    data.decode("utf-8")
    assert data.endswith(b"\n")


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_no_cell_starts_like_a_formula(tables, table):
    frame = tables[table]
    for column in frame.columns:
        for value in frame[column].dropna():
            assert not str(value).startswith(FORMULA_START), (table, column, value)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_field_is_typed_described_and_exemplified(schemas, table):
    for spec in schemas[table]["fields"]:
        assert spec["type"] in R_KNOWN_TYPES, spec["name"]
        assert len(spec.get("description", "")) > 10, spec["name"]
        assert "example" in spec and spec["example"] not in ("", None), spec["name"]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_csv_header_is_the_schema_in_order(root, schemas, table):
    """R's frictionless assigns columns by position, so the order must match."""
    header = (root / "data" / f"{table}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == [f["name"] for f in schemas[table]["fields"]]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_parquet_has_real_types(root, schemas, table):
    arrow = pq.read_schema(root / "data" / f"{table}.parquet")
    assert arrow.names == [f["name"] for f in schemas[table]["fields"]]
    for spec in schemas[table]["fields"]:
        assert str(arrow.field(spec["name"]).type) == ARROW_TYPES[spec["type"]], spec["name"]


def _comparable(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    out = {}
    for spec in schema["fields"]:
        column = frame[spec["name"]]
        if spec["type"] in ("integer", "number"):
            out[spec["name"]] = pd.to_numeric(column).astype("Float64")
        elif spec["type"] == "boolean":
            out[spec["name"]] = column.astype("boolean")
        else:
            out[spec["name"]] = column.map(lambda v: None if pd.isna(v) else str(v)).astype("string")
    return pd.DataFrame(out)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_csv_and_parquet_hold_the_same_table(root, tables, schemas, table):
    parquet = pd.read_parquet(root / "data" / f"{table}.parquet")
    pd.testing.assert_frame_equal(_comparable(tables[table], schemas[table]), _comparable(parquet, schemas[table]))
    assert len(parquet) == len(tables[table])


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_example_occurs_in_its_column(root, schemas, table):
    """A dictionary example that names no real value sends a reader looking for nothing. An example
    ending in "…" is the start of a value; one ending in "(hypothetical)" says it is not a value."""
    frame = pd.read_csv(root / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
    for spec in schemas[table]["fields"]:
        example = spec["example"]
        if isinstance(example, str) and example.endswith("(hypothetical)"):
            continue
        values = set(frame[spec["name"]]) - {""}
        text = str(example).lower() if isinstance(example, bool) else str(example)
        if text.endswith("…"):
            assert any(value.startswith(text[:-1].rstrip()) for value in values), (spec["name"], example)
        else:
            assert text in values, (spec["name"], example)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_no_column_is_empty_in_every_row(root, table):
    """A column empty everywhere is typed float, logical or varchar by readers that guess types."""
    frame = pd.read_csv(root / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
    assert len(frame)
    assert [column for column in frame.columns if (frame[column] == "").all()] == []
