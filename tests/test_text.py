"""The furniture rules remove the page around each article and nothing of the article."""

import re

import pytest
import yaml
from published import ARTICLE_IDS

from pipeline.furniture import PARAGRAPH_SEPARATOR, body_text, classify_lines, layout_for
from pipeline.safe_yaml import Record

FURNITURE_LEFTOVERS = re.compile(
    r"^(Baca juga|Baca Juga|BACA JUGA|Baca:|Advertisement|Berita Lainnya|Berita Terkini Lainnya|Lihat Juga|"
    r"Selengkapnya|Grafis|Topik:|Rep:|Foto:|Reporter:|Editor:|•)",
    re.MULTILINE,
)


def curated_article(root, article_id) -> dict:
    return yaml.safe_load((root / "data/curated/articles" / article_id / "article.yaml").read_text(encoding="utf-8"))


def layout(root, article_id):
    article = Record(curated_article(root, article_id))
    outlets = yaml.safe_load((root / "data/curated/outlets.yaml").read_text(encoding="utf-8"))
    outlet = Record(next(o for o in outlets if o["outlet_id"] == article["outlet_id"]))
    for record in (article, outlet):
        for key in ("furniture", "rules"):
            record[key] = [Record(rule) for rule in record.get(key, [])]
    return layout_for(article, outlet)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_body_starts_and_ends_with_the_words_read_off_the_capture(root, texts, article_id):
    article = curated_article(root, article_id)
    assert texts[article_id].startswith(article["body_starts_with"])
    assert texts[article_id].endswith(article["body_ends_with"])


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_no_furniture_is_left_in_the_body(texts, article_id):
    text = texts[article_id]
    assert not FURNITURE_LEFTOVERS.search(text), FURNITURE_LEFTOVERS.search(text).group()
    assert "Ukuran Font" not in text and "Lion Air" not in text
    assert "IDN Times/" not in text and "ANTARA FOTO" not in text


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_body_line_survives_verbatim(raws, texts, article_id):
    """Removal drops whole lines; each kept paragraph is a raw line, edges aside."""
    paragraphs = texts[article_id].split(PARAGRAPH_SEPARATOR)
    raw_lines = raws[article_id].split("\n")
    for paragraph in paragraphs:
        assert paragraph and paragraph == paragraph.strip(" \t\u00a0")
        assert "\n" not in paragraph
        assert any(paragraph in line for line in raw_lines)


def test_no_break_spaces_inside_paragraphs_are_kept_and_at_edges_dropped(raws, texts):
    idntimes, republika = "idntimes-ini-5-janji-kerja-sama", "republika-pgj1w4370"
    assert "mengenai\u00a0fintech" in texts[idntimes]
    assert "anggota\u00a0steering committee\u00a0peta" in texts[idntimes]
    # Republika has three: one after the dateline, two trailing their lines.
    assert raws[republika].count("\u00a0") == 3
    assert texts[republika].count("\u00a0") == 1


def test_everything_removed_is_recorded_as_furniture(root, tables, raws):
    furniture = tables["page_furniture"]
    for article_id, raw in raws.items():
        lines = classify_lines(raw, layout(root, article_id))
        removed = [line for line in lines if line.kind not in ("body", "blank")]
        assert len(removed) == (furniture["article_id"] == article_id).sum()
        assert body_text(lines) == tables["articles"].set_index("article_id").loc[article_id, "text"]


def test_furniture_types_for_a_known_page(tables):
    """Read off the Republika capture by eye."""
    furniture = tables["page_furniture"].query("article_id == 'republika-pgj1w4370'")
    republika = furniture.set_index("line_number")["furniture_type"]
    assert republika.loc[0] == "page_date"
    assert republika.loc[2] == "title"
    assert republika.loc[4] == "subtitle"
    assert republika.loc[6] == "byline"
    assert republika.loc[8] == "photo_credit"
    assert (republika.loc[31:] != "title").all()


def test_titles_and_subtitles_come_from_the_page(tables):
    articles = tables["articles"].set_index("article_id")
    assert articles.loc["republika-pgj1w4370", "title"] == "Jack Ma Akan Latih 1.000 Ahli Teknologi Indonesia"
    assert articles.loc["republika-pgj1w4370", "subtitle"] == "Diharapkan semakin banyak wirausaha yang dapat memajukan UKM."
    assert articles.loc["tempo-1135968", "page_date_printed"] == "Selasa, 13 November 2018"
    assert articles.loc["antara-758172", "title_source"] == "url_slug"
    assert articles.loc["liputan6-4081542", "title_source"] == "url_slug"
    assert articles[["title_source"]].query("title_source == 'text'").shape[0] == 3


def test_english_names_no_speech_the_indonesian_does_not_print(tables):
    """A rendering adds no "X said" to a sentence without a reporting verb, and keeps a pronoun tag a pronoun."""
    said = re.compile(r"\b(said|says|added|explained|stated)\b")
    pronoun_tag = re.compile(r"\b(kata|ujar|tambah) dia\b|\b(katanya|ujarnya|paparnya|ungkapnya|tuturnya)\b", re.I)
    named = re.compile(r"\b(Jack Ma|Ma|Darmin|Airlangga|Rudiantara|Fajrin Rasyid) (said|added|explained)\b")
    checked = 0
    for row in tables["claims"].itertuples():
        if not isinstance(row.reporting_verb, str):
            assert not said.search(row.statement_en) or re.search(r"sampaikan|disebut", row.quote), row.claim_id
        if row.statement_en[:1] in '"“':
            assert row.quote[:1] in '"“', ("the English opens a quotation the Indonesian does not", row.claim_id)
        if pronoun_tag.search(row.quote):
            checked += 1
            assert not named.search(row.statement_en.split('"')[-1]), (row.claim_id, row.statement_en)
    assert checked >= 10
