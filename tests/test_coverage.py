"""Completeness lints: nothing in a body escapes the data without a stated reason."""

import re
from pathlib import Path

import pytest
import yaml
from published import ARTICLE_IDS


# Indonesian number words (cardinals, ordinals, vague multiples) and digit runs.
NUMBER_WORDS = (
    "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|sejuta|"
    "setahun|puluhan|ratusan|ribuan|jutaan|miliaran|triliunan|pertama|kedua|ketiga|keempat|kelima"
)
NUMBER = re.compile(rf"\d+(?:[.,/-]\d+)*|(?<!\w)(?:{NUMBER_WORDS})(?!\w)", re.IGNORECASE)
# "salah satu" means "one of" and counts nothing; "setahun" in "dalam setahun"
# is a rate, carried by the per_period of the number it qualifies (guideline,
# section 11).
IDIOMS = re.compile(r"(?<!\w)(?:salah satu|dalam setahun)(?!\w)", re.IGNORECASE)
# Opening marks start a quotation that runs to the next closing-capable mark
# on the same paragraph, or to the paragraph's end when it is never closed.
QUOTE_MARKS = "\"“”"
TITLE_WORDS = {"Menteri", "Menko", "Menkominfo", "Menperin", "Presiden", "Pak", "Pendiri", "CEO", "Ketua", "Founder"}
NAME_LIKE = re.compile(r"(?<![\w-])[A-Z][\w'’.-]*[\w]|(?<![\w-])[A-Z](?![\w])")


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _spans(frame, article_id, query=None):
    rows = frame[frame["article_id"] == article_id]
    if query is not None:
        rows = rows.query(query)
    return list(zip(rows["char_start"].astype(int), rows["char_end"].astype(int)))


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_character_is_in_a_claim_or_excluded_with_a_reason(tables, texts, article_id):
    text = texts[article_id]
    covered = bytearray(len(text))
    spans = _spans(tables["claims"], article_id) + _spans(tables["exclusions"], article_id, "scope == 'claims'")
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    missing = [i for i, ch in enumerate(text) if not covered[i] and not ch.isspace()]
    assert not missing, f"{article_id}: uncovered text at {missing[0]}: {text[missing[0]:missing[0] + 60]!r}"


def quotation_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer(f"[{QUOTE_MARKS}]", paragraph.group())]
        for i in range(0, len(marks), 2):
            start = paragraph.start() + marks[i]
            end = paragraph.start() + marks[i + 1] + 1 if i + 1 < len(marks) else paragraph.end()
            spans.append((start, end))
    return spans


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_quotation_lies_inside_claims(tables, texts, article_id):
    claims = tables["claims"].query("article_id == @article_id")
    text = texts[article_id]
    quotations = quotation_spans(text)
    assert quotations, "every article quotes someone"
    for start, end in quotations:
        inside = claims[(claims.char_start < end) & (claims.char_end > start)]
        assert len(inside), text[start:end]
        assert inside.char_start.min() <= start and end <= inside.char_end.max(), text[start:end]
        # A quotation split across claims must be split only where the claims touch.
        ordered = inside.sort_values("char_start")
        gaps = text[start:end]
        for left_end, right_start in zip(ordered.char_end.tolist(), ordered.char_start.tolist()[1:]):
            assert text[left_end:right_start].strip() == "", gaps
        # Quotation marks around a single term ("Eleven-Eleven") name it; they quote no one.
        if " " in text[start:end]:
            assert set(inside.attribution) == {"direct"}, (text[start:end], set(inside.attribution))


def test_quotation_spans_cover_unbalanced_marks():
    text = "a “one” b\n\n“two\n\n\"three\" c “four “"
    assert [text[s:e] for s, e in quotation_spans(text)] == ["“one”", "“two", "\"three\"", "“four “"]


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_number_is_a_quantity_a_date_or_excluded(tables, texts, article_id):
    text = texts[article_id]
    spans = (
        _spans(tables["quantities"], article_id)
        + _spans(tables["time_expressions"], article_id)
        + _spans(tables["exclusions"], article_id, "scope == 'numbers'")
        + _spans(tables["mentions"], article_id, "mention_type == 'name'")
    )
    spans += [m.span() for m in IDIOMS.finditer(text)]
    missing = [m for m in NUMBER.finditer(text) if not _covered(spans, m.start(), m.end())]
    assert not missing, [(m.group(), text[max(0, m.start() - 30):m.end() + 30]) for m in missing]


def test_number_pattern_reads_indonesian_notation():
    found = [m.group() for m in NUMBER.finditer("seribu, 1.000, 8,1 miliar, (8/10/2019), 1-2 persen, Nusa Dua, kedua, dualisme")]
    assert found == ["seribu", "1.000", "8,1", "8/10/2019", "1-2", "Dua", "kedua"]


def _name_lint_ignores(root: Path) -> dict[str, str]:
    entries = yaml.safe_load((root / "data" / "curated" / "name_lint.yaml").read_text(encoding="utf-8"))["ignore"]
    assert all(entry.get("reason") for entry in entries), "every ignored word needs a reason"
    return {entry["word"]: entry["reason"] for entry in entries}


def sentence_initial_common_word(text: str, match: re.Match, lowercase_words: set[str]) -> bool:
    """A capital that only marks the start of a sentence, on a word the bodies also use in lowercase."""
    before = text[: match.start()].rstrip(" ")
    opens_quotation = before.endswith(("“", '"'))
    before = before.rstrip(" \"“”")
    starts_sentence = opens_quotation or not before or before[-1] in ".?!:\n"
    return starts_sentence and match.group().lower() in lowercase_words


def unexplained_names(texts, tables, article_id, ignores) -> dict[str, list[str]]:
    """Name-like words not covered by a mention, by the sentence-start rule or the ignore list."""
    text = texts[article_id]
    lowercase_words = set(re.findall(r"(?<![\w-])[a-z][\w-]*", "\n".join(texts.values())))
    spans = _spans(tables["mentions"], article_id) + _spans(tables["exclusions"], article_id, "scope == 'claims'")
    candidates = list(NAME_LIKE.finditer(text))
    candidates += list(re.finditer(rf"(?<!\w)(?:{'|'.join(TITLE_WORDS)})(?!\w)", text))
    found: dict[str, list[str]] = {}
    for match in candidates:
        if _covered(spans, match.start(), match.end()):
            continue
        if match.group() not in TITLE_WORDS and sentence_initial_common_word(text, match, lowercase_words):
            continue
        found.setdefault(match.group(), []).append(text[max(0, match.start() - 30) : match.end() + 30])
    return {word: contexts for word, contexts in found.items() if word not in ignores}


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_name_and_title_word_is_a_mention_or_ignored(root, tables, texts, article_id):
    missing = unexplained_names(texts, tables, article_id, _name_lint_ignores(root))
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
    unused = sorted(set(_name_lint_ignores(root)) - needed)
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
