"""Where the sources disagree: each discrepancy with what it involves (pandas).

One row per row of discrepancy_links: the discrepancy (type, description), the
row it points at (target_table, target_id), the outlet of the article involved,
the claim involved with its verbatim quote, the words of the target itself
(target_text: the claim's quote, the quantity's or time expression's text as
printed, or the article's title) and the reading the source gives.

The discrepancies tables may be empty while curation goes on; the recipe then
returns an empty table with the same columns.

Run from anywhere:  .venv/bin/python examples/discrepancies.py
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

COLUMNS = [
    "discrepancy_id",
    "discrepancy_type",
    "description_en",
    "target_table",
    "target_id",
    "article_id",
    "outlet",
    "claim_id",
    "quote",
    "target_text",
    "reading_en",
]


def read_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """A published CSV with every column as text; an empty cell is missing (NaN)."""
    return pd.read_csv(Path(data_dir) / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def discrepancies(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """discrepancy_links joined to discrepancies, articles, claims, quantities and time expressions."""
    links = read_table("discrepancy_links", data_dir)
    found = read_table("discrepancies", data_dir)
    articles = read_table("articles", data_dir)
    claims = read_table("claims", data_dir)
    quantities = read_table("quantities", data_dir)
    times = read_table("time_expressions", data_dir)

    table = (
        links.merge(found[["discrepancy_id", "discrepancy_type", "description_en"]], on="discrepancy_id", how="left",
                    validate="many_to_one")
        .merge(articles[["article_id", "outlet", "title"]], on="article_id", how="left", validate="many_to_one")
        .merge(claims[["claim_id", "quote"]], on="claim_id", how="left", validate="many_to_one")
        .merge(quantities[["quantity_id", "text"]].rename(columns={"text": "quantity_text"}),
               on="quantity_id", how="left", validate="many_to_one")
        .merge(times[["time_expression_id", "text"]].rename(columns={"text": "time_text"}),
               on="time_expression_id", how="left", validate="many_to_one")
    )
    source_of_text = {
        "claims": "quote",
        "quantities": "quantity_text",
        "time_expressions": "time_text",
        "articles": "title",
    }
    table["target_text"] = pd.Series(pd.NA, index=table.index, dtype="object")
    for target_table, column in source_of_text.items():
        rows = table["target_table"] == target_table
        table.loc[rows, "target_text"] = table.loc[rows, column]
    table = table.sort_values(["discrepancy_id", "target_table", "target_id"], kind="mergesort")
    return table[COLUMNS].reset_index(drop=True)


def main() -> None:
    table = discrepancies()
    if table.empty:
        print("No discrepancies recorded yet (data/discrepancy_links.csv has no rows).")
        return
    for discrepancy_id, rows in table.groupby("discrepancy_id", sort=False):
        first = rows.iloc[0]
        print("=" * 100)
        print(f"{discrepancy_id} ({first['discrepancy_type']})")
        print(textwrap.fill(str(first["description_en"]), 100))
        for _, row in rows.iterrows():
            print(f"  [{row['outlet']}] {row['target_table']} {row['target_id']}")
            print(f"      text:    {row['target_text']}")
            print(f"      reading: {row['reading_en']}")
    print("=" * 100)


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    main()
