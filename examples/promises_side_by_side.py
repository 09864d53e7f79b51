"""Jack Ma's promises, every outlet's wording side by side (pandas).

For each proposition of type "promise", one row per claim that states it
(claim_propositions with relation states or states_differently), with the
outlet that printed the claim, whether the claim is the outlet's own words
or a copy of another article's, how it states the promise, the claim's
verbatim quote and its English rendering, plus the latest status the press
reports for the promise (propositions.latest_status: the rule is in the
guideline, section 8) and the outlets whose accounts earn it
(promise_statuses rows with is_latest).

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
    "relation",
    "is_independent",
    "quote",
    "statement_en",
    "latest_status",
    "latest_status_evidence",
]


def read_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """A published CSV with every column as text; an empty cell is missing (NaN)."""
    return pd.read_csv(Path(data_dir) / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def latest_statuses(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """One row per promise: its latest reported status and the outlets (with dates) whose accounts earn it."""
    propositions = read_table("propositions", data_dir)
    statuses = read_table("promise_statuses", data_dir).query("is_latest == 'true'")
    articles = read_table("articles", data_dir)[["article_id", "outlet"]]
    evidence = statuses.merge(articles, on="article_id").sort_values(["proposition_id", "outlet"])
    evidence["account"] = evidence["outlet"] + " (as of " + evidence["as_of_date_iso"] + ")"
    evidence = evidence.groupby("proposition_id")["account"].apply(", ".join).rename("latest_status_evidence")
    promises = propositions.query("proposition_type == 'promise'")[["proposition_id", "latest_status"]]
    return promises.merge(evidence, on="proposition_id", how="left").reset_index(drop=True)


def promises_side_by_side(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Every promise, one row per claim stating it, with outlet, quote, statement_en and latest status."""
    propositions = read_table("propositions", data_dir)
    links = read_table("claim_propositions", data_dir)
    claims = read_table("claims", data_dir)
    articles = read_table("articles", data_dir)

    promises = propositions.loc[propositions["proposition_type"] == "promise", ["proposition_id", "statement_en"]]
    promises = promises.rename(columns={"statement_en": "promise_en"})

    stating = links[links["relation"].isin(["states", "states_differently"])]
    table = (
        promises.merge(stating[["proposition_id", "claim_id", "relation", "is_independent"]], on="proposition_id",
                       how="left", validate="one_to_many")
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
        print("=" * 100)
        print(f"{proposition_id}: {first['promise_en']}")
        print(f"latest status the press reports: {first['latest_status']}, earned by {first['latest_status_evidence']}")
        outlets = sorted(rows["outlet"].dropna().unique())
        print(f"{len(rows)} claims in {len(outlets)} outlets: {', '.join(outlets)}")
        for _, row in rows.iterrows():
            copied = "" if row["is_independent"] == "true" else ", a copy"
            print(f"\n  [{row['outlet']}] {row['claim_id']} ({row['relation']}{copied})")
            print(_wrap(row["quote"], "    id: "))
            print(_wrap(row["statement_en"], "    en: "))
    print("=" * 100)


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.stdout.reconfigure(encoding="utf-8")
    main()
