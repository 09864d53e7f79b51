"""Slow tier: an article added the way the README says is built and linted without being listed anywhere.

The article is synthetic test input in a sandbox copy of the repository, never
published: a new outlet, its page layout, one article folder and its capture.
"""

import hashlib
from pathlib import Path

import pandas as pd
import pytest
import yaml
from lints import name_lint_ignores, numbers_outside_data, uncovered_text, unexplained_names
from published import copy_repository

from pipeline.build import main

pytestmark = pytest.mark.slow

ARTICLE = "contoh-999"
CAPTURE = (
    "Jack Ma Berjanji Lagi\n\n"
    "Jakarta, Contoh - Jack Ma berjanji melatih 1.000 pemimpin teknologi.\n\n"
    "Menurut Rudiantara, rencana itu baik untuk 20 ribu orang."
)
LAST_SENTENCE = "Menurut Rudiantara, rencana itu baik untuk 20 ribu orang."


def dump(path: Path, document) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_article(repository: Path, claim_every_sentence: bool) -> None:
    curated = repository / "data/curated"
    (repository / "data/raw" / f"{ARTICLE}.txt").write_text(CAPTURE, encoding="utf-8")
    outlets = yaml.safe_load((curated / "outlets.yaml").read_text(encoding="utf-8"))
    outlets.append({"outlet_id": "contoh", "organization_id": "contoh", "header": ["title"]})
    dump(curated / "outlets.yaml", outlets)
    organizations = yaml.safe_load((curated / "organizations.yaml").read_text(encoding="utf-8"))
    organizations.append({"organization_id": "contoh", "name": "Contoh", "organization_type": "news_outlet",
                          "description_en": "A news outlet made up for a test."})
    dump(curated / "organizations.yaml", organizations)
    folder = curated / "articles" / ARTICLE
    dump(folder / "article.yaml", {
        "article_id": ARTICLE, "outlet_id": "contoh", "url": "https://contoh.example/read/999/jack-ma-berjanji",
        "title_source": "text", "published_date": "2018-10-14", "published_date_precision": "day",
        "published_date_note": "A test.", "earliest_date": "2018-10-14", "earliest_date_precision": "day",
        "earliest_date_note": "A test.", "dateline": "Jakarta, Contoh -", "dateline_place_id": "jakarta",
        "raw_sha256": hashlib.sha256(CAPTURE.encode("utf-8")).hexdigest(),
        "body_starts_with": "Jakarta, Contoh - Jack Ma", "body_ends_with": "20 ribu orang.",
    })
    claims = [{
        "claim_id": "contoh-jack-ma-promised-1000-leaders", "quote": "Jack Ma berjanji melatih 1.000 pemimpin teknologi.",
        "attribution": "indirect", "speaker": "jack-ma", "reporting_verb": "berjanji", "claim_type": "promise",
        "statement_en": "Jack Ma promised to train 1,000 technology leaders.",
        "quantities": [{"text": "1.000", "value": 1000, "unit": "person", "counted_en": "technology leaders",
                        "qualifier": "exact"}],
    }]
    if claim_every_sentence:
        claims.append({
            "claim_id": "contoh-rudiantara-plan-is-good", "quote": LAST_SENTENCE, "attribution": "indirect",
            "speaker": "rudiantara", "reporting_verb": "Menurut", "claim_type": "opinion",
            "statement_en": "According to Rudiantara, the plan is good for 20,000 people.",
            "quantities": [{"text": "20 ribu", "value": 20000, "unit": "person", "counted_en": "people",
                            "qualifier": "exact"}],
        })
    dump(folder / "claims.yaml", claims)
    mentions = [{"surface": "Jack Ma", "refers_to": "jack-ma", "mention_type": "name"}]
    if claim_every_sentence:
        mentions.append({"surface": "Rudiantara", "refers_to": "rudiantara", "mention_type": "name"})
    dump(folder / "mentions.yaml", mentions)


def built(root: Path, target: Path, claim_every_sentence: bool) -> tuple[dict, dict]:
    copy_repository(root, target)
    add_article(target, claim_every_sentence)
    assert main(["--root", str(target)]) == 0
    tables = {
        name: pd.read_csv(target / "data" / f"{name}.csv", keep_default_na=False, na_values=[""])
        for name in ("articles", "claims", "quantities", "time_expressions", "exclusions", "mentions")
    }
    return tables, dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))


def test_a_new_article_is_built_and_every_lint_reads_it(root, tmp_path):
    tables, texts = built(root, tmp_path / "half", claim_every_sentence=False)
    assert ARTICLE in texts and texts[ARTICLE].startswith("Jakarta, Contoh -")
    assert tables["articles"].set_index("article_id").loc[ARTICLE, "title"] == "Jack Ma Berjanji Lagi"
    assert (tables["exclusions"]["article_id"] == ARTICLE).sum() == 1, "the dateline is excluded from its record"
    # What the half-done curation misses, every lint finds without being told of the article.
    assert uncovered_text(tables, texts, ARTICLE) == [LAST_SENTENCE]
    assert numbers_outside_data(tables, texts, ARTICLE) == [f"20 in {LAST_SENTENCE[13:]!r}"]
    assert set(unexplained_names(texts, tables, ARTICLE, name_lint_ignores(root))) == {"Rudiantara"}

    tables, texts = built(root, tmp_path / "done", claim_every_sentence=True)
    assert uncovered_text(tables, texts, ARTICLE) == []
    assert numbers_outside_data(tables, texts, ARTICLE) == []
    assert unexplained_names(texts, tables, ARTICLE, name_lint_ignores(root)) == {}
