"""frictionless' verdict, run in a process of its own while the build writes on, traced back to curated records."""

import csv
import shutil

import pytest

from pipeline.build import prepare, write_csv_edition
from pipeline.publish import DESCRIPTORS
from pipeline.validation import Validator, frictionless_errors

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def written(root, tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    metadata, curated, tables = prepare(root)
    return out, write_csv_edition(root, metadata, curated, tables, out)


def corrupt(out, table: str, row: int, column: str, value: str) -> None:
    path = out / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_the_written_package_is_valid_in_both_processes(written):
    out, edition = written
    with Validator() as validator:
        validator.submit(out / DESCRIPTORS["csv"], edition.origins)
        assert validator.errors() == []
    assert frictionless_errors(out / DESCRIPTORS["csv"]) == []


def test_an_error_is_traced_to_the_record_that_made_the_row(written, tmp_path):
    out, edition = written
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    corrupt(copy, "quantities", 3, "value", "many")
    with Validator() as validator:
        validator.submit(copy / DESCRIPTORS["csv"], edition.origins)
        errors = validator.errors()
    origin = edition.origins["quantities"][2]
    assert any(error.startswith(f"{origin.where()}: quantities: ") for error in errors), errors
    assert any("hash" in error or "bytes" in error for error in errors), "the descriptor's hash no longer matches"


def test_a_build_that_stops_early_leaves_no_process_behind():
    with pytest.raises(RuntimeError), Validator() as validator:
        process = validator.process
        raise RuntimeError("the curated input was refused")
    assert process.poll() is not None


def test_a_validating_process_that_died_is_a_failed_verdict_not_a_crash(written):
    out, edition = written
    with Validator() as validator:
        validator.process.kill()
        validator.process.wait()
        validator.submit(out / DESCRIPTORS["csv"], edition.origins)
        errors = validator.errors()
    assert len(errors) == 1 and errors[0].startswith("frictionless could not validate the package: "), errors


def test_a_path_any_locale_would_misread_reaches_the_validator_intact(written, tmp_path, monkeypatch):
    out, edition = written
    copy = tmp_path / "répo ☃"
    shutil.copytree(out, copy)
    monkeypatch.setenv("PYTHONIOENCODING", "latin-1")
    with Validator() as validator:
        validator.submit(copy / DESCRIPTORS["csv"], edition.origins)
        assert validator.errors() == []
