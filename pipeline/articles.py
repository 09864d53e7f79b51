"""The articles table and the page furniture removed from each body."""

import hashlib
from pathlib import Path

from pipeline.curated import CurationError, check_keys, load_records, require
from pipeline.dates import check_date_order, check_date_precision
from pipeline.furniture import body_text, classify_lines
from pipeline.schema import Table

ARTICLE_KEYS = {
    "id", "outlet", "outlet_organization", "seed", "url", "url_note", "title", "title_source",
    "published_date", "published_date_precision", "published_date_note", "earliest_date",
    "earliest_date_precision", "earliest_date_note", "page_date",
    "dateline", "dateline_place", "notes",
}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_articles(root: Path, curated_dir: Path) -> tuple[Table, Table, dict[str, str]]:
    """Returns the articles and page_furniture tables and each article's body text."""
    path = curated_dir / "articles.yaml"
    records = load_records(path, root)
    articles, furniture = Table("articles"), Table("page_furniture")
    texts: dict[str, str] = {}
    for record in records:
        check_keys(record, ARTICLE_KEYS)
        article_id = require(record, "id")
        raw_path = root / "data" / "raw" / f"{article_id}.txt"
        if not raw_path.exists():
            raise record.fail(f"no raw text at {raw_path.relative_to(root)}; copy the capture there byte for byte")
        raw_bytes = raw_path.read_bytes()
        try:
            raw = raw_bytes.decode("utf-8")
        except UnicodeDecodeError as error:
            raise record.fail(f"{raw_path.relative_to(root)} is not UTF-8 ({error.reason} at byte {error.start})") from error
        lines = classify_lines(article_id, raw)
        text = body_text(lines)
        texts[article_id] = text
        # The first line of a kind wins (Republika prints its caption twice).
        printed = {line.kind: line.content for line in reversed(lines)}
        for line in lines:
            if line.kind in ("body", "blank"):
                continue
            furniture.add(
                {
                    "furniture_id": f"{article_id}-line-{line.number}",
                    "article_id": article_id,
                    "line_number": line.number,
                    "kind": line.kind,
                    "text": line.content,
                    "raw_char_start": line.content_start,
                    "raw_char_end": line.content_start + len(line.content),
                },
                f"{raw_path.relative_to(root)}:{line.number + 1}",
            )
        title_source = require(record, "title_source")
        title = record.get("title")
        if title_source == "text":
            if "title" not in printed:
                raise record.fail("title_source is 'text' but the furniture rules found no title line")
            if title is not None and title != printed["title"]:
                raise record.fail(f"title differs from the printed title {printed['title']!r}; drop the key")
            title = printed["title"]
        dateline = record.get("dateline")
        if dateline is not None and not text.startswith(dateline):
            raise record.fail(f"the body does not start with the dateline {dateline!r}")
        for prefix in ("published", "earliest"):
            check_date_precision(record, f"{prefix}_date", f"{prefix}_date_precision")
        check_date_order(record, "earliest_date", "published_date")
        articles.add(
            {
                "article_id": article_id,
                "outlet": record.get("outlet"),
                "outlet_organization_id": record.get("outlet_organization"),
                "url": record.get("url"),
                "url_note": record.get("url_note"),
                "title": title,
                "title_source": title_source,
                "subtitle": printed.get("subtitle"),
                "language": "id",
                "published_date": record.get("published_date"),
                "published_date_precision": record.get("published_date_precision"),
                "published_date_note": record.get("published_date_note"),
                **{key: record.get(key) for key in ("earliest_date", "earliest_date_precision", "earliest_date_note")},
                "page_date_printed": printed.get("page_date"),
                "page_date": record.get("page_date"),
                "dateline": dateline,
                "dateline_place_id": record.get("dateline_place"),
                "text": text,
                "text_sha256": sha256_hex(text.encode("utf-8")),
                "raw_path": str(raw_path.relative_to(root)),
                "raw_sha256": sha256_hex(raw_bytes),
                "notes": record.get("notes"),
            },
            record.where(),
        )
    if not texts:
        raise CurationError(f"{path.relative_to(root)}: no articles")
    return articles, furniture, texts
