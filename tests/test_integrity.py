"""The tables agree with their schemas, with each other and with the texts."""

import hashlib
import unicodedata

import pandas as pd
import pytest


# Every table whose rows quote the body: (verbatim column, start, end).
BODY_SPANS = {
    "claims": "quote",
    "quantities": "text",
    "time_expressions": "text",
    "mentions": "surface",
    "exclusions": "text",
}


def test_raw_captures_are_the_pinned_bytes(root, tables):
    """articles.raw_sha256 is pinned in each article.yaml when the capture is added; the file must still match."""
    for row in tables["articles"].itertuples():
        assert hashlib.sha256((root / row.raw_path).read_bytes()).hexdigest() == row.raw_sha256


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


def date_columns(tables):
    """Every (table, date column) pair of the package: a date column has a _precision column beside it."""
    return [
        (name, column)
        for name, frame in tables.items()
        for column in frame.columns
        if f"{column}_precision" in frame.columns
    ]


def test_dates_sit_at_the_start_of_their_period_and_their_iso_form_is_exact(tables):
    pairs = date_columns(tables)
    assert len(pairs) >= 6
    lengths = {"day": 10, "month": 7, "year": 4}
    for table, column in pairs:
        frame = tables[table][[column, f"{column}_precision", f"{column}_iso"]]
        assert (frame[column].isna() == frame[f"{column}_precision"].isna()).all(), (table, column)
        assert (frame[column].isna() == frame[f"{column}_iso"].isna()).all(), (table, column)
        for value, precision, iso in frame.dropna().itertuples(index=False):
            date = pd.Timestamp(value)
            if precision == "month":
                assert date.day == 1, (table, column, value)
            if precision == "year":
                assert (date.month, date.day) == (1, 1), (table, column, value)
            assert iso == value[: lengths[precision]], (table, column, value, iso)


def test_unknown_dates_say_why(tables):
    for table, prefix in (("articles", "published"), ("events", "start")):
        frame = tables[table]
        assert frame.loc[frame[f"{prefix}_date"].isna(), f"{prefix}_date_note"].notna().all(), table


def test_printed_weekdays_are_checked_against_their_dates(tables):
    times = tables["time_expressions"].dropna(subset=["weekday_printed", "weekday_of_date"])
    names = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    for row in times.itertuples():
        assert row.weekday_of_date == names[pd.Timestamp(row.date).weekday()]
        assert row.is_weekday_correct == (row.weekday_printed == row.weekday_of_date)


def test_every_weekday_mismatch_is_a_discrepancy(tables):
    mismatches = set(tables["time_expressions"].query("is_weekday_correct == False")["time_expression_id"])
    assert mismatches, "the Liputan6 'Sabtu (14/10/2018)' mismatch must be found"
    links = tables["discrepancy_links"].merge(tables["discrepancies"], on="discrepancy_id")
    flagged = set(links.query("discrepancy_type == 'weekday'")["time_expression_id"].dropna())
    assert mismatches <= flagged


def test_texts_are_nfc(texts):
    for article_id, text in texts.items():
        assert unicodedata.is_normalized("NFC", text), article_id


def test_derived_counts_are_true(tables):
    links = tables["claim_propositions"]
    stating = links[links["relation"].isin(["states", "states_differently"])]
    props = tables["propositions"].set_index("proposition_id")
    counts = stating.groupby("proposition_id").agg(claims=("claim_id", "size"), articles=("article_id", "nunique"))
    assert (counts["claims"] == props.loc[counts.index, "claim_count"]).all()
    assert (counts["articles"] == props.loc[counts.index, "article_count"]).all()
    copies = set(tables["claims"].dropna(subset=["copy_of_claim_id"])["claim_id"])
    own = stating[~stating["claim_id"].isin(copies)].groupby("proposition_id")["article_id"].nunique()
    assert (own == props.loc[own.index, "independent_article_count"]).all()
    agreeing = stating[~stating["claim_id"].isin(copies) & (stating["relation"] == "states")]
    agreeing = agreeing.groupby("proposition_id")["article_id"].nunique().reindex(props.index, fill_value=0)
    assert (agreeing == props["agreeing_article_count"]).all()
    assert (props["agreeing_article_count"] <= props["independent_article_count"]).all()
    assert props.loc["train-300-cloud-developers", "article_count"] == 4
    assert props.loc["train-300-cloud-developers", "independent_article_count"] == 3, "IDN Times copies Antara"
    link_counts = tables["discrepancy_links"].groupby("discrepancy_id").size()
    assert (link_counts == tables["discrepancies"].set_index("discrepancy_id").loc[link_counts.index, "link_count"]).all()


def test_copies_point_at_another_article_and_are_recorded_as_copied_text(tables):
    claims = tables["claims"].set_index("claim_id")
    copies = claims.dropna(subset=["copy_of_claim_id"])
    assert len(copies) >= 6, "IDN Times repeats six of Antara's paragraphs"
    links = tables["discrepancy_links"].merge(tables["discrepancies"], on="discrepancy_id").query("discrepancy_type == 'copied_text'")
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


def test_a_claim_stating_a_proposition_differently_is_in_its_discrepancy(tables):
    links = set(zip(tables["discrepancy_links"].discrepancy_id, tables["discrepancy_links"].claim_id))
    different = tables["claim_propositions"].query("relation == 'states_differently'")
    assert len(different) >= 10
    assert different.discrepancy_id.notna().all()
    assert all(pair in links for pair in zip(different.discrepancy_id, different.claim_id))
    others = tables["claim_propositions"].query("relation != 'states_differently'")
    assert others.discrepancy_id.isna().all()
