"""Datasette on the SQLite edition: start `python -m pipeline.serve` on a free local port, ask each canned
query through the JSON API, and compare its rows with what pandas computes from the published CSVs.
"""

import json
import math
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from datasette.utils import tilde_encode

from pipeline import serve
from pipeline.queries import QUERIES

pytestmark = pytest.mark.client

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((serve.HOST, 0))
        return probe.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    return tmp_path_factory.mktemp("dist")


@pytest.fixture(scope="module")
def server(root, descriptor, dist):
    """The base URL of the database in a Datasette started by pipeline.serve; stopped whatever happens."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.serve", "--root", str(root), "--dist", str(dist), "--port", str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://{serve.HOST}:{port}"
    database = tilde_encode(f"{descriptor['name']}-{descriptor['version']}")
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"pipeline.serve exited with {process.returncode}:\n{process.stdout.read()}")
            try:
                get_json(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not answer on {base} within {STARTUP_SECONDS} s")
                time.sleep(0.1)
        yield f"{base}/{database}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def query(server: str, name: str, **params) -> list[dict]:
    return get_json(f"{server}/{name}.json?{urlencode({**params, '_shape': 'array'})}")


def plain(value):
    """A pandas cell as Datasette's JSON gives it: booleans as SQLite's 0/1, missing as None."""
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return int(value) if isinstance(value, bool) else value


def records(frame, columns: list[str]) -> list[dict]:
    return [{column: plain(row[column]) for column in columns} for _, row in frame.iterrows()]


def test_the_command_binds_datasette_to_this_machine_only(tmp_path):
    command = serve.datasette_command(tmp_path / "x.sqlite", tmp_path / "x.json", 8001)
    assert command[command.index("--host") + 1] == "127.0.0.1"


def test_the_sqlite_edition_is_rebuilt_when_missing_or_stale(server, root, descriptor, dist):
    database = serve.sqlite_path(dist, descriptor)
    assert database.exists()
    assert not serve.is_stale(root, dist, descriptor)
    stamp = database.stat()
    try:
        os.utime(database, (0, 0))
        assert serve.is_stale(root, dist, descriptor)
    finally:
        os.utime(database, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


def test_metadata_describes_every_table_and_holds_the_canned_queries(server, descriptor, schemas):
    metadata = get_json(f"{server.rsplit('/', 1)[0]}/-/metadata.json")
    assert metadata["license"] and metadata["source"]
    database = next(iter(metadata["databases"].values()))
    assert set(database["queries"]) == set(QUERIES)
    for name, schema in schemas.items():
        columns = database["tables"][name]["columns"]
        assert columns == {field["name"]: field["description"] for field in schema["fields"]}


def test_each_outlets_wording_of_a_promise(server, tables):
    columns = ["outlet", "article_id", "claim_id", "relation", "is_independent", "copy_of_claim_id"]
    columns += ["discrepancy_id", "attribution", "quote", "statement_en"]
    links = tables["claim_propositions"].merge(
        tables["claims"][["claim_id", "copy_of_claim_id", "attribution", "quote", "statement_en", "char_start"]],
        on="claim_id",
    ).merge(tables["articles"][["article_id", "outlet", "earliest_date"]], on="article_id")
    for proposition_id in tables["propositions"].query("proposition_type == 'promise'").proposition_id:
        expected = links.query("proposition_id == @proposition_id").sort_values(
            ["earliest_date", "outlet", "char_start", "claim_id"]
        )
        assert query(server, "promise_wordings", proposition_id=proposition_id) == records(expected, columns)
        assert len(expected), proposition_id


def test_the_dates_each_outlet_gives_for_the_nusa_dua_meeting_and_press_conference(server, tables):
    places = tables["places"]
    inside = {"nusa-dua"}
    while True:
        more = set(places[places.parent_place_id.isin(inside)].place_id) - inside
        if not more:
            break
        inside |= more
    events = tables["events"].query("event_type in ['meeting', 'press_conference'] and place_id in @inside")
    expected = (
        tables["time_expressions"]
        .merge(events[["event_id", "name"]], on="event_id")
        .merge(tables["articles"][["article_id", "outlet", "earliest_date"]], on="article_id")
        .rename(columns={"name": "event"})
        .sort_values(["event_id", "earliest_date", "outlet", "char_start", "time_expression_id"])
    )
    columns = ["event_id", "event", "outlet", "article_id", "text", "date_iso", "date_precision"]
    columns += ["weekday_printed", "weekday_of_date", "is_weekday_correct", "claim_id", "time_expression_id"]
    rows = query(server, "nusa_dua_meeting_dates")
    assert rows == records(expected, columns)
    # The disagreement the query is for: not every outlet gives the same day.
    assert len({row["date_iso"] for row in rows if row["event_id"].startswith("press-conference")}) > 1


def test_every_number_jack_ma_gave(server, tables):
    claims = tables["claims"][["claim_id", "speaker_person_id"]]
    expected = (
        tables["quantities"]
        .merge(claims, on="claim_id")
        .merge(tables["articles"][["article_id", "outlet", "earliest_date"]], on="article_id")
        .query("speaker_person_id == 'jack-ma' and unit != 'ordinal'")
        .sort_values(["earliest_date", "outlet", "char_start", "quantity_id"])
    )
    columns = ["outlet", "article_id", "claim_id", "quantity_id", "text", "value", "value_max", "unit"]
    columns += ["per_period", "qualifier", "counted_en"]
    rows = query(server, "jack_ma_numbers")
    assert rows == records(expected, columns)
    assert rows and all(row["unit"] != "ordinal" for row in rows)


def test_the_discrepancies_by_type(server, tables):
    frame = tables["discrepancies"].copy()
    frame["type_count"] = frame.groupby("discrepancy_type").discrepancy_id.transform("count")
    expected = frame.sort_values(["type_count", "discrepancy_type", "discrepancy_id"], ascending=[False, True, True])
    columns = ["discrepancy_type", "type_count", "discrepancy_id", "description_en", "link_count"]
    assert query(server, "discrepancies_by_type") == records(expected, columns)
