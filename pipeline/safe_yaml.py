"""Read a curated YAML file so that no input can crash, hang or silently change the build.

Every mapping becomes a ``Record`` that knows its file and line, so that a
curator is pointed at the exact place to fix. The file is checked before it
is parsed (a regular file inside its folder, of bounded size, UTF-8, with no
control characters), parsed with libyaml's C parser, and refused when it uses
what curated data never needs and an attacker or a slip would: anchors and
aliases (an alias bomb expands to gigabytes), explicit tags (``!!timestamp``
with a time, ``!!binary``), merge keys, deep nesting, duplicate keys (YAML
would keep the later value without a word), non-text keys, and numbers no
column can hold (NaN, infinities, integers beyond 64 bits).
"""

import math
import os
import re
import stat
from pathlib import Path

import yaml

from pipeline.errors import CurationError, excerpt

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 10
MAX_INTEGER = 2**63 - 1
# libyaml's C composer recurses once per nesting level and crashes the
# interpreter somewhere past ten thousand levels. Block nesting is bounded by
# the file size (each level indents one column more); flow nesting by the
# number of "[" and "{". Beyond this many, every event is checked first.
FLOW_OPENERS_CHECKED_WITHOUT_SCAN = 1000

# C0 and C1 controls other than tab and newline, lone surrogates (YAML's
# "\ud800" escape makes them) and the two noncharacters of the BMP's end.
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class Record(dict):
    """A YAML mapping that remembers where it was written."""

    path: str = "?"
    line: int = 0
    ident_keys: tuple[str, ...] = ()

    def where(self, key: str | None = None) -> str:
        """path:line (record …): the line of ``key`` when it is given and written, else the record's first line."""
        ident = next((self[key] for key in self.ident_keys if isinstance(self.get(key), str)), None)
        if ident is None:
            ident = next(
                (value for key, value in self.items() if key.endswith("_id") and isinstance(value, str)), None
            )
        if ident is None:
            ident = next(
                (self[key] for key in ("text", "surface", "quote", "name_as_printed", "word") if isinstance(self.get(key), str)),
                None,
            )
        label = f" (record {excerpt(ident)})" if ident else ""
        line = getattr(self, "key_lines", {}).get(key, self.line)
        return f"{self.path}:{line}{label}"

    def fail(self, message: str) -> CurationError:
        return CurationError(f"{self.where()}: {message}")


class Items(list):
    """A YAML sequence that remembers the line of each item, so that a wrong item can be pointed at."""

    lines: list[int]


def shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def check_regular(path: Path, root: Path, inside: Path, folder: bool = False, real_parent: str | None = None) -> str:
    """A regular file (or, with folder, a folder) whose real location is inside ``inside``, and that location;
    never opens anything that could block.

    ``real_parent`` is the real location of the path's folder, already checked to be inside, when the caller
    has it: a path that is not itself a link is then placed without resolving every folder above it again."""
    thing = "folder" if folder else "file"
    if real_parent is not None:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError as error:
            raise CurationError(f"{shown_path(path, root)}: {thing} is missing") from error
        except OSError:
            mode = None  # resolved below, where the message is made
        if mode is not None and not stat.S_ISLNK(mode):
            _check_kind(path, root, mode, folder)
            return os.path.join(real_parent, path.name)
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError as error:
        raise CurationError(f"{shown_path(path, root)}: {thing} is missing") from error
    except OSError as error:
        replacement = "the folder" if folder else "the file itself"
        raise CurationError(
            f"{shown_path(path, root)}: cannot follow this path ({error}); replace the link with {replacement}"
        ) from error
    home = os.path.realpath(inside)
    if real != home and not real.startswith(home + os.sep):
        raise CurationError(
            f"{shown_path(path, root)}: it is a link to {real}, outside {shown_path(inside, root)}; "
            f"put the {thing} itself there"
        )
    _check_kind(path, root, os.stat(real).st_mode, folder)
    return real


def _check_kind(path: Path, root: Path, mode: int, folder: bool) -> None:
    if folder and not stat.S_ISDIR(mode):
        raise CurationError(f"{shown_path(path, root)}: expected a folder")
    if not folder and not stat.S_ISREG(mode):
        what = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a pipe, socket or device)"
        raise CurationError(f"{shown_path(path, root)}: it is {what}; the build reads only regular files here")


def read_bytes(
    path: Path, root: Path, inside: Path, max_bytes: int = MAX_FILE_BYTES, real_parent: str | None = None
) -> bytes:
    """The file's bytes, from a regular file inside ``inside`` of at most ``max_bytes`` (see check_regular for
    ``real_parent``)."""
    shown = shown_path(path, root)
    check_regular(path, root, inside, real_parent=real_parent)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise CurationError(f"{shown}: cannot be read ({error.strerror}); check its permissions") from error
    if len(data) > max_bytes:
        raise CurationError(f"{shown}: larger than {max_bytes:,} bytes; split it or check that it is the right file")
    return data


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text without a byte-order mark or control characters, or a CurationError giving the position."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8")
        raise CurationError(
            f"{shown}:{_position(good, len(good))}: not UTF-8 (byte {data[error.start]:#04x}); save the file as UTF-8"
        ) from error
    if text.startswith("\ufeff"):
        raise CurationError(f"{shown}:1:1: the file starts with a byte-order mark; save it as UTF-8 without one")
    bad = FORBIDDEN_CHARACTER.search(text)
    if bad:
        where = f"{shown}:{_position(text, bad.start())}"
        if bad.group() == "\r":
            raise CurationError(
                f"{where}: the file has Windows line endings (CR LF); convert it to LF "
                "(.gitattributes pins LF; a checkout with core.autocrlf=true rewrites them)"
            )
        raise CurationError(f"{where}: control character {excerpt(bad.group())} in the file; remove it")
    return text


def read_text(path: Path, root: Path, inside: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or a CurationError naming the file and the position of what is wrong."""
    return decode(read_bytes(path, root, inside, max_bytes), shown_path(path, root))


def _resolvers() -> dict:
    # Dates stay text so that a malformed one is reported with its record,
    # and "<<" is an ordinary (and therefore unknown) key, not a merge.
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in dropped]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


STRING, INTEGER, FLOAT, BOOLEAN, NULL = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")
)


class _Loader(yaml.CSafeLoader):
    yaml_implicit_resolvers = _resolvers()
    # Characters a plain scalar must start with to be anything but text.
    typed_starts = frozenset(yaml_implicit_resolvers)

    def resolve(self, kind, value, implicit):
        # libyaml calls this once per scalar; most are text, which PyYAML's
        # general resolver takes long to conclude.
        if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in self.typed_starts)):
            return STRING
        return super().resolve(kind, value, implicit)


class _Converter:
    """Python values from the nodes libyaml composed, in one plain recursive pass.

    PyYAML's own constructor would do the same more slowly; this one also
    refuses what curated data never needs. An alias shows as a node met
    twice; explicit tags such as !!timestamp or !!binary show as tags no
    plain value has.
    """

    def __init__(self, loader: _Loader, shown: str) -> None:
        self.loader, self.shown, self.seen = loader, shown, set()

    def fail(self, node: yaml.Node, message: str) -> CurationError:
        return CurationError(f"{self.shown}:{node.start_mark.line + 1}: {message}")

    def value(self, node: yaml.Node, depth: int = 0):
        if id(node) in self.seen:
            raise self.fail(node, "YAML anchors and aliases (& and *) are not allowed; write the value out")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep; curated records are flatter")
        if isinstance(node, yaml.MappingNode):
            return self.record(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = Items(self.value(child, depth + 1) for child in node.value)
            items.lines = [child.start_mark.line + 1 for child in node.value]
            return items
        return self.scalar(node)

    def record(self, node: yaml.MappingNode, depth: int) -> Record:
        record = Record()
        record.path, record.line = self.shown, node.start_mark.line + 1
        record.key_lines = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, depth + 1)
            if not isinstance(key, str):
                raise self.fail(key_node, f"the key {excerpt(key)} is not text; keys are names such as claim_id")
            if key in record:
                raise self.fail(key_node, f"the key {excerpt(key)} is written twice in one record; keep one")
            record[key] = self.value(value_node, depth + 1)
            record.key_lines[key] = key_node.start_mark.line + 1
        return record

    def scalar(self, node: yaml.ScalarNode):
        tag = node.tag
        if tag == STRING:
            bad = FORBIDDEN_CHARACTER.search(node.value)
            if bad:
                raise self.fail(node, f"the text {excerpt(node.value)} holds the character {excerpt(bad.group())}; remove it")
            return node.value
        if tag == INTEGER:
            try:
                value = self.loader.construct_yaml_int(node)
            except ValueError:  # past Python's 4,300 digits for turning text into an integer
                value = MAX_INTEGER + 1
            if abs(value) > MAX_INTEGER:
                raise self.fail(node, f"the number {excerpt(node.value)} is too large for any column")
            return value
        if tag == FLOAT:
            value = self.loader.construct_yaml_float(node)
            if not math.isfinite(value):
                raise self.fail(node, f"{excerpt(node.value)} is not a number a column can hold; write a finite number")
            return value
        if tag == BOOLEAN:
            return self.loader.construct_yaml_bool(node)
        if tag == NULL:
            return None
        raise self.fail(node, f"explicit YAML tags ({tag}) are not allowed; write a plain value")


def _scan(text: str, shown: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting before anything is built from the file."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        where = f"{shown}:{event.start_mark.line + 1}:{event.start_mark.column + 1}"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise CurationError(f"{where}: YAML anchors and aliases (& and *) are not allowed; write the value out")
        if getattr(event, "tag", None) is not None:
            raise CurationError(f"{where}: explicit YAML tags ({event.tag}) are not allowed; write a plain value")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise CurationError(f"{where}: nested more than {MAX_DEPTH} levels deep; curated records are flatter")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def load(path: Path, root: Path, inside: Path):
    """Read and parse one curated file; every problem is a CurationError naming the file and line."""
    return parse(read_text(path, root, inside), shown_path(path, root))


def parse(text: str, shown: str):
    """The document ``text`` holds (checked by read_text); ``shown`` names its file in messages."""
    try:
        # Anchors, aliases and tags need "&", "*" or "!": most files hold none,
        # and the event scan, which doubles the parsing time, is then skipped.
        if any(mark in text for mark in "&*!") or text.count("[") + text.count("{") > FLOW_OPENERS_CHECKED_WITHOUT_SCAN:
            _scan(text, shown)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            return None if node is None else _Converter(loader, shown).value(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise CurationError(f"{where}: malformed YAML: {error.problem or error.context}; fix the syntax there") from error
    except yaml.YAMLError as error:
        raise CurationError(f"{shown}: malformed YAML ({excerpt(str(error))}); fix the syntax") from error
