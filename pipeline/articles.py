"""The articles table and the page furniture removed from each body."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.curated import ArticleFiles, Curated
from pipeline.dates import as_date, check_date_order, check_date_precision, date_group
from pipeline.errors import CurationError, excerpt
from pipeline.furniture import body_text, classify_lines, layout_for
from pipeline.safe_yaml import Record, check_regular, shown_path
from pipeline.schema import Table

RAW_DIR = Path("data") / "raw"
MAX_RAW_BYTES = 4 * 1024 * 1024


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Source:
    """What later builders need of an article: its body, its raw capture, the latest date it can speak of."""

    text: str
    raw: str
    outlet_id: str


def read_raw(root: Path, files: ArticleFiles) -> str:
    article = files.article
    path = root / RAW_DIR / f"{files.article_id}.txt"
    shown = shown_path(path, root)
    try:
        check_regular(path, root, root / RAW_DIR)
    except CurationError as error:
        raise article.fail(f"{error}; copy the capture to {shown} byte for byte") from error
    data = path.read_bytes()
    if len(data) > MAX_RAW_BYTES:
        raise article.fail(f"{shown} is larger than {MAX_RAW_BYTES:,} bytes; is it the right file?")
    if sha256_hex(data) != article["raw_sha256"]:
        if b"\r\n" in data:
            raise article.fail(
                f"{shown} has Windows line endings (CR LF), so it is not the capture raw_sha256 pins: a checkout "
                "with core.autocrlf=true converted it. .gitattributes pins LF; check the file out again "
                "(git rm --cached -r data/raw && git checkout -- data/raw)"
            )
        raise article.fail(f"{shown} is not the capture raw_sha256 pins; restore it byte for byte")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise article.fail(f"{shown} is not UTF-8 ({error.reason} at byte {error.start})") from error
    if "\r" in text:
        raise article.fail(f"{shown} holds carriage returns; captures use LF line endings (convert, then pin its SHA-256)")
    return text


def check_raw_folder(root: Path, article_ids: set[str]) -> None:
    for path in sorted((root / RAW_DIR).iterdir()):
        if path.suffix != ".txt" or path.stem not in article_ids:
            raise CurationError(
                f"{shown_path(path, root)}: no article folder data/curated/articles/{path.stem}/ reads it; "
                "add the article (README, 'Adding an article') or move the file out of data/raw"
            )


def build_articles(root: Path, curated: Curated) -> tuple[Table, Table, dict[str, Source]]:
    outlets: dict[str, Record] = {}
    for record in curated["outlets"]:
        if record["outlet_id"] in outlets:
            raise record.fail(
                f"outlet_id {excerpt(record['outlet_id'])} is written twice (first at {outlets[record['outlet_id']].where()}); "
                "keep one record per outlet"
            )
        outlets[record["outlet_id"]] = record
    organizations = {record["organization_id"]: record for record in curated["organizations"]}
    check_raw_folder(root, set(curated.articles))
    articles, furniture = Table("articles"), Table("page_furniture")
    sources: dict[str, Source] = {}
    for article_id, files in curated.articles.items():
        record = files.article
        outlet = outlets.get(record["outlet_id"])
        if outlet is None:
            raise record.fail(f"outlet_id {excerpt(record['outlet_id'])} is not in data/curated/outlets.yaml")
        number = article_id.removeprefix(f"{outlet['outlet_id']}-")
        if number == article_id or number not in record["url"]:
            raise record.fail(
                f"an article id is the outlet id and the outlet's article number (or slug words) from the address, "
                f"e.g. {outlet['outlet_id']}-<number in the url>"
            )
        raw = read_raw(root, files)
        lines = classify_lines(raw, layout_for(record, outlet))
        text = body_text(lines)
        for edge, verb, check in (("body_starts_with", "start", text.startswith), ("body_ends_with", "end", text.endswith)):
            if not check(record[edge]):
                shown = text[:80] if edge == "body_starts_with" else text[-80:]
                raise record.fail(f"the body does not {verb} with the words {edge} gives (it reads {excerpt(shown)}); "
                                  "fix the furniture rules or the words")
        sources[article_id] = Source(text, raw, outlet["outlet_id"])
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
                    "furniture_type": line.kind,
                    "text": line.content,
                    "raw_char_start": line.content_start,
                    "raw_char_end": line.content_start + len(line.content),
                },
                f"data/raw/{article_id}.txt:{line.number + 1}",
            )
        title = record.get("title")
        if record["title_source"] == "text":
            if "title" not in printed:
                raise record.fail("title_source is 'text' but the furniture rules found no title line")
            if title is not None:
                raise record.fail(f"the title is read from the capture ({excerpt(printed['title'])}); drop the key")
            title = printed["title"]
        elif title is None:
            raise record.fail("title_source is 'url_slug': write the title as the slug reads")
        dateline = record.get("dateline")
        if dateline is not None and not text.startswith(dateline):
            raise record.fail(f"the body does not start with the dateline {excerpt(dateline)}")
        for prefix in ("published", "earliest"):
            check_date_precision(record, f"{prefix}_date", f"{prefix}_date_precision")
        check_date_order(record, "earliest_date", "published_date")
        organization = organizations.get(outlet["organization_id"])
        if organization is None:
            raise outlet.fail(f"organization_id {excerpt(outlet['organization_id'])} is not in organizations.yaml")
        articles.add(
            {
                "article_id": article_id,
                "outlet": organization["name"],
                "outlet_organization_id": outlet["organization_id"],
                "url": record["url"],
                "url_note": record.get("url_note"),
                "title": title,
                "title_source": record["title_source"],
                "subtitle": printed.get("subtitle"),
                "language": "id",
                **date_group(record, "published_date"),
                **date_group(record, "earliest_date"),
                "page_date_printed": printed.get("page_date"),
                "page_date": as_date(record.get("page_date")),
                "dateline": dateline,
                "dateline_place_id": record.get("dateline_place_id"),
                "text": text,
                "text_sha256": sha256_hex(text.encode("utf-8")),
                "raw_path": f"{RAW_DIR.as_posix()}/{article_id}.txt",
                "raw_sha256": record["raw_sha256"],
                "notes": record.get("notes"),
            },
            record,
        )
    return articles, furniture, sources


def latest_date(article: dict):
    """The latest date an article's own statements can carry: its publication date, else unknown (None)."""
    return article["published_date"]
