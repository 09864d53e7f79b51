"""Separate an article's body from its page furniture.

The raw captures still contain everything the web page printed around the
article: header dates, titles, bylines, photo captions, "Baca juga" links,
advertisements and unrelated promotions. Each raw line is classified by the
written rules below; lines no rule claims are body paragraphs. Nothing is
edited by hand, and the body keeps its own characters (see ``body_text``).
"""

import re
from dataclasses import dataclass

# A rule: (kind, regular expression that must match the whole line, stripped).
# Rules are tried in order; the first match wins.
Rule = tuple[str, str]

COMMON_RULES: list[Rule] = [
    ("related_link", r"(?:Baca juga|Baca Juga|BACA JUGA|Baca)(?:[:,]\s*.+)?"),
    ("advertisement", r"Advertisement"),
]

# Rules that only one outlet's page layout needs, keyed by article id.
OUTLET_RULES: dict[str, list[Rule]] = {
    "republika": [
        ("page_date", r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu) \d{1,2} \w{3} \d{4} \d{2}:\d{2} WIB"),
        ("byline", r"Rep: .+/ Red: .+"),
        ("photo_credit", r"Foto: .+"),
        ("photo_caption", r"CEO dan Founder Alibaba Group Jack Ma bersama menteri Kabinet Kerja RI .+"),
        ("section_promo", r"Berita Lainnya"),
    ],
    "tempo": [
        ("page_date", r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4}"),
        ("byline_label", r"(?:Reporter|Editor):"),
        ("byline", r"Ali Akhmad Noor Hidayat"),
        ("widget", r"• (?:Font:|Ukuran Font: - \+)"),
        ("photo_caption", r"(?:• )?Pendiri Alibaba Group Jack Ma memberikan keterangan pers .+ ANTARA FOTO/.+"),
    ],
    "idntimes": [
        ("photo_caption", r"Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia\S.+"),
        ("topics_label", r"Topik:"),
        ("topic", r"• .+"),
        ("section_promo", r"Berita Terkini Lainnya"),
    ],
}

# Lines from which everything to the end of the capture is an unrelated
# promotion block (Tempo's "Lihat Juga" box with a Lion Air infographic teaser).
PROMO_START: dict[str, str] = {
    "tempo": r"Lihat Juga",
}

# The first non-blank lines that are the page's title and subtitle, counted
# from the top, for the outlets whose capture starts with them.
HEADER_LINES: dict[str, list[str]] = {
    "republika": ["page_date", "title", "subtitle"],
    "tempo": ["page_date", "title"],
    "idntimes": ["title", "subtitle"],
}

# Characters that count as blank at the edges of a line. NO-BREAK SPACE is
# included because some captures pad empty lines or indents with it.
EDGE_WHITESPACE = " \t\u00a0"

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Line:
    """One raw line: its 0-based number, its offset in the raw text, its kind."""

    number: int
    raw_start: int
    text: str
    kind: str  # "body", "blank" or a furniture kind

    @property
    def content(self) -> str:
        return self.text.strip(EDGE_WHITESPACE)

    @property
    def content_start(self) -> int:
        """Offset in the raw text where the stripped content begins."""
        return self.raw_start + (len(self.text) - len(self.text.lstrip(EDGE_WHITESPACE)))


def classify_lines(article_id: str, raw: str) -> list[Line]:
    rules = OUTLET_RULES.get(article_id, []) + COMMON_RULES
    header = list(HEADER_LINES.get(article_id, []))
    promo = PROMO_START.get(article_id)
    in_promo = False
    lines: list[Line] = []
    offset = 0
    for number, text in enumerate(raw.split("\n")):
        content = text.strip(EDGE_WHITESPACE)
        kind = "body"
        if not content:
            kind = "blank"
        elif in_promo or (promo and re.fullmatch(promo, content)):
            in_promo = True
            kind = "unrelated_promo"
        else:
            for rule_kind, pattern in rules:
                if re.fullmatch(pattern, content):
                    kind = rule_kind
                    break
            if header and kind in ("body", header[0]):
                kind = header.pop(0)
        lines.append(Line(number, offset, text, kind))
        offset += len(text) + 1
    return lines


def body_text(lines: list[Line]) -> str:
    """The article body: body lines, edge whitespace stripped, one blank line apart.

    Characters inside a paragraph are kept exactly, NO-BREAK SPACEs included.
    """
    return PARAGRAPH_SEPARATOR.join(line.content for line in lines if line.kind == "body")
