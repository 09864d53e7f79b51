"""A timeline of the events the articles report (pandas).

Events ordered by start_date (events whose start_date is unknown come last;
ties are ordered by event_id), with their status and the outlets whose
claims report them: a claim reports an event when the event is its
reported_event_id (what the claim is about) or its occasion_event_id (where
the statement was made), or when one of its time expressions dates the event
(time_expressions.event_id: Liputan6's "baru saja" dates Jack Ma's
retirement announcement).

start_date is the first day of a period whose length start_date_precision
gives (day, month or year): 2018-01-01 with precision year means "in 2018",
which start_date_iso prints as "2018".

Run from anywhere:  .venv/bin/python examples/timeline.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

COLUMNS = [
    "event_id",
    "name",
    "event_type",
    "status",
    "start_date",
    "start_date_precision",
    "start_date_iso",
    "place",
    "outlets",
    "outlet_count",
    "claim_count",
]


def read_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """A published CSV with every column as text; an empty cell is missing (NaN)."""
    return pd.read_csv(Path(data_dir) / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def claims_by_event(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """(event_id, claim_id, outlet) for every claim that reports, was made at or dates an event, without repeats."""
    claims = read_table("claims", data_dir)
    articles = read_table("articles", data_dir)
    times = read_table("time_expressions", data_dir)
    pairs = pd.concat(
        [
            claims[["reported_event_id", "claim_id", "article_id"]].rename(columns={"reported_event_id": "event_id"}),
            claims[["occasion_event_id", "claim_id", "article_id"]].rename(columns={"occasion_event_id": "event_id"}),
            times[["event_id", "claim_id", "article_id"]],
        ],
        ignore_index=True,
    )
    pairs = pairs.dropna(subset=["event_id"]).drop_duplicates(["event_id", "claim_id"])
    return pairs.merge(articles[["article_id", "outlet"]], on="article_id", how="left", validate="many_to_one")


def timeline(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Every event, ordered by start_date (unknown last), with status and reporting outlets."""
    events = read_table("events", data_dir)
    events["start_date"] = pd.to_datetime(events["start_date"], format="%Y-%m-%d")

    pairs = claims_by_event(data_dir)
    per_event = pairs.groupby("event_id").agg(
        outlets=("outlet", lambda s: ", ".join(sorted(set(s.dropna())))),
        outlet_count=("outlet", "nunique"),
        claim_count=("claim_id", "nunique"),
    )
    table = events.merge(per_event, left_on="event_id", right_index=True, how="left", validate="one_to_one")
    table["outlets"] = table["outlets"].fillna("")
    for column in ("outlet_count", "claim_count"):
        table[column] = table[column].fillna(0).astype(int)
    table = table.sort_values(["start_date", "event_id"], na_position="last", kind="mergesort")
    return table[COLUMNS].reset_index(drop=True)


def main() -> None:
    table = timeline()
    for _, row in table.iterrows():
        when = row["start_date_iso"] if pd.notna(row["start_date_iso"]) else "unknown"
        outlets = row["outlets"] or "(no claim points at it)"
        print(f"{when:>10}  {row['status']:<9}  {row['name']}")
        print(f"{'':>10}  {'':<9}  reported by: {outlets}")


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    main()
