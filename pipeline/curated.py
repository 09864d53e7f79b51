"""Find, load and validate every curated file before any builder code runs.

The layout is fixed (metadata/curated.yaml): global files in data/curated/
and one folder per article in data/curated/articles/<article_id>/. A file
the build would not read stops the build, so that no edit can vanish
unread. Each file is validated against its JSON Schema, and an error names
the file, the line and record, the key, and what to fix.
"""

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import datetime as dt

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker

from pipeline.errors import CurationError, excerpt
from pipeline.metadata import Metadata
from pipeline.parse_cache import ParseCache
from pipeline.safe_yaml import Items, Record, check_regular, decode, parse, read_bytes, shown_path

ARTICLE_PLACEHOLDER = "{article_id}"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FOLDER_DOCS = {"README.md"}
MAX_ERRORS = 5


@dataclass
class ArticleFiles:
    """The curated input of one article."""

    article_id: str
    article: Record
    records: dict[str, list[Record]] = field(default_factory=dict)


@dataclass
class Curated:
    """Every curated record, validated, by file kind."""

    documents: dict[str, object]
    articles: dict[str, ArticleFiles]

    def __getitem__(self, kind: str):
        return self.documents[kind]


def _is_date(value) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


class FileSchema:
    """One kind of curated file's JSON Schema: fastjsonschema for the verdict (compiled, fast), jsonschema for
    the messages when it says no. Both are made on first use: a build whose files all come from the parse
    cache validates nothing anew."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self.digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).digest()

    @cached_property
    def fast(self):
        return fastjsonschema.compile(self.schema, formats={"date": _is_date})

    @cached_property
    def explain(self) -> Draft7Validator:
        return Draft7Validator(self.schema, format_checker=FormatChecker())


def _file_schemas(metadata: Metadata) -> dict[str, FileSchema]:
    return {kind: FileSchema(metadata.curated_schema(kind)) for kind in metadata.curated["files"]}


def load_curated(root: Path, metadata: Metadata, cache: ParseCache | None = None) -> Curated:
    """Every curated file, validated; with a cache, a file parsed and validated before is taken from it."""
    curated_dir = root / "data" / "curated"
    files = metadata.curated["files"]
    file_schemas = _file_schemas(metadata)
    global_kinds = {kind: spec["path"] for kind, spec in files.items() if ARTICLE_PLACEHOLDER not in spec["path"]}
    article_kinds = {kind: spec for kind, spec in files.items() if ARTICLE_PLACEHOLDER in spec["path"]}
    articles_dir = curated_dir / "articles"
    expected = {Path(path).name for path in global_kinds.values()} | FOLDER_DOCS | {articles_dir.name}
    _refuse_unknown(curated_dir, expected, root, "data/curated/ holds the global files and articles/")
    documents = {}
    # Real locations, resolved once: a file that is not a link is placed by its folder's.
    real_curated = os.path.realpath(curated_dir)
    for kind, path in global_kinds.items():
        documents[kind] = _load_valid(root / path, root, curated_dir, file_schemas[kind], cache, real_curated)
    real_articles = check_regular(articles_dir, root, curated_dir, folder=True, real_parent=real_curated)
    articles: dict[str, ArticleFiles] = {}
    article_files = {Path(spec["path"]).name: kind for kind, spec in article_kinds.items()}
    for folder in sorted(articles_dir.iterdir()):
        shown = shown_path(folder, root)
        real_folder = check_regular(folder, root, curated_dir, folder=True, real_parent=real_articles)
        if not SLUG.fullmatch(folder.name):
            raise CurationError(f"{shown}: an article folder is named by its article id, a lowercase slug")
        _refuse_unknown(folder, set(article_files), root, f"an article folder holds {', '.join(sorted(article_files))}")
        loaded = {}
        for filename, kind in article_files.items():
            path = folder / filename
            if not path.exists() and not path.is_symlink():
                if article_kinds[kind].get("optional"):
                    loaded[kind] = []
                    continue
                raise CurationError(f"{shown_path(path, root)}: file is missing; write its records or an empty list []")
            loaded[kind] = _load_valid(path, root, curated_dir, file_schemas[kind], cache, real_folder)
        article = loaded.pop("article")
        if article["article_id"] != folder.name:
            raise article.fail(f"article_id {excerpt(article['article_id'])} differs from its folder's name {excerpt(folder.name)}")
        articles[folder.name] = ArticleFiles(folder.name, article, loaded)
    if not articles:
        raise CurationError(f"{shown_path(articles_dir, root)}: no article folders")
    if cache:
        cache.prune()
    return Curated(documents, articles)


def _refuse_unknown(folder: Path, expected: set[str], root: Path, layout: str) -> None:
    for entry in sorted(folder.iterdir()):
        if entry.name not in expected:
            raise CurationError(
                f"{shown_path(entry, root)}: the build does not read this; {layout} "
                f"(data/curated/README.md). Rename it to what it is, or move it out of data/curated"
            )


def _load_valid(
    path: Path, root: Path, curated_dir: Path, file_schema: FileSchema, cache: ParseCache | None, real_parent: str
):
    data, shown = read_bytes(path, root, curated_dir, real_parent=real_parent), shown_path(path, root)
    key = cache.key(file_schema.digest, shown, data) if cache else None
    document = cache.get(key) if cache else None
    if document is None:
        document = _parse_valid(decode(data, shown), shown, file_schema)
        if cache:
            cache.put(key, document)
    return document


def _parse_valid(text: str, shown: str, file_schema: FileSchema):
    document = parse(text, shown)
    if document is None:
        raise CurationError(f"{shown}:1: the file is empty; write its records, or [] for none")
    try:
        file_schema.fast(document)
    except fastjsonschema.JsonSchemaValueException as refusal:
        errors = sorted(file_schema.explain.iter_errors(document), key=lambda error: _line(document, error))
        if not errors:
            raise CurationError(f"{shown}: {excerpt(refusal.message)}") from refusal
        messages = [_message(document, error, shown) for error in errors[:MAX_ERRORS]]
        more = f"\n  … and {len(errors) - MAX_ERRORS} more" if len(errors) > MAX_ERRORS else ""
        raise CurationError("\n  ".join(messages) + more) from refusal
    return document


def _located(document, error) -> tuple[Record | None, str | None, int | None]:
    """The innermost record on the error's path, the key of it the error is about, and the line of a list item.

    A mapping written where a value belongs is reported at its parent record's key; a scalar written where a
    record belongs, at its own line.
    """
    node, record, key, line = document, document if isinstance(document, Record) else None, None, None
    parts = list(error.absolute_path)
    for position, part in enumerate(parts):
        if isinstance(node, Record) and isinstance(part, str):
            key = part
        if isinstance(node, Items) and isinstance(part, int):
            line = node.lines[part]
        node = node[part]
        if isinstance(node, Record) and (position < len(parts) - 1 or isinstance(part, int)):
            record, key, line = node, None, None
    return record, key, line


def _line(document, error) -> int:
    record, _, line = _located(document, error)
    return line or (record.line if record is not None else 0)


def _message(document, error, shown: str) -> str:
    record, key, line = _located(document, error)
    if line is not None:
        where = f"{shown}:{line}"
    else:
        where = record.where(key) if record is not None else f"{shown}:1"
    about = f"key {excerpt(key)}: " if key else ""
    value, kind = error.instance, error.validator
    if kind == "required":
        missing = re.match(r"'([^']+)'", error.message)
        return f"{where}: missing required key {excerpt(missing.group(1) if missing else error.message)}"
    if kind == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = ", ".join(sorted(k for k in value if k not in error.schema.get("properties", {})))
        return f"{where}: unknown key(s) {extra}; allowed: {allowed}"
    if kind == "dependencies":
        return f"{where}: {error.message}; a date and its precision go together"
    if kind == "type":
        wanted = error.validator_value
        if value is None:
            return f"{where}: {about}empty; write a value or leave the key out"
        if wanted == "object":
            return f"{where}: {about}expected a record (key: value lines), got {excerpt(value)}"
        if wanted == "array":
            return f"{where}: {about}expected a list (lines starting with '- ', or [] for none), got {excerpt(value)}"
        return f"{where}: {about}expected {'an' if wanted[0] in 'aeiou' else 'a'} {wanted}, got {excerpt(value)}"
    if kind == "enum":
        return f"{where}: {about}{excerpt(value)} is not one of {', '.join(map(str, error.validator_value))}"
    if kind == "pattern":
        hint = " (a lowercase slug such as jack-ma)" if error.validator_value == SLUG.pattern.join("^$") else ""
        return f"{where}: {about}{excerpt(value)} does not match {error.validator_value}{hint}"
    if kind == "format":
        return f"{where}: {about}malformed date {excerpt(value)}; write a real date as YYYY-MM-DD"
    if kind == "minLength":
        return f"{where}: {about}empty text; write a value or leave the key out"
    if kind in ("minimum", "maximum"):
        return f"{where}: {about}{excerpt(value)} is out of range ({kind} {error.validator_value})"
    return f"{where}: {about}{excerpt(error.message)}"
