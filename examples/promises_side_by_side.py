"""Jack Ma's promises, every outlet's wording side by side (pandas).

For each proposition of type "promise", one row per claim that states it
(claim_propositions), with the outlet that printed the claim, the claim's
verbatim quote and its English rendering, plus the promise's latest status
from promise_statuses.

Which status is "latest": the status row with the latest known as_of_date.
Rows whose as_of_date is unknown cannot be placed in time, so they count as
older than any dated row and are used only when no dated row exists. Rows on
the same date are ordered by article_id, then claim_id (the last one wins),
so the choice never depends on file order.

Run from anywhere:  .venv/bin/python examples/promises_side_by_side.py
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

COLUMNS = [
    "proposition_id",
    "promise_en",
    "outlet",
    "article_id",
    "claim_id",
    "quote",
    "statement_en",
    "latest_status",
    "latest_status_as_of",
    "latest_status_article_id",
]


def read_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """A published CSV with every column as text; an empty cell is missing (NaN)."""
    return pd.read_csv(Path(data_dir) / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def latest_statuses(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """One row per promise that has a status: its latest status (rule in the module docstring)."""
    statuses = read_table("promise_statuses", data_dir)
    statuses["as_of"] = pd.to_datetime(statuses["as_of_date"], format="%Y-%m-%d")
    ordered = statuses.sort_values(
        ["proposition_id", "as_of", "article_id", "claim_id"], na_position="first", kind="mergesort"
    )
    latest = ordered.groupby("proposition_id", sort=True).tail(1)
    return latest.rename(
        columns={
            "promise_status": "latest_status",
            "as_of_date": "latest_status_as_of",
            "article_id": "latest_status_article_id",
        }
    )[["proposition_id", "latest_status", "latest_status_as_of", "latest_status_article_id"]].reset_index(drop=True)


def promises_side_by_side(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Every promise, one row per claim stating it, with outlet, quote, statement_en and latest status."""
    propositions = read_table("propositions", data_dir)
    links = read_table("claim_propositions", data_dir)
    claims = read_table("claims", data_dir)
    articles = read_table("articles", data_dir)

    promises = propositions.loc[propositions["proposition_type"] == "promise", ["proposition_id", "statement_en"]]
    promises = promises.rename(columns={"statement_en": "promise_en"})

    table = (
        promises.merge(links[["proposition_id", "claim_id"]], on="proposition_id", how="left", validate="one_to_many")
        .merge(
            claims[["claim_id", "article_id", "quote", "statement_en", "char_start"]],
            on="claim_id",
            how="left",
            validate="many_to_one",
        )
        .merge(articles[["article_id", "outlet"]], on="article_id", how="left", validate="many_to_one")
        .merge(latest_statuses(data_dir), on="proposition_id", how="left", validate="many_to_one")
    )
    table["char_start"] = pd.to_numeric(table["char_start"])
    table = table.sort_values(["proposition_id", "outlet", "article_id", "char_start", "claim_id"], kind="mergesort")
    return table[COLUMNS].reset_index(drop=True)


def promises_wide(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """One row per promise, one column per outlet holding that outlet's quotes (joined by ' || ')."""
    long = promises_side_by_side(data_dir)
    wide = long.dropna(subset=["outlet"]).pivot_table(
        index="proposition_id", columns="outlet", values="quote", aggfunc=" || ".join
    )
    status = long.drop_duplicates("proposition_id").set_index("proposition_id")[["promise_en", "latest_status"]]
    return status.join(wide).reset_index()


def _wrap(text: object, indent: str, width: int = 100) -> str:
    if pd.isna(text):
        return indent + "(none)"
    return textwrap.fill(str(text), width=width, initial_indent=indent, subsequent_indent=" " * len(indent))


def main() -> None:
    table = promises_side_by_side()
    for proposition_id, rows in table.groupby("proposition_id", sort=False):
        first = rows.iloc[0]
        when = first["latest_status_as_of"] if pd.notna(first["latest_status_as_of"]) else "date unknown"
        print("=" * 100)
        print(f"{proposition_id}: {first['promise_en']}")
        print(f"latest status: {first['latest_status']} (as of {when}, {first['latest_status_article_id']})")
        outlets = sorted(rows["outlet"].dropna().unique())
        print(f"{len(rows)} claims in {len(outlets)} outlets: {', '.join(outlets)}")
        for _, row in rows.iterrows():
            print(f"\n  [{row['outlet']}] {row['claim_id']}")
            print(_wrap(row["quote"], "    id: "))
            print(_wrap(row["statement_en"], "    en: "))
    print("=" * 100)


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.stdout.reconfigure(encoding="utf-8")
    main()
