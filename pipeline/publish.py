"""Write tables as CSV and Parquet and describe them in the two descriptors."""

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import Table

PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}

# The descriptor users open first lists CSV only: frictionless-r reads every
# path as delimited text, and a Parquet resource there crashes R.
DESCRIPTORS = {"csv": "datapackage.json", "parquet": "datapackage-parquet.json"}
PARQUET_NOTE = (
    " This descriptor lists the Parquet copies of the tables (for arrow, DuckDB, Polars, Spark and frictionless-py);"
    " datapackage.json lists the same tables as CSV, readable by every Frictionless client."
)


def sort_rows(table: Table, schema: dict) -> tuple[list[dict], list]:
    """Reading order for tables with spans, key order for the rest, so output never depends on file order."""
    names = {spec["name"] for spec in schema["fields"]}
    key_fields = schema["primaryKey"]

    def key(pair: tuple[dict, str]) -> tuple:
        row = pair[0]
        if "char_start" in names:
            position = (row["article_id"], row["char_start"])
        elif "raw_char_start" in names:
            position = (row["article_id"], row["raw_char_start"])
        else:
            position = ()
        return position + tuple(str(row[f]) for f in key_fields)

    pairs = sorted(zip(table.rows, table.origins), key=key)
    return [row for row, _ in pairs], [origin for _, origin in pairs]


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, rows: list[dict], schema: dict) -> None:
    # Python 3.11's csv module quotes values holding "\n" but not a lone "\r",
    # which would split a row; the curated-input and raw-capture checks
    # refuse carriage returns, and this assertion keeps that promise honest.
    names = [spec["name"] for spec in schema["fields"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(names)
        for row in rows:
            cells = [csv_cell(row[name]) for name in names]
            assert not any("\r" in cell for cell in cells), f"{path.name}: a value holds a carriage return"
            writer.writerow(cells)


def frame(rows: list[dict], schema: dict) -> pd.DataFrame:
    """A DataFrame with pandas nullable dtypes, the form frictionless validates correctly."""
    columns = {}
    for spec in schema["fields"]:
        values = [row[spec["name"]] for row in rows]
        if spec["type"] == "date":
            columns[spec["name"]] = pd.Series(values, dtype="object")
        else:
            columns[spec["name"]] = pd.array(values, dtype=PANDAS_DTYPES[spec["type"]])
    return pd.DataFrame(columns)


def write_parquet(path: Path, rows: list[dict], schema: dict) -> None:
    arrow_schema = pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]]) for f in schema["fields"]])
    table = pa.Table.from_pandas(frame(rows, schema), schema=arrow_schema, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resource_entries(name: str, schema: dict, out: Path, licenses: list[dict] | None) -> tuple[dict, dict]:
    """The table's CSV resource (datapackage.json) and its Parquet resource (datapackage-parquet.json)."""
    common = {
        "name": name,
        "title": schema["title"],
        "description": schema["description"],
        "profile": "tabular-data-resource",
        "type": "table",
        "encoding": "utf-8",
        "schema": f"schemas/{name}.json",
        **({"licenses": licenses} if licenses else {}),
    }
    csv_path, parquet_path = out / "data" / f"{name}.csv", out / "data" / f"{name}.parquet"
    csv_resource = {
        **common,
        "path": f"data/{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "header": True},
        "bytes": csv_path.stat().st_size,
        "hash": f"sha256:{file_sha256(csv_path)}",
    }
    # No "bytes" here: frictionless-py reports a false byte-count error on Parquet.
    parquet_resource = {
        **common,
        "path": f"data/{name}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "hash": f"sha256:{file_sha256(parquet_path)}",
    }
    return csv_resource, parquet_resource


def write_descriptors(out: Path, metadata: dict, resources: dict[str, list[dict]]) -> None:
    for edition, filename in DESCRIPTORS.items():
        descriptor = {**metadata, "resources": resources[edition]}
        if edition == "parquet":
            descriptor["description"] = metadata["description"] + PARQUET_NOTE
        (out / filename).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
