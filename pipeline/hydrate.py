"""Restore the full edition from the text-free edition and your own copies of the five pages.

    python -m pipeline.hydrate TEXT_FREE PAGES_DIR OUT_DIR

TEXT_FREE is the text-free edition, as a folder or as the release's zip.
PAGES_DIR holds one copy of each page, named <article_id>.txt as in the
articles table (articles.raw_path), captured the way the package's raw
captures were: the page's text, UTF-8. Each copy is checked against
articles.raw_sha256; the bodies are rebuilt from the copies and the page
furniture rows, every left-out column is filled back from its span and
checked against its <column>_sha256, every marker ⟦article_id:start:end⟧ is
replaced by the words it names, and the full edition is written with the
descriptors it had. Its files' SHA-256 must then equal those the full
descriptors name: the restored package is the full edition, byte for byte.
A copy that differs is named, with the first span whose words differ.
"""

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from pipeline.furniture import EDGE_WHITESPACE, PARAGRAPH_SEPARATOR
from pipeline.parquet import write_parquet
from pipeline.publish import DESCRIPTORS, file_sha256, write_csv
from pipeline.text_free import CARRIED, FULL, HASH_SUFFIX, MARKER, read_rows


class HydrateError(Exception):
    """A copy or an edition that cannot give the full edition back; the message says which and where."""


def sha256_text(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def body_from(raw: str, furniture_lines: set[int]) -> str:
    """The body as the build makes it: the lines no furniture row names, edges stripped, blank lines dropped."""
    lines = [line.strip(EDGE_WHITESPACE) for number, line in enumerate(raw.split("\n")) if number not in furniture_lines]
    return PARAGRAPH_SEPARATOR.join(line for line in lines if line)


def read_copies(pages: Path, articles: list[dict], furniture: list[dict]) -> tuple[dict, dict, list[str]]:
    """Each article's raw copy and body, and a note for every copy that is not the package's capture."""
    raws, bodies, differing = {}, {}, []
    for article in articles:
        article_id = article["article_id"]
        path = pages / f"{article_id}.txt"
        if not path.is_file():
            raise HydrateError(f"{path}: missing; save your copy of {article['url']} there")
        data = path.read_bytes()
        try:
            raws[article_id] = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise HydrateError(f"{path}: not UTF-8 ({error.reason} at byte {error.start}); save it as UTF-8") from None
        lines = {row["line_number"] for row in furniture if row["article_id"] == article_id}
        bodies[article_id] = body_from(raws[article_id], lines)
        if hashlib.sha256(data).hexdigest() != article["raw_sha256"]:
            differing.append(article_id)
    return raws, bodies, differing


def first_difference(article_id: str, tables: dict, bodies: dict, raws: dict) -> str:
    """Where a differing copy first gives other words than the package's spans hold."""
    spans = []
    for name, (rows, column, start, end) in tables.items():
        for row in rows:
            if row["article_id"] == article_id:
                spans.append((row[start], name, column, row, start, end))
    # Body spans first, in reading order, then the raw captures' (page furniture, credits).
    for offset, name, column, row, start, end in sorted(spans, key=lambda span: (span[4].startswith("raw"), span[0])):
        source = raws[article_id] if start.startswith("raw") else bodies[article_id]
        words = source[row[start]:row[end]]
        if sha256_text(words) != row[f"{column}{HASH_SUFFIX}"]:
            key = next(value for key, value in row.items() if key.endswith("_id"))
            return f"{name} {key}, characters {row[start]}–{row[end]}: your copy reads {words[:60]!r}"
    return "the spans match, but the page's other text differs"


def restore_markers(value, raws: dict):
    if not isinstance(value, str):
        return value
    return MARKER.sub(lambda marker: raws[marker[1]][int(marker[2]):int(marker[3])], value)


def hydrate(edition: Path, pages: Path, out: Path) -> None:
    light = json.loads((edition / DESCRIPTORS["csv"]).read_text(encoding="utf-8"))
    full = {kind: json.loads((edition / FULL / name).read_text(encoding="utf-8")) for kind, name in DESCRIPTORS.items()}
    rows = {}
    for resource in light["resources"]:
        schema = json.loads((edition / resource["schema"]).read_text(encoding="utf-8"))
        rows[resource["name"]] = (read_rows(edition / resource["path"], schema), schema)
    articles = rows["articles"][0]
    raws, bodies, differing = read_copies(pages, articles, rows["page_furniture"][0])
    # The tables whose spans delimit a left-out column: (rows, column, start, end).
    # The articles' body is rebuilt from the copies; text_sha256 is in both editions.
    spanned = {}
    for name, (table, schema) in rows.items():
        names = [field["name"] for field in schema["fields"]]
        for column in names:
            if f"{column}{HASH_SUFFIX}" in names and name != "articles":
                start = "raw_char_start" if "raw_char_start" in names else "char_start"
                spanned[name] = (table, column, start, start.replace("start", "end"))
    if differing:
        article_id = differing[0]
        raise HydrateError(
            f"{pages / (article_id + '.txt')}: not the page the package was built from (its SHA-256 differs); "
            f"first difference: {first_difference(article_id, spanned, bodies, raws)}"
        )
    for article in articles:
        article["text"] = bodies[article["article_id"]]
        if sha256_text(article["text"]) != article["text_sha256"]:
            raise HydrateError(f"{article['article_id']}: the rebuilt body does not match text_sha256; is the edition whole?")
    for name, (table, column, start, end) in spanned.items():
        for row in table:
            source = raws if start.startswith("raw") else bodies
            row[column] = source[row["article_id"]][row[start]:row[end]]
            if sha256_text(row[column]) != row.pop(f"{column}{HASH_SUFFIX}"):
                raise HydrateError(f"{name}: restored words at {row[start]}–{row[end]} of {row['article_id']} do not match")
    (out / "data" / "raw").mkdir(parents=True)
    (out / "schemas").mkdir()
    for resource in full["csv"]["resources"]:
        schema = json.loads((edition / FULL / resource["schema"]).read_text(encoding="utf-8"))
        table = rows[resource["name"]][0]
        for row in table:
            for field in schema["fields"]:
                row[field["name"]] = restore_markers(row.get(field["name"]), raws)
        write_csv(out / resource["path"], table, schema)
        write_parquet(out / resource["path"].replace(".csv", ".parquet"), table, schema)
        shutil.copy2(edition / FULL / resource["schema"], out / resource["schema"])
    for name in CARRIED:
        shutil.copy2(edition / FULL / name, out / name)
    for article in articles:
        shutil.copy2(pages / f"{article['article_id']}.txt", out / article["raw_path"])
    for descriptor in full.values():
        for resource in descriptor["resources"]:
            if "sha256:" + file_sha256(out / resource["path"]) != resource["hash"]:
                raise HydrateError(f"{resource['path']}: restored, but not byte-identical to the full edition")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", type=Path, help="the text-free edition: its folder or its zip")
    parser.add_argument("pages", type=Path, help="your copies of the pages, <article_id>.txt")
    parser.add_argument("out", type=Path, help="a new folder for the full edition")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out.exists() and any(out.iterdir()):
        print(f"hydrate: {out} is not empty; give a new folder", file=sys.stderr)
        return 1
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".hydrate-", dir=out.parent) as tmp:
            edition = args.edition.resolve()
            if zipfile.is_zipfile(edition):
                with zipfile.ZipFile(edition) as archive:
                    archive.extractall(Path(tmp) / "text-free")
                edition = Path(tmp) / "text-free"
            staged = Path(tmp) / "edition"
            hydrate(edition, args.pages.resolve(), staged)
            if out.exists():
                out.rmdir()
            staged.rename(out)
    except HydrateError as error:
        print(f"hydrate failed, nothing was written: {error}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError) as error:
        print(f"hydrate failed, nothing was written: {args.edition} is not a whole text-free edition ({error})", file=sys.stderr)
        return 1
    print(f"full edition restored in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
