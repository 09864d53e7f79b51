"""The tables agree with their schemas, with each other and with the texts."""

import hashlib
import unicodedata

import pandas as pd
import pytest

from pipeline.schema import TABLE_NAMES

# SHA-256 of the five captures as they were received; the raw
# copies must never drift from them.
SEED_SHA256 = {
    "republika": "1fdd83b127e93664e32d2201d18d20dc6646bcb0fc63aa88d2eea0281edff660",
    "antara": "f7c98b938a79e3597008ceffbc3be6d841f273bddb5bece81f74e1c6c436c8c3",
    "tempo": "399a61b27863c4b725f817f0a8c77663f4c00bfe71fd7c967a4672fcf7514eb9",
    "idntimes": "7d6d9c91ef45a2a402f7de790c39fb441c24a64551a8cfa7fad2c8829fea301c",
    "liputan6": "e7ea3bd4ef1c25e00ced4d1032e20cdbbf6833f0160a141c4fa0786a1fc5cb2a",
}

# Every table whose rows quote the body: (verbatim column, start, end).
BODY_SPANS = {
    "claims": "quote",
    "quantities": "text",
    "time_expressions": "text",
    "mentions": "surface",
    "exclusions": "text",
}


def _as_list(value):
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_primary_keys_are_unique_and_present(tables, schemas, table):
    key = schemas[table]["primaryKey"]
    frame = tables[table]
    assert not frame[key].isna().any().any()
    assert not frame.duplicated(subset=key).any()


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_foreign_keys_resolve(tables, schemas, table):
    for fk in schemas[table].get("foreignKeys", []):
        fields, ref = _as_list(fk["fields"]), fk["reference"]
        known = set(map(tuple, tables[ref["resource"]][_as_list(ref["fields"])].astype(str).values))
        rows = tables[table][fields].dropna()
        missing = [tuple(r) for r in rows.astype(str).values if tuple(r) not in known]
        assert not missing, (table, fields, missing[:5])


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_constraints_hold(tables, schemas, table):
    for spec in schemas[table]["fields"]:
        column = tables[table][spec["name"]]
        constraints = spec.get("constraints", {})
        if constraints.get("required"):
            assert not column.isna().any(), spec["name"]
        values = column.dropna()
        if "enum" in constraints:
            assert set(values) <= set(constraints["enum"]), (spec["name"], set(values) - set(constraints["enum"]))
        if "pattern" in constraints:
            assert values.astype(str).str.fullmatch(constraints["pattern"]).all(), spec["name"]
        if constraints.get("unique"):
            assert values.is_unique, spec["name"]


def test_raw_captures_are_the_seeds_byte_for_byte(root, tables):
    for row in tables["articles"].itertuples():
        digest = hashlib.sha256((root / row.raw_path).read_bytes()).hexdigest()
        assert digest == row.raw_sha256 == SEED_SHA256[row.article_id]


def test_text_sha256_is_true(tables):
    for row in tables["articles"].itertuples():
        assert hashlib.sha256(row.text.encode("utf-8")).hexdigest() == row.text_sha256


@pytest.mark.parametrize("table", sorted(BODY_SPANS))
def test_every_body_span_matches_its_verbatim_column(tables, texts, table):
    column = BODY_SPANS[table]
    frame = tables[table]
    assert len(frame) > 0
    for row in frame.itertuples():
        text = texts[row.article_id]
        assert text[int(row.char_start) : int(row.char_end)] == getattr(row, column), row[1]


def test_credit_and_furniture_spans_match_the_raw_captures(tables, raws):
    for row in tables["credits"].itertuples():
        assert raws[row.article_id][row.raw_char_start : row.raw_char_end] == row.name_as_printed
        assert row.name_as_printed in row.printed_line
        assert row.printed_line in raws[row.article_id]
    for row in tables["page_furniture"].itertuples():
        assert raws[row.article_id][row.raw_char_start : row.raw_char_end] == row.text


def test_quantities_and_times_lie_inside_their_claims(tables):
    claims = tables["claims"].set_index("claim_id")
    for table in ("quantities", "time_expressions"):
        for row in tables[table].itertuples():
            claim = claims.loc[row.claim_id]
            assert claim.article_id == row.article_id
            assert claim.char_start <= row.char_start < row.char_end <= claim.char_end, row[1]


def test_claims_never_overlap(tables):
    for _, group in tables["claims"].sort_values("char_start").groupby("article_id"):
        starts, ends = group["char_start"].tolist(), group["char_end"].tolist()
        assert all(end <= start for end, start in zip(ends, starts[1:]))


def test_speakers_follow_attribution(tables):
    claims = tables["claims"]
    speaker = claims["speaker_person_id"].notna() | claims["speaker_organization_id"].notna()
    narration = claims["attribution"] == "narration"
    assert not (narration & speaker).any()
    assert speaker[~narration].all()
    assert not (claims["speaker_person_id"].notna() & claims["speaker_organization_id"].notna()).any()


def test_one_entity_per_mention_and_participant(tables):
    mentions = tables["mentions"][["person_id", "organization_id", "place_id"]].notna().sum(axis=1)
    assert (mentions == 1).all()
    participants = tables["event_participants"]
    filled = participants[["person_id", "organization_id"]].notna().sum(axis=1)
    assert (filled == 1).all()
    assert (participants["participant_id"] == participants["person_id"].fillna(participants["organization_id"])).all()


def test_dates_sit_at_the_start_of_their_period(tables):
    pairs = [
        ("articles", "published_date"), ("events", "start_date"), ("events", "end_date"),
        ("claims", "said_date"), ("promise_statuses", "as_of_date"), ("time_expressions", "date"),
        ("time_expressions", "end_date"),
    ]
    for table, column in pairs:
        precision_column = "date_precision" if column == "date" else f"{column}_precision"
        frame = tables[table][[column, precision_column]]
        assert (frame[column].isna() == frame[precision_column].isna()).all(), (table, column)
        for value, precision in frame.dropna().itertuples(index=False):
            date = pd.Timestamp(value)
            if precision == "month":
                assert date.day == 1, (table, column, value)
            if precision == "year":
                assert (date.month, date.day) == (1, 1), (table, column, value)


def test_unknown_dates_say_why(tables):
    for table, prefix in (("articles", "published"), ("events", "start")):
        frame = tables[table]
        assert frame.loc[frame[f"{prefix}_date"].isna(), f"{prefix}_date_note"].notna().all(), table


def test_printed_weekdays_are_checked_against_their_dates(tables):
    times = tables["time_expressions"].dropna(subset=["weekday_printed", "weekday_of_date"])
    names = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    for row in times.itertuples():
        assert row.weekday_of_date == names[pd.Timestamp(row.date).weekday()]
        assert row.weekday_matches == (row.weekday_printed == row.weekday_of_date)


def test_every_weekday_mismatch_is_a_discrepancy(tables):
    mismatches = set(tables["time_expressions"].query("weekday_matches == False")["time_expression_id"])
    assert mismatches, "the Liputan6 'Sabtu (14/10/2018)' mismatch must be found"
    links = tables["discrepancy_links"].merge(tables["discrepancies"], on="discrepancy_id")
    flagged = set(links.query("kind == 'weekday'")["time_expression_id"].dropna())
    assert mismatches <= flagged


def test_texts_are_nfc(texts):
    for article_id, text in texts.items():
        assert unicodedata.is_normalized("NFC", text), article_id


def test_derived_counts_are_true(tables):
    links = tables["claim_propositions"]
    props = tables["propositions"].set_index("proposition_id")
    counts = links.groupby("proposition_id").agg(claims=("claim_id", "size"), articles=("article_id", "nunique"))
    assert (counts["claims"] == props.loc[counts.index, "claim_count"]).all()
    assert (counts["articles"] == props.loc[counts.index, "article_count"]).all()
    link_counts = tables["discrepancy_links"].groupby("discrepancy_id").size()
    assert (link_counts == tables["discrepancies"].set_index("discrepancy_id").loc[link_counts.index, "link_count"]).all()


def test_copies_point_at_another_article_and_are_recorded_as_copied_text(tables):
    claims = tables["claims"].set_index("claim_id")
    copies = claims.dropna(subset=["copy_of_claim_id"])
    assert len(copies) >= 6, "IDN Times repeats six of Antara's paragraphs"
    links = tables["discrepancy_links"].merge(tables["discrepancies"], on="discrepancy_id").query("kind == 'copied_text'")
    for claim_id, row in copies.iterrows():
        original = claims.loc[row.copy_of_claim_id]
        assert original.article_id != row.article_id
        shared = set(links.query("claim_id == @claim_id")["discrepancy_id"]) & set(
            links.query("claim_id == @row.copy_of_claim_id")["discrepancy_id"]
        )
        assert shared, (claim_id, row.copy_of_claim_id)


def test_earliest_dates_bound_the_published_dates(tables):
    articles = tables["articles"]
    dated = articles.dropna(subset=["published_date"])
    assert (dated["earliest_date"] <= dated["published_date"]).all()


def test_entity_reference_counts_are_true(tables):
    for table, column in (("people", "person_id"), ("organizations", "organization_id"), ("places", "place_id")):
        mentions = tables["mentions"][column].value_counts()
        for row in tables[table].itertuples():
            assert row.mention_count == mentions.get(getattr(row, column), 0), getattr(row, column)
        if table != "places":
            credits = tables["credits"][column].value_counts()
            for row in tables[table].itertuples():
                assert row.credit_count == credits.get(getattr(row, column), 0), getattr(row, column)
