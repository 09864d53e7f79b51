"""The comparison of sources: every pair of readings compared, and every difference accounted for."""

from itertools import combinations

import pytest

from pipeline.build import prepare
from pipeline.comparisons import build_comparisons
from pipeline.errors import CurationError


@pytest.fixture(scope="module")
def prepared(root):
    _, curated, tables = prepare(root)
    return curated, tables


def test_every_pair_of_readings_of_a_point_is_compared_once(tables):
    readings, comparisons = tables["comparison_readings"], tables["comparisons"]
    compared = {frozenset(pair) for pair in zip(comparisons.reading_id_a, comparisons.reading_id_b)}
    assert len(compared) == len(comparisons)
    expected = set()
    for _, group in readings.groupby(["subject_id", "dimension"]):
        expected |= {frozenset(pair) for pair in combinations(group.reading_id, 2)}
    assert compared == expected


def test_verdict_is_whether_the_reading_keys_are_equal(tables):
    keys = tables["comparison_readings"].set_index("reading_id").reading_key
    comparisons = tables["comparisons"]
    same = keys[comparisons.reading_id_a].to_numpy() == keys[comparisons.reading_id_b].to_numpy()
    assert list(comparisons.verdict) == ["same" if equal else "different" for equal in same]


def test_every_difference_is_a_discrepancy_or_has_a_reason(tables):
    comparisons = tables["comparisons"]
    different = comparisons[comparisons.verdict == "different"]
    assert (different.discrepancy_id.notna() ^ different.verdict_note.notna()).all()
    agreeing = comparisons[comparisons.verdict == "same"]
    assert agreeing.discrepancy_id.isna().all() and agreeing.verdict_note.isna().all()


def test_a_comparisons_discrepancy_links_both_readings(tables):
    links = tables["discrepancy_links"]
    by_claim = links.dropna(subset=["claim_id"]).groupby("claim_id").discrepancy_id.agg(set)
    by_article = links[links.target_table == "articles"].groupby("article_id").discrepancy_id.agg(set)
    readings = tables["comparison_readings"].set_index("reading_id")

    def linked(reading_id):
        reading = readings.loc[reading_id]
        if isinstance(reading.claim_id, str):
            return by_claim.get(reading.claim_id, set())
        return by_article.get(reading.article_id, set())

    found = tables["comparisons"].dropna(subset=["discrepancy_id"])
    assert len(found) > 100
    for row in found.itertuples():
        assert row.discrepancy_id in linked(row.reading_id_a) & linked(row.reading_id_b), row.comparison_id


def test_a_headline_against_its_own_body_gets_the_narrower_discrepancy(tables):
    """Republika's headline says experts and its body leaders; Tempo says experts against the others' leaders."""
    readings = tables["comparison_readings"].set_index("reading_id")
    rows = tables["comparisons"].dropna(subset=["discrepancy_id"]).query("dimension == 'for_whom'")
    pairs = {
        (readings.furniture_id.get(a) or readings.claim_id.get(a), readings.claim_id.get(b)): d
        for a, b, d in zip(rows.reading_id_a, rows.reading_id_b, rows.discrepancy_id)
    }
    headline = "republika-pgj1w4370-line-2"
    assert pairs[(headline, "republika-about-1000-tech-leaders-trained-each-year")] == "republika-headline-experts-body-leaders"
    assert pairs[(headline, "antara-jack-ma-targets-1000-tech-leaders-a-year")] == "trainees-experts-or-leaders"


def test_every_proposition_and_event_with_two_sources_is_compared(tables):
    """A subject stated by two articles or more must have readings (single-source subjects may have none)."""
    links = tables["claim_propositions"]
    stated = links.groupby("proposition_id").article_id.nunique()
    compared = set(tables["comparison_readings"].subject_id)
    assert {p for p, count in stated.items() if count > 1} <= compared


def _dimension(curated, subject_id, name):
    subject = next(s for s in curated["comparisons"] if s["subject_id"] == subject_id)
    return next(d for d in subject["dimensions"] if d["dimension"] == name)


def test_a_difference_without_an_entry_stops_the_build(prepared):
    curated, tables = prepared
    dimension = _dimension(curated, "train-1000-technology-leaders-a-year", "how_many")
    saved = dimension["disagreements"]
    dimension["disagreements"] = []
    try:
        with pytest.raises(CurationError, match="differ; list the pair under disagreements"):
            build_comparisons(curated, tables)
    finally:
        dimension["disagreements"] = saved


def test_a_named_discrepancy_must_link_both_readings(prepared):
    """A discrepancy that happens to exist is not enough: it has to be about these two readings."""
    curated, tables = prepared
    entry = _dimension(curated, "train-1000-technology-leaders-a-year", "how_many")["disagreements"][0]
    saved = entry["discrepancy_ids"]
    entry["discrepancy_ids"] = ["tempo-double-negative"]  # a real discrepancy, about another passage
    try:
        with pytest.raises(CurationError, match="links both"):
            build_comparisons(curated, tables)
    finally:
        entry["discrepancy_ids"] = saved
