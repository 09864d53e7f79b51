"""Checks for the recipes in examples/ and scripts/plot_timeline.py.

Every recipe's answer is compared with an independent computation from the
published CSVs; nothing here copies a value from the current data, so the
tests keep working while rows are added and changed. The R tests need
Rscript: they fail (never skip) when it is missing; `make r-deps` installs it.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXAMPLES = ROOT / "examples"
R_MISSING = (
    "Rscript not found on PATH: the R recipes need R with readr and jsonlite. "
    "Run `make r-deps` (apt-get install -y --no-install-recommends r-base-core r-cran-readr r-cran-jsonlite)."
)


def load_recipe(name: str):
    """Import examples/<name>.py as a module (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def csv(name: str, data_dir: Path = DATA) -> pd.DataFrame:
    return pd.read_csv(data_dir / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def same(a, b) -> bool:
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    return a == b


def article_text() -> dict[str, str]:
    articles = csv("articles")
    return dict(zip(articles["article_id"], articles["text"]))


def outlet_of_article() -> dict[str, str]:
    articles = csv("articles")
    return dict(zip(articles["article_id"], articles["outlet"]))


def csv_resources() -> list[dict]:
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return [r for r in package["resources"] if r.get("format") == "csv"]


def schema_of(resource: dict) -> dict:
    schema = resource["schema"]
    return json.loads((ROOT / schema).read_text(encoding="utf-8")) if isinstance(schema, str) else schema


def rscript() -> str:
    path = shutil.which("Rscript")
    if path is None:
        pytest.fail(R_MISSING, pytrace=False)
    return path


def run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=300)


# ---- promises side by side -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def side_by_side() -> pd.DataFrame:
    return load_recipe("promises_side_by_side").promises_side_by_side()


def promise_ids() -> set[str]:
    propositions = csv("propositions")
    return set(propositions.loc[propositions["proposition_type"] == "promise", "proposition_id"])


def test_side_by_side_covers_every_promise_and_only_promises(side_by_side):
    assert promise_ids(), "propositions.csv has no promise"
    assert set(side_by_side["proposition_id"]) == promise_ids()


def test_side_by_side_has_one_row_per_claim_stating_each_promise(side_by_side):
    links = csv("claim_propositions")
    links = links[links["relation"].isin(["states", "states_differently"])]
    expected = set(
        links.loc[links["proposition_id"].isin(promise_ids()), ["proposition_id", "claim_id"]].itertuples(
            index=False, name=None
        )
    )
    got = list(side_by_side[["proposition_id", "claim_id"]].itertuples(index=False, name=None))
    assert len(got) == len(set(got)), "a (promise, claim) pair appears twice"
    assert set(got) == expected


def test_side_by_side_every_promise_shows_an_outlet(side_by_side):
    outlets = side_by_side.dropna(subset=["outlet"]).groupby("proposition_id")["outlet"].nunique()
    assert set(outlets.index) == promise_ids()


def test_side_by_side_rows_are_the_claims_as_published(side_by_side):
    claims = csv("claims").set_index("claim_id")
    texts, outlets = article_text(), outlet_of_article()
    for row in side_by_side.itertuples():
        claim = claims.loc[row.claim_id]
        assert row.quote == claim["quote"]
        assert row.statement_en == claim["statement_en"]
        assert row.article_id == claim["article_id"]
        assert row.outlet == outlets[claim["article_id"]]
        assert row.is_independent == ("true" if is_missing(claim["copy_of_claim_id"]) else "false")
        start, end = int(claim["char_start"]), int(claim["char_end"])
        assert row.quote == texts[row.article_id][start:end], f"{row.claim_id}: quote is not its span"


def test_side_by_side_latest_status_is_the_propositions_and_its_evidence(side_by_side):
    """The latest status never goes back to not_yet_rated once an account earned more (guideline, section 8)."""
    statuses = csv("promise_statuses")
    propositions = csv("propositions").set_index("proposition_id")
    order = ["not_yet_rated", "in_the_works"]
    for proposition_id, rows in side_by_side.groupby("proposition_id"):
        first = rows.iloc[0]
        assert first["latest_status"] == propositions.loc[proposition_id, "latest_status"]
        own = statuses[statuses["proposition_id"] == proposition_id]
        earned = [status for status in own["promise_status"] if status in order]
        assert first["latest_status"] == max(earned, key=order.index), proposition_id
        evidence = own[own["is_latest"] == "true"]
        assert set(evidence["promise_status"]) == {first["latest_status"]}
        for outlet in evidence["article_id"].map(outlet_of_article()):
            assert outlet in first["latest_status_evidence"]


def test_promises_wide_has_one_row_per_promise():
    wide = load_recipe("promises_side_by_side").promises_wide()
    assert sorted(wide["proposition_id"]) == sorted(promise_ids())
    outlet_columns = [c for c in wide.columns if c not in ("proposition_id", "promise_en", "latest_status")]
    assert set(outlet_columns) <= set(csv("articles")["outlet"])
    assert wide[outlet_columns].notna().any(axis=1).all(), "a promise shows no outlet"


# ---- numbers Jack Ma gave (DuckDB over Parquet) ---------------------------------------------------------


@pytest.fixture(scope="module")
def numbers() -> pd.DataFrame:
    return load_recipe("numbers_jack_ma_gave").numbers_jack_ma_gave()


def test_numbers_equal_a_pandas_merge_of_the_csvs(numbers):
    quantities = pd.read_csv(DATA / "quantities.csv", keep_default_na=False, na_values=[""],
                             dtype={"value": float, "value_max": float})
    claims = csv("claims")
    jack_ma = claims[claims["speaker_person_id"] == "jack-ma"]
    amounts = quantities[quantities["unit"] != "ordinal"]
    expected = amounts.merge(jack_ma[["claim_id", "quote"]], on="claim_id").merge(
        csv("articles")[["article_id", "outlet"]], on="article_id"
    )
    assert len(numbers) == len(expected)
    assert numbers["quantity_id"].is_unique
    assert set(numbers["quantity_id"]) == set(expected["quantity_id"])
    expected = expected.set_index("quantity_id")
    pairs = {
        "outlet": "outlet", "article_id": "article_id", "claim_id": "claim_id", "quantity_text": "text",
        "value": "value", "value_max": "value_max", "unit": "unit", "per_period": "per_period",
        "qualifier": "qualifier", "counted_en": "counted_en", "claim_quote": "quote",
    }
    for row in numbers.to_dict("records"):
        want = expected.loc[row["quantity_id"]]
        for got_column, want_column in pairs.items():
            assert same(row[got_column], want[want_column]), (row["quantity_id"], got_column)


def test_numbers_are_jack_mas_and_printed_in_the_articles(numbers):
    claims = csv("claims").set_index("claim_id")
    quantities = csv("quantities").set_index("quantity_id")
    texts = article_text()
    for row in numbers.itertuples():
        assert claims.loc[row.claim_id, "speaker_person_id"] == "jack-ma"
        q = quantities.loc[row.quantity_id]
        assert texts[row.article_id][int(q["char_start"]):int(q["char_end"])] == row.quantity_text
        assert row.quantity_text in row.claim_quote


def test_numbers_sql_file_runs_from_the_repository_root():
    import duckdb

    sql = (EXAMPLES / "numbers_jack_ma_gave.sql").read_text(encoding="utf-8")
    with duckdb.connect() as con:
        con.execute(f"SET file_search_path = '{str(ROOT).replace(chr(39), chr(39) * 2)}'")
        rows = con.sql(sql).fetchall()
    assert len(rows) == len(load_recipe("numbers_jack_ma_gave").numbers_jack_ma_gave())


# ---- timeline ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return load_recipe("timeline").timeline()


def test_timeline_lists_every_event_once(timeline):
    assert timeline["event_id"].is_unique
    assert set(timeline["event_id"]) == set(csv("events")["event_id"])


def test_timeline_is_sorted_with_unknown_dates_last(timeline):
    known = timeline["start_date"].notna().tolist()
    assert known == sorted(known, reverse=True), "an event without a start_date comes before a dated one"
    dates = timeline["start_date"].dropna().tolist()
    assert dates == sorted(dates)
    events = csv("events").set_index("event_id")
    for row in timeline.itertuples():
        raw = events.loc[row.event_id, "start_date"]
        assert (is_missing(raw) and is_missing(row.start_date)) or row.start_date.strftime("%Y-%m-%d") == raw
        assert row.status == events.loc[row.event_id, "status"]


def test_timeline_outlets_are_those_whose_claims_report_the_event(timeline):
    outlets = outlet_of_article()
    reporting: dict[str, set[str]] = {}
    claims_of: dict[str, set[str]] = {}
    rows = [(claim[column], claim) for claim in csv("claims").to_dict("records")
            for column in ("reported_event_id", "occasion_event_id")]
    rows += [(time["event_id"], time) for time in csv("time_expressions").to_dict("records")]
    for event_id, row in rows:
        if not is_missing(event_id):
            reporting.setdefault(event_id, set()).add(outlets[row["article_id"]])
            claims_of.setdefault(event_id, set()).add(row["claim_id"])
    for row in timeline.itertuples():
        want = reporting.get(row.event_id, set())
        got = set(row.outlets.split(", ")) if row.outlets else set()
        assert got == want, row.event_id
        assert row.outlet_count == len(want)
        assert row.claim_count == len(claims_of.get(row.event_id, set()))


# ---- discrepancies -------------------------------------------------------------------------------------


def check_discrepancy_rows(table: pd.DataFrame, data_dir: Path) -> None:
    """Every row of the recipe is one link, joined to the right discrepancy, article, claim and target."""
    links = csv("discrepancy_links", data_dir)
    found = csv("discrepancies", data_dir).set_index("discrepancy_id")
    assert len(table) == len(links)
    key = ["discrepancy_id", "target_table", "target_id"]
    assert sorted(table[key].itertuples(index=False, name=None)) == sorted(links[key].itertuples(index=False, name=None))
    counts = table.groupby("discrepancy_id").size()
    for discrepancy_id, n in counts.items():
        assert int(found.loc[discrepancy_id, "link_count"]) == n, discrepancy_id

    outlets = dict(zip(csv("articles", data_dir)["article_id"], csv("articles", data_dir)["outlet"]))
    texts = {
        "claims": dict(zip(csv("claims", data_dir)["claim_id"], csv("claims", data_dir)["quote"])),
        "quantities": dict(zip(csv("quantities", data_dir)["quantity_id"], csv("quantities", data_dir)["text"])),
        "time_expressions": dict(zip(csv("time_expressions", data_dir)["time_expression_id"],
                                     csv("time_expressions", data_dir)["text"])),
        "articles": dict(zip(csv("articles", data_dir)["article_id"], csv("articles", data_dir)["title"])),
    }
    for row in table.itertuples():
        assert row.discrepancy_type == found.loc[row.discrepancy_id, "discrepancy_type"]
        assert row.description_en == found.loc[row.discrepancy_id, "description_en"]
        assert row.outlet == outlets[row.article_id]
        if is_missing(row.claim_id):
            assert is_missing(row.quote)
        else:
            assert row.quote == texts["claims"][row.claim_id]
        assert row.target_text == texts[row.target_table][row.target_id], (row.discrepancy_id, row.target_id)


def test_discrepancies_one_row_per_link():
    table = load_recipe("discrepancies").discrepancies()
    assert {"discrepancy_id", "discrepancy_type", "outlet", "claim_id", "quote", "target_text", "reading_en"} <= set(table.columns)
    check_discrepancy_rows(table, DATA)


def test_discrepancies_cover_every_kind_of_target():
    table = load_recipe("discrepancies").discrepancies()
    assert set(table["target_table"]) == {"claims", "articles", "quantities", "time_expressions"}


# ---- R recipes -----------------------------------------------------------------------------------------


@pytest.mark.client
def test_r_load_and_join_reads_every_table_with_its_schema():
    result = run([rscript(), str(EXAMPLES / "load_and_join.R")])
    assert result.returncode == 0, f"load_and_join.R failed:\n{result.stdout}\n{result.stderr}"
    reported = {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"^(\S+)\s+(\d+) rows,\s+(\d+) columns$", result.stdout, flags=re.M)
    }
    resources = csv_resources()
    assert set(reported) == {r["name"] for r in resources}
    for resource in resources:
        frame = pd.read_csv(ROOT / resource["path"], dtype=str, keep_default_na=False)
        assert reported[resource["name"]] == (len(frame), len(schema_of(resource)["fields"])), resource["name"]
    n_claims = len(csv("claims"))
    assert f"claims joined to articles: {n_claims} of {n_claims} claims found their article" in result.stdout
    assert "OK: every check passed" in result.stdout


@pytest.mark.client
def test_r_load_and_join_fails_with_a_message_on_a_broken_package(tmp_path):
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "data").mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copy(path, tmp_path / "data" / path.name)
    claims = csv("claims")
    claims.loc[0, "article_id"] = "no-such-article"
    claims.to_csv(tmp_path / "data" / "claims.csv", index=False, lineterminator="\n")
    result = run([rscript(), str(EXAMPLES / "load_and_join.R"), str(tmp_path / "datapackage.json")])
    assert result.returncode != 0
    assert "claims have an article_id not in articles" in result.stderr
    assert claims.loc[0, "claim_id"] in result.stderr


@pytest.mark.client
def test_r_promises_by_outlet_counts_claims_per_outlet_per_promise():
    result = run([rscript(), str(EXAMPLES / "promises_by_outlet.R"), "--tsv"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split("\t") == ["proposition_id", "outlet", "claims"]
    got = {(p, o): int(n) for p, o, n in (line.split("\t") for line in lines[1:])}

    links = csv("claim_propositions")
    links = links[links["relation"].isin(["states", "states_differently"])]
    links = links[links["proposition_id"].isin(promise_ids())].merge(csv("claims")[["claim_id", "article_id"]],
                                                                      on="claim_id", suffixes=("_link", ""))
    links["outlet"] = links["article_id"].map(outlet_of_article())
    expected = links.groupby(["proposition_id", "outlet"])["claim_id"].nunique().to_dict()
    assert got == expected

    table = run([rscript(), str(EXAMPLES / "promises_by_outlet.R")])
    assert table.returncode == 0, table.stderr
    for proposition_id in promise_ids():
        assert proposition_id in table.stdout


# ---- timeline plot -------------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.client
def test_plot_timeline_writes_a_deterministic_png(tmp_path):
    first, second = tmp_path / "one" / "timeline.png", tmp_path / "two.png"
    for output in (first, second):
        result = run([sys.executable, str(ROOT / "scripts" / "plot_timeline.py"), "--output", str(output)])
        assert result.returncode == 0, result.stderr
    data = first.read_bytes()
    width, height = png_size(data)
    assert width >= 1000 and height >= 600
    assert data.rstrip().endswith(b"IEND\xaeB`\x82")
    assert b"Software" not in data, "the PNG names the matplotlib version; pass metadata={'Software': None}"
    assert data == second.read_bytes(), "two runs gave different bytes"
    assert data == (ROOT / "docs" / "timeline.png").read_bytes(), "docs/timeline.png is stale: run `make build`"

    import matplotlib.image

    pixels = matplotlib.image.imread(first)
    assert pixels.shape[:2] == (height, width)
    assert pixels.std() > 0.05, "the image is blank"
