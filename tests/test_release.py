"""The release editions, each opened with the client its users would use.

Expected values come from the published CSVs and schemas, read here as
plain text, so a mistake in pipeline/release.py cannot hide in both places.
"""

import asyncio
import datetime as dt
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from datasette.app import Datasette
from frictionless import validate
from markupsafe import escape

from pipeline.release import main, set_text

pytestmark = pytest.mark.client

SQLITE_TYPES = {"string": "text", "integer": "integer", "number": "real", "boolean": "integer", "date": "text"}
EXCEL_TYPES = {"string": "s", "integer": "n", "number": "n", "boolean": "b"}
CSV_VALUES = {"string": str, "integer": int, "number": float, "boolean": lambda text: text == "true"}
ISO_LENGTH = {"day": 10, "month": 7, "year": 4}


def build(out: Path) -> dict[str, Path]:
    assert main(["--out", str(out)]) == 0
    return {path.name: path for path in out.iterdir()}


@pytest.fixture(scope="module")
def release(tmp_path_factory, descriptor) -> dict:
    files = build(tmp_path_factory.mktemp("release"))
    base = f"{descriptor['name']}-{descriptor['version']}"
    editions = {edition: files[f"{base}.{edition}"] for edition in ("zip", "sqlite", "metadata.json", "xlsx")}
    editions["text-free"] = files[f"{descriptor['name']}-text-free-{descriptor['version']}.zip"]
    return {**editions, "SHA256SUMS": files["SHA256SUMS"], "base": base}


@pytest.fixture(scope="module")
def texts(root, descriptor) -> dict[str, pd.DataFrame]:
    """Every CSV as the exact text of its cells, "" where missing."""
    return {
        resource["name"]: pd.read_csv(root / resource["path"], dtype=str, keep_default_na=False)
        for resource in descriptor["resources"]
    }


@pytest.fixture(scope="module")
def db(release):
    connection = sqlite3.connect(release["sqlite"])
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def workbook(release):
    return openpyxl.load_workbook(release["xlsx"])


def precision(field: dict, row: pd.Series) -> str:
    """The row's precision for a date field; a date without a precision column is a day."""
    column = f"{field['name']}_precision"
    return row[column] if column in row.index else "day"


def as_list(fields) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


# ---------------------------------------------------------------- zip


def test_zip_is_a_valid_frictionless_package(release, descriptor):
    report = validate(str(release["zip"]))
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, errors[:10]
    assert len(report.tasks) == len(descriptor["resources"])


def test_the_zipped_readmes_links_to_docs_and_recipes_resolve_inside_the_zip(release):
    with zipfile.ZipFile(release["zip"]) as archive:
        names = set(archive.namelist())
        readme = archive.read("README.md").decode("utf-8")
    links = {link.split("#")[0] for link in re.findall(r"\]\(([^)#]+)", readme)}
    local = {link for link in links if link.startswith(("docs/", "examples/"))}
    assert len(local) >= 5
    for link in local:
        assert link in names or any(name.startswith(link) for name in names), link


def test_zip_holds_the_whole_package_at_its_root_in_fixed_order(release, root, descriptor, parquet_descriptor):
    with zipfile.ZipFile(release["zip"]) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert archive.read("datapackage.json") == (root / "datapackage.json").read_bytes()
    assert names == sorted(names)
    expected = {"datapackage.json", "datapackage-parquet.json", "README.md", "LICENSE", "CITATION.cff"}
    expected.add("docs/data-dictionary.md")
    for resource in descriptor["resources"] + parquet_descriptor["resources"]:
        expected |= {resource["path"], resource["schema"]}
    assert expected <= set(names)
    created = dt.datetime.fromisoformat(descriptor["created"])
    assert {info.date_time for info in infos} == {tuple(created.utctimetuple())[:6]}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


# ---------------------------------------------------------------- sqlite


def test_sqlite_has_every_row_of_every_table(db, texts, schemas):
    for name, frame in texts.items():
        table = pd.read_sql(f'SELECT * FROM "{name}"', db)
        assert len(table) == len(frame), name
        assert list(table.columns) == [field["name"] for field in schemas[name]["fields"]], name


def test_sqlite_values_are_typed_as_the_schemas_say(db, texts, schemas):
    for name, frame in texts.items():
        for field in schemas[name]["fields"]:
            column = field["name"]
            stored = db.execute(f'SELECT typeof("{column}"), "{column}" FROM "{name}" ORDER BY rowid').fetchall()
            for (kind, value), text in zip(stored, frame[column], strict=True):
                where = f"{name}.{column} {text!r}"
                if text == "":
                    assert value is None, where
                    continue
                assert kind == SQLITE_TYPES[field["type"]], where
                if field["type"] == "boolean":
                    assert value == (text == "true"), where
                elif field["type"] in ("integer", "number"):
                    assert value == float(text), where
                else:
                    assert value == text, where


def test_sqlite_declares_the_schemas_keys(db, schemas):
    for name, schema in schemas.items():
        columns = db.execute(f'PRAGMA table_info("{name}")').fetchall()
        primary = [row[1] for row in sorted(columns, key=lambda row: row[5]) if row[5]]
        assert primary == schema["primaryKey"], name
        declared = {}
        for key_id, _seq, other, column, other_column, *_ in db.execute(f'PRAGMA foreign_key_list("{name}")'):
            declared.setdefault(key_id, (other, [], []))
            declared[key_id][1].append(column)
            declared[key_id][2].append(other_column)
        expected = [
            (key["reference"]["resource"] or name, as_list(key["fields"]), as_list(key["reference"]["fields"]))
            for key in schema.get("foreignKeys", [])
        ]
        assert sorted(declared.values()) == sorted(expected), name


def test_sqlite_foreign_keys_hold_and_are_indexed(db, schemas):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for name, schema in schemas.items():
        indexed = [
            [row[2] for row in db.execute(f'PRAGMA index_info("{index[1]}")')]
            for index in db.execute(f'PRAGMA index_list("{name}")')
        ]
        for key in schema.get("foreignKeys", []):
            columns = as_list(key["fields"])
            assert any(index[: len(columns)] == columns for index in indexed), (name, columns)


def test_sqlite_fields_table_describes_every_field(db, schemas):
    fields = pd.read_sql("SELECT * FROM _fields", db)
    described = {(row.table_name, row.field_name): (row.type, row.description) for row in fields.itertuples()}
    expected = {
        (name, field["name"]): (field["type"], field["description"])
        for name, schema in schemas.items()
        for field in schema["fields"]
    }
    assert described == expected


def test_datasette_metadata_describes_every_column(release, schemas, descriptor):
    metadata = json.loads(release["metadata.json"].read_text(encoding="utf-8"))
    assert metadata["title"] == descriptor["title"]
    assert metadata["license_url"] == descriptor["licenses"][0]["path"]
    tables = metadata["databases"][release["base"]]["tables"]
    for name, schema in schemas.items():
        assert tables[name]["description"], name
        assert tables[name]["columns"] == {field["name"]: field["description"] for field in schema["fields"]}, name


def test_the_release_metadata_carries_the_canned_queries_and_each_runs(release):
    """Datasette on the release files alone, without make serve, offers the README's questions."""
    queries = json.loads(release["metadata.json"].read_text(encoding="utf-8"))["databases"][release["base"]]["queries"]
    assert {"promise_wordings", "nusa_dua_meeting_dates", "jack_ma_numbers", "discrepancies_by_type"} <= set(queries)
    with sqlite3.connect(release["sqlite"]) as db:
        for name, query in queries.items():
            parameters = {p: "train-1000-technology-leaders-a-year" for p in query.get("params", [])}
            assert db.execute(query["sql"], parameters).fetchall(), name


def test_datasette_shows_the_column_descriptions(release, schemas):
    metadata = json.loads(release["metadata.json"].read_text(encoding="utf-8"))
    name, schema = next(iter(schemas.items()))

    async def table_page() -> str:
        datasette = Datasette([str(release["sqlite"])], metadata=metadata)
        await datasette.invoke_startup()
        response = await datasette.client.get(datasette.urls.table(release["base"], name))
        assert response.status_code == 200
        return response.text

    page = asyncio.run(table_page())
    for field in schema["fields"]:
        assert str(escape(field["description"])) in page, field["name"]


# ---------------------------------------------------------------- xlsx


def table_sheets(workbook, descriptor) -> dict:
    assert workbook.sheetnames[0] == "README"
    assert len(workbook.sheetnames) == len(descriptor["resources"]) + 1
    assert all(len(title) <= 31 for title in workbook.sheetnames)
    return {resource["name"]: workbook.worksheets[i] for i, resource in enumerate(descriptor["resources"], start=1)}


def test_xlsx_readme_lists_every_table_with_its_rows(workbook, descriptor, texts):
    lines = list(workbook["README"].iter_rows(values_only=True))
    assert lines[0][0] == descriptor["title"]
    assert any(line[1] == descriptor["version"] for line in lines)
    assert any(line[0] == "How to cite" for line in lines)
    counts = {line[0]: line[2] for line in lines if isinstance(line[2], int)}
    sheets = table_sheets(workbook, descriptor)
    assert counts == {sheets[name].title: len(frame) for name, frame in texts.items()}


def test_xlsx_sheets_have_every_row_under_a_frozen_bold_header(workbook, descriptor, texts, schemas):
    for name, sheet in table_sheets(workbook, descriptor).items():
        header = next(sheet.iter_rows(max_row=1))
        assert [cell.value for cell in header] == [field["name"] for field in schemas[name]["fields"]], name
        assert all(cell.font.b for cell in header), name
        assert sheet.freeze_panes == "A2", name
        assert sheet.max_row - 1 == len(texts[name]), name


def test_xlsx_cells_are_typed_and_verbatim(workbook, descriptor, texts, schemas):
    seen = {"numeric-looking text": 0, "day date": 0, "coarser date": 0, "integer": 0}
    for name, sheet in table_sheets(workbook, descriptor).items():
        fields = schemas[name]["fields"]
        for cells, (_, row) in zip(sheet.iter_rows(min_row=2), texts[name].iterrows(), strict=True):
            for cell, field in zip(cells, fields, strict=True):
                text, where = row[field["name"]], f"{name}!{cell.coordinate} {row[field['name']]!r}"
                assert cell.data_type != "f", where
                if text == "":
                    assert cell.value is None, where
                elif field["type"] == "date" and precision(field, row) == "day":
                    assert cell.is_date and cell.value.date() == dt.date.fromisoformat(text), where
                    seen["day date"] += 1
                elif field["type"] == "date":
                    assert cell.data_type == "s" and cell.value == text[: ISO_LENGTH[precision(field, row)]], where
                    seen["coarser date"] += 1
                else:
                    assert cell.data_type == EXCEL_TYPES[field["type"]], where
                    assert cell.value == CSV_VALUES[field["type"]](text), where
                    if field["type"] == "string" and text.replace(".", "").replace(",", "").isdigit():
                        seen["numeric-looking text"] += 1
                    seen["integer"] += field["type"] == "integer"
    assert all(seen.values()), seen


def test_xlsx_text_never_becomes_a_formula_or_an_error():
    sheet = openpyxl.Workbook().active
    for row, text in enumerate(["=1+1", "#N/A", "1.000", "2018-10-13"], start=1):
        set_text(sheet.cell(row=row, column=1), text)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    reread = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [(cell.value, cell.data_type) for (cell,) in reread.iter_rows()] == [
        ("=1+1", "s"), ("#N/A", "s"), ("1.000", "s"), ("2018-10-13", "s")
    ]


# ---------------------------------------------------------------- the release as a whole


def test_sha256sums_checks_out(release):
    directory = release["SHA256SUMS"].parent
    command = ["sha256sum", "-c", "SHA256SUMS"]
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(line.split()[1] for line in release["SHA256SUMS"].read_text().splitlines()) == sorted(
        release[edition].name for edition in ("zip", "sqlite", "metadata.json", "xlsx", "text-free")
    )


def test_the_text_free_zip_validates_and_hydrates_to_the_full_zip(root, release, tmp_path):
    """The redistributable edition, opened by its own client: frictionless, then hydrate with the captures."""
    from frictionless import validate

    from pipeline import hydrate

    assert validate(str(release["text-free"])).valid
    out = tmp_path / "full"
    assert hydrate.main([str(release["text-free"]), str(root / "data" / "raw"), str(out)]) == 0
    with zipfile.ZipFile(release["zip"]) as full:
        for name in full.namelist():
            if name.startswith(("data/", "schemas/")) or name in ("datapackage.json", "datapackage-parquet.json"):
                assert (out / name).read_bytes() == full.read(name), name


def digests(paths) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def test_building_twice_gives_the_same_bytes(release, root, tmp_path):
    # A second process, with its own hash seed and time zone, as the next `make release` would be.
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Asia/Jakarta"}
    command = [sys.executable, "-m", "pipeline.release", "--out", str(tmp_path / "again")]
    subprocess.run(command, cwd=root, env=environment, check=True, capture_output=True)
    assert digests((tmp_path / "again").iterdir()) == digests(release["SHA256SUMS"].parent.iterdir())


def test_a_missing_package_fails_with_one_line_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "nothing").mkdir()
    assert main(["--root", str(tmp_path / "nothing"), "--out", str(tmp_path / "dist")]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "datapackage.json" in error and "Traceback" not in error
    assert list((tmp_path / "dist").iterdir()) == []
