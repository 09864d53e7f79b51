"""The text-free edition: every table without the publishers' words, and everything needed to restore them.

    python -m pipeline.text_free [OUT_DIR]          # default: dist/text-free

For users who may not redistribute the article texts. Built from the
published package:

- the article bodies and every column that a span delimits (claims.quote,
  mentions.surface, quantities.text, …; metadata's span_of) are left empty,
  and beside each such column <column>_sha256 holds the SHA-256 of the words
  it held; the spans stay, and so do articles.text_sha256 and raw_sha256;
- in every other text column, each run of MIN_WORDS or more consecutive
  words that a raw capture prints exactly so (the Indonesian the English
  notes quote, a headline, a subtitle) is replaced by a marker
  ⟦article_id:start:end⟧ naming where in the capture it stands;
- the full edition's descriptors, schemas and Croissant record travel in
  full/, so that `pipeline.hydrate` can restore the full edition byte for
  byte from a user's own copies of the pages.

Names (of people, organizations, places), identifiers, codes and addresses
stay. No cell keeps a run of MIN_WORDS of the publishers' words, and a test
measures that under 10% of each body can be recovered from the edition.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.build import ROOT, report_invalid
from pipeline.errors import CurationError
from pipeline.metadata import Metadata, load_metadata
from pipeline.parquet import write_parquet
from pipeline.publish import DESCRIPTORS, csv_resource, parquet_resource, write_csv, write_descriptor, write_json
from pipeline.quoting import MIN_WORDS, WORD, word_runs
from pipeline.transaction import guard
from pipeline.validation import frictionless_errors

FULL = "full"
CARRIED = [*DESCRIPTORS.values(), "croissant.json"]
DOCUMENTS = ["LICENSE", "CITATION.cff"]
NOTE = (
    " Text-free edition: the article bodies and the verbatim words that spans delimit are left out; every span "
    "stays, with the SHA-256 of the words it delimited, and `python -m pipeline.hydrate` restores the full "
    "edition from your own copies of the five pages. Short words without a span (reporting verbs, datelines, "
    "credit lines) and short quotations in the English notes remain."
)
HASH_SUFFIX = "_sha256"
MARKER = re.compile(r"⟦([a-z0-9-]+):([0-9]+):([0-9]+)⟧")
# Facts and keys, not the publishers' prose: kept as they are.
KEPT_COLUMNS = {"name", "aliases", "name_indonesian", "url", "raw_path"}



class Captures:
    """The raw captures, for finding where a run of their words stands in them."""

    def __init__(self, root: Path, articles: list[dict], names: set[str]) -> None:
        self.texts = {row["article_id"]: (root / row["raw_path"]).read_text(encoding="utf-8") for row in articles}
        self.names = names
        self.runs = {}
        for article_id, text in sorted(self.texts.items()):
            for run in word_runs(text, MIN_WORDS):
                self.runs.setdefault(run, article_id)

    def redact(self, value: str) -> str:
        """The value with every run of MIN_WORDS or more captured words (not a name) replaced by its marker."""
        words = [match.span() for match in WORD.finditer(value)]
        out, position, first = [], 0, 0
        while first <= len(words) - MIN_WORDS:
            start = words[first][0]
            last = first + MIN_WORDS - 1
            article_id = self.runs.get(value[start:words[last][1]])
            if article_id is None:
                first += 1
                continue
            # Extend the run while the capture holds it exactly, separators included.
            while last + 1 < len(words) and value[start:words[last + 1][1]] in self.texts[article_id]:
                last += 1
            end = words[last][1]
            if value[start:end] in self.names:
                first = last + 1
                continue
            offset = self.texts[article_id].index(value[start:end])
            out.append(value[position:start] + f"⟦{article_id}:{offset}:{offset + end - start}⟧")
            position, first = end, last + 1
        return "".join(out) + value[position:]


def sha256_text(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def blanked_columns(metadata: Metadata, table: str) -> list[str]:
    """The columns the edition leaves out: the body itself, and each table's spanned words."""
    spanned = metadata.spanned_column(table)
    columns = [spanned[0]] if spanned else []
    return columns + (["text"] if table == "articles" else [])


def text_free_schema(schema: dict, blanked: list[str]) -> dict:
    """The schema with each blanked column optional and described as such, a hash column after it."""
    schema = json.loads(json.dumps(schema))
    present = {field["name"] for field in schema["fields"]}
    fields = []
    for field in schema["fields"]:
        fields.append(field)
        if field["name"] not in blanked:
            continue
        field.get("constraints", {}).pop("required", None)
        if not field.get("constraints"):
            field.pop("constraints", None)
        field["description"] += " Empty in the text-free edition; `python -m pipeline.hydrate` restores it."
        if f"{field['name']}{HASH_SUFFIX}" in present:
            continue  # articles.text_sha256 is published in both editions
        fields.append(
            {
                "name": f"{field['name']}{HASH_SUFFIX}",
                "type": "string",
                "description": f"SHA-256 of {field['name']} in the full edition (UTF-8, lowercase hexadecimal): "
                "the check that restored words are the words.",
                "example": "0" * 64 + " (hypothetical)",
                "constraints": {"required": True, "pattern": "^[0-9a-f]{64}$"},
            }
        )
    schema["fields"] = fields
    return schema


def read_rows(path: Path, schema: dict) -> list[dict]:
    """The published CSV's rows, typed by its schema, so that they write back to the same bytes."""
    import pandas as pd

    table = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    typed = {
        "string": str, "integer": int, "number": float, "date": dt.date.fromisoformat,
        "boolean": {"true": True, "false": False}.__getitem__,
    }
    rows = []
    for record in table.to_dict("records"):
        rows.append({
            field["name"]: None if pd.isna(record[field["name"]]) else typed[field["type"]](record[field["name"]])
            for field in schema["fields"]
        })
    return rows


def entity_names(root: Path, full: dict) -> set[str]:
    """Every name and alias of the people, organizations and places: facts, kept in every edition."""
    import pandas as pd

    names = set()
    for resource in full["resources"]:
        table = pd.read_csv(root / resource["path"], dtype=str, keep_default_na=False)
        for column in KEPT_COLUMNS & {"name", "aliases", "name_indonesian"} & set(table.columns):
            for value in table[column]:
                names.update(part for part in value.split(" | ") if part)
    return names


def redacted(field: dict, blanked: list[str]) -> bool:
    """Whether a column's runs of captured words are replaced by markers: text columns, not names, keys or codes."""
    constraints = field.get("constraints", {})
    return not (field["type"] != "string" or field["name"] in blanked or field["name"] in KEPT_COLUMNS
                or "pattern" in constraints or "enum" in constraints)


def write_edition(root: Path, metadata: Metadata, out: Path) -> None:
    full = json.loads((root / DESCRIPTORS["csv"]).read_text(encoding="utf-8"))
    articles_resource = next(r for r in full["resources"] if r["name"] == "articles")
    articles_schema = json.loads((root / articles_resource["schema"]).read_text(encoding="utf-8"))
    captures = Captures(root, read_rows(root / articles_resource["path"], articles_schema), entity_names(root, full))
    for folder in ("data", "schemas", FULL):
        (out / folder).mkdir(parents=True, exist_ok=True)
    resources: dict[str, list[dict]] = {"csv": [], "parquet": []}
    for resource in full["resources"]:
        name = resource["name"]
        schema = json.loads((root / resource["schema"]).read_text(encoding="utf-8"))
        blanked = blanked_columns(metadata, name)
        columns = [field["name"] for field in schema["fields"] if redacted(field, blanked)]
        rows = read_rows(root / resource["path"], schema)
        for row in rows:
            for column in blanked:
                row[f"{column}{HASH_SUFFIX}"] = sha256_text(row[column])
                row[column] = None
            for column in columns:
                if row[column] is not None:
                    if MARKER.search(row[column]):
                        raise CurationError(f"{name}.{column}: a value already holds a marker ⟦…⟧; the edition could not be restored")
                    row[column] = captures.redact(row[column])
        schema = text_free_schema(schema, blanked)
        write_json(out / "schemas" / f"{name}.json", schema)
        write_csv(out / "data" / f"{name}.csv", rows, schema)
        write_parquet(out / "data" / f"{name}.parquet", rows, schema)
        resources["csv"].append(csv_resource(name, schema, out, None))
        resources["parquet"].append(parquet_resource(name, schema, out, None))
    package = {key: value for key, value in full.items() if key != "resources"}
    package["name"] += "-text-free"
    package["title"] += " (text-free edition)"
    package["description"] += NOTE
    for edition, entries in resources.items():
        write_descriptor(out, edition, package, entries)
    # The full edition's descriptors name its files' hashes: hydrate proves byte-identity against them.
    for name in CARRIED:
        shutil.copy2(root / name, out / FULL / name)
    shutil.copytree(root / "schemas", out / FULL / "schemas", ignore=shutil.ignore_patterns("curated"))
    for name in DOCUMENTS:
        shutil.copy2(root / name, out / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", help="directory to write the edition to (default: dist/text-free)")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "dist" / "text-free").resolve()
    if out == root or out in root.parents or (out.exists() and any(out.iterdir()) and not (out / FULL).exists()):
        print(f"refusing to replace {out}: give a new directory or a previous edition", file=sys.stderr)
        return 1
    try:
        with guard(root):
            metadata = load_metadata(root)
            out.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=".text-free-", dir=out.parent) as tmp:
                staged = Path(tmp) / "edition"
                write_edition(root, metadata, staged)
                errors = [error for name in DESCRIPTORS.values() for error in frictionless_errors(staged / name)]
                if errors:
                    report_invalid("the text-free edition is invalid, nothing was written:", errors)
                    return 1
                if out.exists():
                    shutil.rmtree(out)
                os.replace(staged, out)
    except (CurationError, OSError) as error:
        print(f"text-free edition failed, nothing was written: {error}", file=sys.stderr)
        return 1
    print(f"text-free edition written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
