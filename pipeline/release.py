"""Build the single-file release editions of the published package.

    python -m pipeline.release [--root ROOT] [--out DIR]

Reads the published package at ROOT (datapackage.json and the table schemas
it points to) and writes, into DIR (default ROOT/dist):

    <name>-<version>.zip             the package, datapackage.json at the zip root
    <name>-<version>.sqlite          every table, typed, with keys and indexes
    <name>-<version>.metadata.json   Datasette metadata for the SQLite file, with the canned queries
    <name>-<version>.xlsx            a README sheet and one sheet per table
    <name>-text-free-<version>.zip   the text-free edition (pipeline/text_free.py)
    SHA256SUMS                       for `sha256sum -c`

Everything is driven by the descriptor and the schemas, never by table or
column names, and the same package gives the same bytes on every build.
The editions are written to a temporary directory and moved into DIR only
when all of them succeed.
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import openpyxl
import sqlite_utils
import yaml
from frictionless import validate
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.writer.excel import ExcelWriter

from pipeline.citation import apa
from pipeline.dates import ISO_LENGTH
from pipeline.errors import CurationError
from pipeline.publish import DESCRIPTORS, file_sha256, write_json
from pipeline.queries import QUERIES
from pipeline.metadata import load_metadata
from pipeline.text_free import write_edition
from pipeline.transaction import guard

ROOT = Path(__file__).resolve().parent.parent
PARQUET_DESCRIPTOR = DESCRIPTORS["parquet"]
DOCUMENTS = ["README.md", "LICENSE", "CITATION.cff", "croissant.json", "docs/data-dictionary.md", "docs/naming.md",
             "docs/questions.md", "docs/annotation-guideline.md", "docs/timeline.png"]
# The README's pictures and recipes travel too, so that its links to them work inside the zip.
DOCUMENT_GLOBS = ["docs/screenshots/*.png", "examples/*"]
# The raw captures travel with the package: articles.raw_path points at them.
RAW_CAPTURES = "data/raw/*.txt"
FIELDS_TABLE = "_fields"
SHEET_NAME_LIMIT = 31
EXCEL_CELL_LIMIT = 32767
MAX_COLUMN_WIDTH = 60
# ZIP timestamps cannot predate 1980.
EARLIEST_STAMP = dt.datetime(1980, 1, 1)
# Frictionless' defaults, used when a boolean field names no values of its own.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
SQLITE_TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}


class ReleaseError(Exception):
    """A problem the user can fix; main() prints it on one line."""


class Table(NamedTuple):
    name: str
    resource: dict
    schema: dict
    rows: list[dict]


# ---------------------------------------------------------------- reading


def read_json(root: Path, relative: str) -> dict:
    path = root / relative
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReleaseError(f"{path}: missing; run `make build` to publish the package first") from None
    except json.JSONDecodeError as error:
        raise ReleaseError(f"{path}: not valid JSON ({error}); rebuild it with `make build`") from None


def boolean_parser(field: dict):
    values = dict.fromkeys(field.get("trueValues", TRUE_VALUES), True)
    values |= dict.fromkeys(field.get("falseValues", FALSE_VALUES), False)

    def parse(text: str) -> bool:
        if text not in values:
            raise ValueError(f"not one of {sorted(values)}")
        return values[text]

    return parse


def cell_parser(field: dict):
    kind = field["type"]
    if kind == "boolean":
        return boolean_parser(field)
    if kind == "date" and field.get("format", "default") != "default":
        raise ReleaseError(f"field {field['name']}: date format {field['format']!r} is not supported; use ISO dates")
    parsers = {"string": str, "integer": int, "number": float, "date": dt.date.fromisoformat}
    if kind not in parsers:
        raise ReleaseError(f"field {field['name']}: type {kind!r} is not supported; teach pipeline/release.py about it")
    return parsers[kind]


def read_rows(path: Path, resource: dict, schema: dict) -> list[dict]:
    """The CSV's rows with values typed as the schema says, None where missing."""
    fields = schema["fields"]
    names = [field["name"] for field in fields]
    parsers = [cell_parser(field) for field in fields]
    missing = set(schema.get("missingValues", [""]))
    dialect = resource.get("dialect", {})
    rows = []
    with path.open(encoding=resource.get("encoding", "utf-8"), newline="") as handle:
        reader = csv.reader(handle, delimiter=dialect.get("delimiter", ","), quotechar=dialect.get("quoteChar", '"'))
        header = next(reader, [])
        if header != names:
            raise ReleaseError(f"{path}: header {header} differs from its schema's fields {names}; run `make build`")
        for cells in reader:
            if len(cells) != len(names):
                raise ReleaseError(
                    f"{path}, line {reader.line_num}: {len(cells)} cells for {len(names)} fields; run `make build`"
                )
            row = {}
            for field, parse, cell in zip(fields, parsers, cells):
                try:
                    row[field["name"]] = None if cell in missing else parse(cell)
                except ValueError as error:
                    raise ReleaseError(
                        f"{path}, line {reader.line_num}, {field['name']}: {cell!r} is no {field['type']} ({error});"
                        " run `make build`"
                    ) from None
            rows.append(row)
    return rows


def read_package(root: Path) -> tuple[dict, list[Table]]:
    descriptor = read_json(root, "datapackage.json")
    tables = []
    for resource in descriptor["resources"]:
        schema = read_json(root, resource["schema"])
        path = root / resource["path"]
        if not path.exists():
            raise ReleaseError(f"{path}: missing; run `make build` to publish the package first")
        tables.append(Table(resource["name"], resource, schema, read_rows(path, resource, schema)))
    if FIELDS_TABLE in {table.name for table in tables}:
        raise ReleaseError(f"datapackage.json: a resource is named {FIELDS_TABLE}, which the SQLite edition reserves")
    return descriptor, tables


def release_stamp(descriptor: dict) -> dt.datetime:
    """The package's creation time (UTC, naive): every timestamp inside the editions, so rebuilds match."""
    created = descriptor.get("created")
    if not created:
        return EARLIEST_STAMP
    try:
        stamp = dt.datetime.fromisoformat(created)
    except ValueError:
        raise ReleaseError(
            f"datapackage.json: created {created!r} is not an ISO date-time; fix it in data/curated/package.yaml"
        ) from None
    if stamp.tzinfo:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return max(stamp, EARLIEST_STAMP)


def basename(descriptor: dict) -> str:
    return f"{descriptor['name']}-{descriptor['version']}"


# ---------------------------------------------------------------- zip


def write_zip(path: Path, entries: list[tuple[str, bytes]], stamp: dt.datetime) -> None:
    """A ZIP whose bytes depend only on the entries: fixed time, permissions, system and compression."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below mean the same everywhere
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)


def package_paths(root: Path, descriptor: dict) -> list[str]:
    parquet = read_json(root, PARQUET_DESCRIPTOR)
    paths = {"datapackage.json", PARQUET_DESCRIPTOR, *DOCUMENTS}
    for pattern in (RAW_CAPTURES, *DOCUMENT_GLOBS):
        paths.update(path.relative_to(root).as_posix() for path in root.glob(pattern) if path.is_file())
    for resource in descriptor["resources"] + parquet["resources"]:
        paths.update([resource["path"], resource["schema"]])
    return sorted(paths)


def write_package_zip(root: Path, descriptor: dict, path: Path, stamp: dt.datetime) -> None:
    entries = []
    for relative in package_paths(root, descriptor):
        try:
            entries.append((relative, (root / relative).read_bytes()))
        except FileNotFoundError:
            raise ReleaseError(f"{root / relative}: missing; run `make build` to publish the package first") from None
    write_zip(path, entries, stamp)
    report = validate(str(path))
    if not report.valid:
        first = next(error for task in [report, *report.tasks] for error in task.errors)
        raise ReleaseError(
            f"{path.name}: frictionless finds it invalid ({first.message});"
            " run `frictionless validate datapackage.json`"
        )


# ---------------------------------------------------------------- sqlite


def sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def key_columns(fields):
    """A single column as a string, a compound key as a tuple: the forms sqlite-utils takes."""
    if isinstance(fields, str):
        return fields
    return fields[0] if len(fields) == 1 else tuple(fields)


def foreign_keys(table: Table) -> list[tuple]:
    """(column(s), other table, other column(s)); an empty resource name refers to the table itself."""
    return [
        (
            key_columns(key["fields"]),
            key["reference"]["resource"] or table.name,
            key_columns(key["reference"]["fields"]),
        )
        for key in table.schema.get("foreignKeys", [])
    ]


def create_table(db: sqlite_utils.Database, table: Table, created: set[str]) -> list[tuple]:
    """Create the table with the keys sqlite-utils can declare now; return those whose target does not exist yet."""
    fields = table.schema["fields"]
    primary = key_columns(table.schema.get("primaryKey", [])) or None
    keys = foreign_keys(table)
    ready = [key for key in keys if key[1] in created or key[1] == table.name]
    db[table.name].create(
        {field["name"]: SQLITE_TYPES[field["type"]] for field in fields},
        pk=primary,
        foreign_keys=ready,
        not_null={field["name"] for field in fields if field.get("constraints", {}).get("required")},
    )
    return [(table.name, *key) for key in keys if key not in ready]


def example_text(field: dict):
    example = field.get("example")
    if example is None or isinstance(example, str):
        return example
    return json.dumps(example, ensure_ascii=False)


def write_fields_table(db: sqlite_utils.Database, tables: list[Table]) -> None:
    db[FIELDS_TABLE].insert_all(
        (
            {
                "table_name": table.name,
                "field_name": field["name"],
                "type": field["type"],
                "description": field.get("description"),
                "example": example_text(field),
            }
            for table in tables
            for field in table.schema["fields"]
        ),
        pk=("table_name", "field_name"),
        columns={"table_name": str, "field_name": str, "type": str, "description": str, "example": str},
        not_null={"table_name", "field_name", "type"},
    )


def write_sqlite(path: Path, tables: list[Table]) -> None:
    db = sqlite_utils.Database(path)
    # Fixed explicitly: the compiled-in default page size could differ between SQLite builds.
    db.execute("PRAGMA page_size = 4096")
    # A half-written file is thrown away with the temporary directory, so syncing to disk buys nothing.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    created, deferred = set(), []
    for table in tables:
        deferred += create_table(db, table, created)
        created.add(table.name)
    if deferred:
        # Keys to a table created later (or a cycle of tables) are added by rebuilding the table, still empty.
        db.add_foreign_keys(deferred)
    for table in tables:
        db[table.name].insert_all(({k: sqlite_value(v) for k, v in row.items()} for row in table.rows), batch_size=500)
    write_fields_table(db, tables)
    db.index_foreign_keys()
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise ReleaseError(
            f"{path.name}: {len(broken)} rows break a foreign key, first in table {broken[0][0]}; run `make build`"
        )
    # VACUUM lays every page out afresh, so the bytes depend on the content only.
    db.vacuum()
    db.close()


def licence_metadata(descriptor: dict) -> dict:
    licenses = descriptor.get("licenses", [])
    metadata = {}
    if licenses:
        metadata["license"] = "; ".join(item.get("name") or item.get("title", "") for item in licenses)
    if len(licenses) == 1 and licenses[0].get("path"):
        metadata["license_url"] = licenses[0]["path"]
    return metadata


def source_metadata(descriptor: dict) -> dict:
    sources = descriptor.get("sources", [])
    metadata = {}
    if sources:
        metadata["source"] = "; ".join(source.get("title") or source.get("path", "") for source in sources)
    # Datasette links one source; with several, only a homepage stands for them all.
    url = descriptor.get("homepage") or (sources[0].get("path") if len(sources) == 1 else None)
    if url:
        metadata["source_url"] = url
    return metadata


def datasette_metadata(descriptor: dict, tables: list[Table], database: str) -> dict:
    """Metadata in Datasette 0.65's format: per-table description and per-column descriptions under "columns"."""
    table_metadata = {
        table.name: {
            "title": table.resource.get("title") or table.schema.get("title", table.name),
            "description": table.resource.get("description") or table.schema.get("description", ""),
            "columns": {field["name"]: field.get("description", "") for field in table.schema["fields"]},
        }
        for table in tables
    }
    table_metadata[FIELDS_TABLE] = {
        "title": "Fields",
        "description": "Every column of every table, with its type, description and an example.",
        "columns": {
            "table_name": "The table the column belongs to.",
            "field_name": "The column's name.",
            "type": "Its Table Schema type (string, integer, number, boolean, date).",
            "description": "What the column holds.",
            "example": "An example value, as text.",
        },
    }
    return {
        "title": descriptor.get("title", descriptor["name"]),
        "description": descriptor.get("description", ""),
        **licence_metadata(descriptor),
        **source_metadata(descriptor),
        "databases": {database: {"tables": table_metadata, "queries": QUERIES}},
    }


# ---------------------------------------------------------------- xlsx


def sheet_names(names: list[str], reserved: str) -> dict[str, str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    taken = {reserved.lower()}
    result = {}
    for name in names:
        base = "".join("_" if char in "[]:*?/\\" else char for char in name)[:SHEET_NAME_LIMIT]
        candidate, number = base, 1
        while candidate.lower() in taken:
            number += 1
            suffix = f"~{number}"
            candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        taken.add(candidate.lower())
        result[name] = candidate
    return result


def set_text(cell, text: str) -> None:
    """A string cell that stays a string: openpyxl makes "=..." a formula and "#N/A" an error unless told."""
    where = f"{cell.parent.title}!{cell.coordinate}"
    # openpyxl would cut a longer text short without a word.
    if len(text) > EXCEL_CELL_LIMIT:
        raise ReleaseError(
            f"xlsx sheet {where}: {len(text)} characters, over Excel's {EXCEL_CELL_LIMIT};"
            " shorten it or leave the column out"
        )
    try:
        cell.value = text
    except IllegalCharacterError:
        raise ReleaseError(f"xlsx sheet {where}: a control character Excel cannot hold; remove it") from None
    cell.data_type = "s"
    # Excel re-reads an edited cell; the quote prefix keeps "1.000" or "=x" text then too.
    cell.quotePrefix = True


def precision_columns(schema: dict) -> dict[str, str | None]:
    """For each date field, its precision field if the schema has one."""
    names = {field["name"] for field in schema["fields"]}
    return {
        field["name"]: f"{field['name']}_precision" if f"{field['name']}_precision" in names else None
        for field in schema["fields"]
        if field["type"] == "date"
    }


def set_value(cell, value, precision: str | None) -> str:
    """Write one typed value; return its display text, for the column width."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        if precision in (None, "day"):
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
            return value.isoformat()
        if precision not in ISO_LENGTH:
            raise ReleaseError(
                f"xlsx sheet {cell.parent.title}!{cell.coordinate}: unknown date precision {precision!r};"
                " use day, month or year"
            )
        value = value.isoformat()[: ISO_LENGTH[precision]]
    if isinstance(value, str):
        set_text(cell, value)
        return value
    cell.value = value
    return str(value)


def write_header(sheet, names: list[str]) -> None:
    bold = Font(bold=True)
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, name)
        cell.font = bold
    sheet.freeze_panes = "A2"


def column_width(texts) -> int:
    longest = max((len(text.split("\n", 1)[0]) for text in texts), default=0)
    return min(longest, MAX_COLUMN_WIDTH) + 2


def write_table_sheet(sheet, table: Table) -> None:
    names = [field["name"] for field in table.schema["fields"]]
    precisions = precision_columns(table.schema)
    write_header(sheet, names)
    texts = {name: [name] for name in names}
    for row_number, row in enumerate(table.rows, start=2):
        for column, name in enumerate(names, start=1):
            precision_field = precisions.get(name)
            precision = row[precision_field] if precision_field else None
            texts[name].append(set_value(sheet.cell(row=row_number, column=column), row[name], precision))
    for column, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = column_width(texts[name])
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions


def citation_text(root: Path) -> str | None:
    """The APA citation from CITATION.cff, or None when it has no title to cite."""
    path = root / "CITATION.cff"
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ReleaseError(f"{path}: not valid YAML ({error}); fix it") from None
    return apa(record) if record.get("title") else None


def write_readme_sheet(sheet, root: Path, descriptor: dict, tables: list[Table], names: dict[str, str]) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    licences = "; ".join(
        " ".join(filter(None, [item.get("title") or item.get("name"), item.get("path") and f"({item['path']})"]))
        for item in descriptor.get("licenses", [])
    )
    about = [
        ("Version", descriptor.get("version")),
        ("Created", descriptor.get("created")),
        ("Description", descriptor.get("description")),
        ("Licence", licences),
        ("How to cite", citation_text(root)),
    ]
    title = sheet.cell(row=1, column=1)
    set_text(title, descriptor.get("title", descriptor["name"]))
    title.font = Font(bold=True, size=14)
    row = 3
    for label, value in about:
        if value:
            set_text(sheet.cell(row=row, column=1), label)
            sheet.cell(row=row, column=1).font = bold
            set_text(sheet.cell(row=row, column=2), str(value))
            sheet.cell(row=row, column=2).alignment = wrap
            row += 1
    row += 1
    for column, label in enumerate(["Sheet", "Description", "Rows"], start=1):
        set_text(sheet.cell(row=row, column=column), label)
        sheet.cell(row=row, column=column).font = bold
    for table in tables:
        row += 1
        set_text(sheet.cell(row=row, column=1), names[table.name])
        description = table.resource.get("description") or table.schema.get("description", "")
        set_text(sheet.cell(row=row, column=2), description)
        sheet.cell(row=row, column=2).alignment = wrap
        sheet.cell(row=row, column=3).value = len(table.rows)
    sheet.column_dimensions["A"].width = max(14, column_width(names.values()))
    sheet.column_dimensions["B"].width = 100
    sheet.column_dimensions["C"].width = 8


def write_xlsx(path: Path, root: Path, descriptor: dict, tables: list[Table], stamp: dt.datetime) -> None:
    workbook = openpyxl.Workbook()
    readme = workbook.active
    readme.title = "README"
    names = sheet_names([table.name for table in tables], reserved=readme.title)
    write_readme_sheet(readme, root, descriptor, tables, names)
    for table in tables:
        write_table_sheet(workbook.create_sheet(names[table.name]), table)
    workbook.properties.title = descriptor.get("title")
    workbook.properties.created = workbook.properties.modified = stamp
    # ExcelWriter rather than workbook.save(), which stamps "modified" with the current time.
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    # Rewritten in openpyxl's entry order, but with fixed timestamps in place of the current time.
    with zipfile.ZipFile(buffer) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    write_zip(path, entries, stamp)


# ---------------------------------------------------------------- release


def write_checksums(directory: Path, names: list[str]) -> None:
    lines = "".join(f"{file_sha256(directory / name)}  {name}\n" for name in sorted(names))
    (directory / "SHA256SUMS").write_text(lines, encoding="utf-8")


def build_release(root: Path, directory: Path) -> list[str]:
    """Write every edition into directory; return the file names written."""
    descriptor, tables = read_package(root)
    stamp = release_stamp(descriptor)
    base = basename(descriptor)
    names = {edition: f"{base}.{edition}" for edition in ("zip", "sqlite", "metadata.json", "xlsx")}
    write_package_zip(root, descriptor, directory / names["zip"], stamp)
    try:
        write_sqlite(directory / names["sqlite"], tables)
    except (sqlite3.Error, sqlite_utils.db.AlterError) as error:
        raise ReleaseError(f"{names['sqlite']}: {error}; check the schemas' keys") from None
    write_json(directory / names["metadata.json"], datasette_metadata(descriptor, tables, database=base))
    write_xlsx(directory / names["xlsx"], root, descriptor, tables, stamp)
    names["text-free"] = f"{descriptor['name']}-text-free-{descriptor['version']}.zip"
    write_text_free_zip(root, directory / names["text-free"], stamp)
    write_checksums(directory, list(names.values()))
    return [*names.values(), "SHA256SUMS"]


def write_text_free_zip(root: Path, path: Path, stamp: dt.datetime) -> None:
    with tempfile.TemporaryDirectory(prefix=".text-free-") as tmp:
        folder = Path(tmp)
        write_edition(root, load_metadata(root), folder)
        entries = sorted(
            (file.relative_to(folder).as_posix(), file.read_bytes()) for file in folder.rglob("*") if file.is_file()
        )
    write_zip(path, entries, stamp)
    report = validate(str(path))
    if not report.valid:
        raise ReleaseError(f"{path.name}: frictionless finds the text-free edition invalid; run `make text-free`")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the published package (default: this repository)")
    parser.add_argument("--out", type=Path, help="directory to write the editions to (default: ROOT/dist)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "dist").resolve()
    try:
        with guard(root):
            out.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=".release-", dir=out) as tmp:
                names = build_release(root, Path(tmp))
                for name in names:
                    os.replace(Path(tmp) / name, out / name)
    except (ReleaseError, CurationError) as error:
        print(f"release failed, nothing was written: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        reason = f"{error.filename or out}: {error.strerror or error}"
        print(f"release failed: {reason}; check the path and its permissions", file=sys.stderr)
        return 1
    print(f"release written to {out}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
