"""The furniture rules remove the page around each article and nothing of the article."""

import re

import pytest

from pipeline.furniture import PARAGRAPH_SEPARATOR, body_text, classify_lines

# The first and last words of each body, read off the captures by eye.
BODY_EDGES = {
    "republika": ("REPUBLIKA.CO.ID,\u00a0NUSA DUA -- Pemerintah berencana", "di technician level,\" kata Rudiantara."),
    "antara": ("Nusa Dua, Bali (ANTARA News) - Pendiri dan pemimpin", "diselenggarakan Alibaba setiap 11 November."),
    "tempo": ("TEMPO.CO, NUSA DUA -\u00a0 Pendiri Grup Alibaba", "apa yang mereka butuhkan dan apa yang tidak. “"),
    "idntimes": ("Jakarta, IDN Times - Pendiri perusahaan dagang daring raksasa", "di Indonesia menjadi lebih baik,\" kata Ma."),
    "liputan6": ("Liputan6.com, Jakarta - Menteri Komunikasi dan Informatika", "membantu bisnis lokal terus tumbuh,\" kata Jack Ma."),
}
FURNITURE_LEFTOVERS = re.compile(
    r"^(Baca juga|Baca Juga|BACA JUGA|Baca:|Advertisement|Berita Lainnya|Berita Terkini Lainnya|Lihat Juga|"
    r"Selengkapnya|Grafis|Topik:|Rep:|Foto:|Reporter:|Editor:|•)",
    re.MULTILINE,
)


@pytest.mark.parametrize("article_id", sorted(BODY_EDGES))
def test_body_starts_and_ends_where_the_article_does(texts, article_id):
    first, last = BODY_EDGES[article_id]
    assert texts[article_id].startswith(first)
    assert texts[article_id].endswith(last)


@pytest.mark.parametrize("article_id", sorted(BODY_EDGES))
def test_no_furniture_is_left_in_the_body(texts, article_id):
    text = texts[article_id]
    assert not FURNITURE_LEFTOVERS.search(text), FURNITURE_LEFTOVERS.search(text).group()
    assert "Ukuran Font" not in text and "Lion Air" not in text
    assert "IDN Times/" not in text and "ANTARA FOTO" not in text


@pytest.mark.parametrize("article_id", sorted(BODY_EDGES))
def test_every_body_line_survives_verbatim(raws, texts, article_id):
    """Removal drops whole lines; each kept paragraph is a raw line, edges aside."""
    paragraphs = texts[article_id].split(PARAGRAPH_SEPARATOR)
    raw_lines = raws[article_id].split("\n")
    for paragraph in paragraphs:
        assert paragraph and paragraph == paragraph.strip(" \t\u00a0")
        assert "\n" not in paragraph
        assert any(paragraph in line for line in raw_lines)


def test_no_break_spaces_inside_paragraphs_are_kept_and_at_edges_dropped(raws, texts):
    assert "mengenai\u00a0fintech" in texts["idntimes"]
    assert "anggota\u00a0steering committee\u00a0peta" in texts["idntimes"]
    # Republika has three: one after the dateline, two trailing their lines.
    assert raws["republika"].count("\u00a0") == 3
    assert texts["republika"].count("\u00a0") == 1


def test_everything_removed_is_recorded_as_furniture(tables, raws):
    furniture = tables["page_furniture"]
    for article_id, raw in raws.items():
        lines = classify_lines(article_id, raw)
        removed = [line for line in lines if line.kind not in ("body", "blank")]
        assert len(removed) == (furniture["article_id"] == article_id).sum()
        assert body_text(lines) == tables["articles"].set_index("article_id").loc[article_id, "text"]


def test_furniture_kinds_for_a_known_page(tables):
    republika = tables["page_furniture"].query("article_id == 'republika'").set_index("line_number")["kind"]
    assert republika.loc[0] == "page_date"
    assert republika.loc[2] == "title"
    assert republika.loc[4] == "subtitle"
    assert republika.loc[6] == "byline"
    assert republika.loc[8] == "photo_credit"
    assert (republika.loc[31:] != "title").all()


def test_titles_and_subtitles_come_from_the_page(tables):
    articles = tables["articles"].set_index("article_id")
    assert articles.loc["republika", "title"] == "Jack Ma Akan Latih 1.000 Ahli Teknologi Indonesia"
    assert articles.loc["republika", "subtitle"] == "Diharapkan semakin banyak wirausaha yang dapat memajukan UKM."
    assert articles.loc["tempo", "page_date_printed"] == "Selasa, 13 November 2018"
    assert articles.loc["antara", "title_source"] == "url_slug"
    assert articles.loc["liputan6", "title_source"] == "url_slug"
    assert articles[["title_source"]].query("title_source == 'text'").shape[0] == 3
