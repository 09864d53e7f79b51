"""Every number Jack Ma gave (DuckDB SQL over the Parquet files).

Runs examples/numbers_jack_ma_gave.sql with DuckDB and returns the result as a
pandas DataFrame: one row per quantity in a claim whose speaker_person_id is
'jack-ma', with outlet, the number as printed (quantity_text), value, unit,
qualifier and the claim's quote.

The SQL names its files relative to the repository root ('data/...'); this
script points DuckDB's file_search_path at the root, so it runs from anywhere:

    .venv/bin/python examples/numbers_jack_ma_gave.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SQL_PATH = Path(__file__).resolve().with_suffix(".sql")


def numbers_jack_ma_gave(root: Path | str = ROOT) -> pd.DataFrame:
    """The query's result; root is the directory that holds data/*.parquet."""
    sql = SQL_PATH.read_text(encoding="utf-8")
    search_path = str(Path(root).resolve()).replace("'", "''")
    with duckdb.connect() as con:
        con.execute(f"SET file_search_path = '{search_path}'")
        return con.sql(sql).df()


def main() -> None:
    table = numbers_jack_ma_gave()
    print(f"{len(table)} numbers in {table['claim_id'].nunique()} claims by Jack Ma, "
          f"in {table['outlet'].nunique()} outlets\n")
    for outlet, rows in table.groupby("outlet", sort=False):
        print(f"== {outlet}")
        for _, claim in rows.groupby("claim_id", sort=False):
            print(f"  {claim['claim_quote'].iloc[0]}")
            for _, row in claim.iterrows():
                value = "(vague)" if pd.isna(row["value"]) else f"{row['value']:,.10g}"
                if pd.notna(row["value_max"]):
                    value += f" to {row['value_max']:,.10g}"
                per = f" per {row['per_period']}" if pd.notna(row["per_period"]) else ""
                print(f"    {row['quantity_text']!r} = {value} {row['unit']}{per}, {row['qualifier']}: {row['counted_en']}")
            print()

if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    main()
