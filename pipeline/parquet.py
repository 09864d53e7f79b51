"""Write a table as Parquet, with the pandas metadata that gives pandas users nullable integer and boolean columns.

Kept apart from pipeline.publish because importing pandas takes half a
second: the build imports this module only once frictionless is already
validating the CSV edition in another process.
"""

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}


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
