"""Read curated YAML so that every record knows the file and line it came from.

Errors in curated input must point a curator at the exact place to fix, so
mappings are loaded as ``Record`` objects carrying their source location.
"""

from pathlib import Path

import yaml


class CurationError(Exception):
    """Curated input that cannot be published; the message says where and what to fix."""


class Record(dict):
    """A YAML mapping that remembers where it was written."""

    path: str = "?"
    line: int = 0

    def where(self) -> str:
        ident = self.get("id") or self.get("surface") or self.get("text") or self.get("name_as_printed")
        label = f" (record {ident!r})" if ident else ""
        return f"{self.path}:{self.line}{label}"

    def fail(self, message: str) -> "CurationError":
        return CurationError(f"{self.where()}: {message}")


def _loader_for(path: str) -> type:
    class RecordLoader(yaml.SafeLoader):
        pass

    # Dates stay strings so that a malformed one is reported with its record
    # (PyYAML would raise a bare ValueError for 2018-13-01, without a line).
    RecordLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_record(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Record:
        record = Record(loader.construct_mapping(node, deep=True))
        record.path = path
        record.line = node.start_mark.line + 1
        return record

    RecordLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_record)
    return RecordLoader


def load_yaml(path: Path, root: Path):
    """Parse one curated file; a syntax error names the file, line and column."""
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_loader_for(shown))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise CurationError(f"{where}: malformed YAML: {error.problem}; fix the syntax there") from error
    except FileNotFoundError as error:
        raise CurationError(f"{shown}: file is missing") from error


def check_keys(record: Record, allowed: set[str]) -> None:
    unknown = sorted(set(record) - allowed)
    if unknown:
        raise record.fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def require(record: Record, key: str):
    value = record.get(key)
    if value is None or value == "":
        raise record.fail(f"missing required key '{key}'")
    return value


def record_list(document, key: str | None, path: str) -> list[Record]:
    """The list of records in a document, either top-level or under ``key``."""
    if document is None:
        raise CurationError(f"{path}: the file is empty; write its records or an empty list []")
    items = document.get(key) if key and isinstance(document, dict) else document
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(item, Record) for item in items):
        raise CurationError(f"{path}: expected a list of mappings{f' under {key!r}' if key else ''}")
    return items


def load_records(path: Path, root: Path) -> list[Record]:
    """The records of a curated file whose top level is a list."""
    return record_list(load_yaml(path, root), None, str(path.relative_to(root)))


def load_article_records(path: Path, root: Path, key: str, articles) -> tuple[str, list[Record]]:
    """A per-article file: its 'article' id (one of ``articles``) and the records under ``key``."""
    shown = str(path.relative_to(root))
    document = load_yaml(path, root)
    article_id = document.get("article") if isinstance(document, dict) else None
    if article_id not in articles:
        raise CurationError(f"{shown}: 'article' must name a known article, got {article_id!r}")
    check_keys(document, {"article", key})
    if key not in document:
        raise CurationError(f"{shown}: the records go under '{key}:' (write '{key}: []' for none)")
    return article_id, record_list(document, key, shown)
