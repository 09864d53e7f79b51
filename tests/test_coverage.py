"""Completeness lints: nothing in a body escapes the data without a stated reason."""

import pytest
from lints import (
    NAME_LIKE, NUMBER, name_lint_ignores, numbers_outside_data, quotation_problems, quotation_spans,
    sentence_initial_common_word, unexplained_names, uncovered_text,
)
from published import ARTICLE_IDS


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_character_is_in_a_claim_or_excluded_with_a_reason(tables, texts, article_id):
    assert uncovered_text(tables, texts, article_id) == []


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_quotation_lies_inside_claims(tables, texts, article_id):
    assert quotation_spans(texts[article_id]), "every article quotes someone"
    assert quotation_problems(tables, texts, article_id) == []


def test_quotation_spans_cover_unbalanced_marks():
    text = "a “one” b\n\n“two\n\n\"three\" c “four “"
    assert [text[s:e] for s, e in quotation_spans(text)] == ["“one”", "“two", "\"three\"", "“four “"]


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_number_is_a_quantity_a_date_or_excluded(tables, texts, article_id):
    assert numbers_outside_data(tables, texts, article_id) == []


def test_number_pattern_reads_indonesian_notation():
    found = [m.group() for m in NUMBER.finditer("seribu, 1.000, 8,1 miliar, (8/10/2019), 1-2 persen, Nusa Dua, kedua, dualisme")]
    assert found == ["seribu", "1.000", "8,1", "8/10/2019", "1-2", "Dua", "kedua"]


def test_every_ignored_name_has_a_reason(root):
    assert all(name_lint_ignores(root).values()), "every ignored word needs a reason"


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_name_and_title_word_is_a_mention_or_ignored(root, tables, texts, article_id):
    missing = unexplained_names(texts, tables, article_id, name_lint_ignores(root))
    assert not missing, missing


def test_sentence_start_rule_skips_only_common_words():
    text = "Pemerintah berencana. Kata dia, “Saya datang.” Rudiantara hadir."
    words = {"pemerintah", "kata", "saya", "berencana"}
    found = [m.group() for m in NAME_LIKE.finditer(text) if not sentence_initial_common_word(text, m, words)]
    assert found == ["Rudiantara"]


def test_name_lint_ignore_list_is_needed(root, tables, texts):
    """An ignore entry that no uncovered word needs hides nothing and should go."""
    needed = set()
    for article_id in ARTICLE_IDS:
        needed |= set(unexplained_names(texts, tables, article_id, {}))
    unused = sorted(set(name_lint_ignores(root)) - needed)
    assert not unused


def test_every_event_is_reported_by_a_claim(tables):
    claims = tables["claims"]
    reported = set(claims["reported_event_id"].dropna()) | set(claims["occasion_event_id"].dropna())
    reported |= set(tables["time_expressions"]["event_id"].dropna())
    missing = set(tables["events"]["event_id"]) - reported
    assert not missing


def test_every_promise_has_wordings_and_a_status(tables):
    promises = tables["propositions"].query("proposition_type == 'promise'")
    assert len(promises) >= 5
    links = tables["claim_propositions"]
    statuses = tables["promise_statuses"]
    for proposition_id in promises["proposition_id"]:
        assert (links["proposition_id"] == proposition_id).sum() >= 1, proposition_id
        assert (statuses["proposition_id"] == proposition_id).sum() >= 1, proposition_id


def test_status_entries_are_backed_by_claims_stating_the_promise(tables):
    links = set(map(tuple, tables["claim_propositions"][["proposition_id", "claim_id"]].values))
    for row in tables["promise_statuses"].itertuples():
        assert (row.proposition_id, row.claim_id) in links, (row.proposition_id, row.claim_id)


def test_every_english_rendering_is_present(tables):
    assert tables["claims"]["statement_en"].str.len().min() > 10
    assert tables["events"]["description"].str.len().min() > 10


def test_every_article_stating_a_promise_has_a_status_entry(tables):
    """One status entry per article that speaks to a promise, so outlets can be compared."""
    promises = set(tables["propositions"].query("proposition_type == 'promise'")["proposition_id"])
    links = tables["claim_propositions"][tables["claim_propositions"]["proposition_id"].isin(promises)]
    stated = links.groupby("proposition_id")["article_id"].apply(set)
    rated = tables["promise_statuses"].groupby("proposition_id")["article_id"].apply(set)
    for proposition_id, articles in stated.items():
        assert articles == rated.get(proposition_id, set()), proposition_id


def test_only_promises_have_statuses(tables):
    promises = set(tables["propositions"].query("proposition_type == 'promise'")["proposition_id"])
    assert set(tables["promise_statuses"]["proposition_id"]) <= promises
