"""Separate an article's body from its page furniture.

The raw captures still contain everything the web page printed around the
article: header dates, titles, bylines, photo captions, "Baca juga" links,
advertisements and unrelated promotions. Each raw line is classified by
written rules (the outlet's in data/curated/outlets.yaml, the page's in its
article.yaml, and the ones every web page needs below); lines no rule claims
are body paragraphs. Nothing is edited by hand, and the body keeps its own
characters (see ``body_text``).
"""

import re
from dataclasses import dataclass

from pipeline.errors import excerpt
from pipeline.safe_yaml import Record

# Furniture every captured web page can print, whatever the outlet.
COMMON_RULES: list[tuple[str, str]] = [
    ("related_link", r"(?:Baca juga|Baca Juga|BACA JUGA|Baca)(?:[:,]\s*.+)?"),
    ("advertisement", r"Advertisement"),
]

# Characters that count as blank at the edges of a line. NO-BREAK SPACE is
# included because some captures pad empty lines or indents with it.
EDGE_WHITESPACE = " \t\u00a0"

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Layout:
    """How to read one page: its rules in the order they are tried, its header lines, its promotion start."""

    rules: list[tuple[str, re.Pattern]]
    header: list[str]
    promo_start: re.Pattern | None


def compile_rule(record: Record, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise record.fail(f"pattern {excerpt(pattern)} is not a valid regular expression ({error})") from error


def layout_for(article: Record, outlet: Record) -> Layout:
    """The page's own patterns first, then the outlet's, then the common ones."""
    rules = [
        (rule["furniture_type"], compile_rule(rule, rule["pattern"]))
        for rule in article.get("furniture", []) + outlet.get("rules", [])
    ]
    rules += [(kind, re.compile(pattern)) for kind, pattern in COMMON_RULES]
    promo = outlet.get("promo_start")
    return Layout(rules, list(outlet.get("header", [])), compile_rule(outlet, promo) if promo else None)


@dataclass(frozen=True)
class Line:
    """One raw line: its 0-based number, its offset in the raw text, its kind."""

    number: int
    raw_start: int
    text: str
    kind: str  # "body", "blank" or a furniture type

    @property
    def content(self) -> str:
        return self.text.strip(EDGE_WHITESPACE)

    @property
    def content_start(self) -> int:
        """Offset in the raw text where the stripped content begins."""
        return self.raw_start + (len(self.text) - len(self.text.lstrip(EDGE_WHITESPACE)))


def classify_lines(raw: str, layout: Layout) -> list[Line]:
    header = list(layout.header)
    in_promo = False
    lines: list[Line] = []
    offset = 0
    for number, text in enumerate(raw.split("\n")):
        content = text.strip(EDGE_WHITESPACE)
        kind = "body"
        if not content:
            kind = "blank"
        elif in_promo or (layout.promo_start and layout.promo_start.fullmatch(content)):
            in_promo = True
            kind = "unrelated_promo"
        else:
            for rule_kind, pattern in layout.rules:
                if pattern.fullmatch(content):
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
