"""Write tables as CSV and describe them, and their Parquet copies, in the two descriptors."""

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

from pipeline.schema import Table

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


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _common(name: str, schema: dict, licenses: list[dict] | None) -> dict:
    return {
        "name": name,
        "title": schema["title"],
        "description": schema["description"],
        "profile": "tabular-data-resource",
        "type": "table",
        "encoding": "utf-8",
        "schema": f"schemas/{name}.json",
        **({"licenses": licenses} if licenses else {}),
    }


def csv_resource(name: str, schema: dict, out: Path, licenses: list[dict] | None) -> dict:
    """The table's resource in datapackage.json."""
    path = out / "data" / f"{name}.csv"
    return {
        **_common(name, schema, licenses),
        "path": f"data/{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "header": True},
        "bytes": path.stat().st_size,
        "hash": f"sha256:{file_sha256(path)}",
    }


def parquet_resource(name: str, schema: dict, out: Path, licenses: list[dict] | None) -> dict:
    """The table's resource in datapackage-parquet.json."""
    # No "bytes" here: frictionless-py reports a false byte-count error on Parquet.
    return {
        **_common(name, schema, licenses),
        "path": f"data/{name}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "hash": f"sha256:{file_sha256(out / 'data' / f'{name}.parquet')}",
    }


def write_descriptor(out: Path, edition: str, metadata: dict, resources: list[dict]) -> None:
    descriptor = {**metadata, "resources": resources}
    if edition == "parquet":
        descriptor["description"] = metadata["description"] + PARQUET_NOTE
    write_json(out / DESCRIPTORS[edition], descriptor)


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
