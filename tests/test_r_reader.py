"""The R idiom `lapply(resource_names(p), \\(n) read_resource(p, n))` works on every resource.

frictionless-r (CRAN) cannot be installed here, so tests/r/read_package.R
stands in for it with Debian's readr and jsonlite: it reads each resource the
way frictionless-r does and refuses what frictionless-r could not read. The
tests below prove both halves: the canonical descriptor reads cleanly, and
copies of the package broken in the ways that used to crash or would mislead
R users make the script fail and name the resource. Rscript is required: a
missing Rscript fails these tests (never skips them); `make r-deps` installs it.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.client

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "r" / "read_package.R"
R_MISSING = (
    "Rscript not found on PATH: the R reader check needs R with readr and jsonlite. "
    "Run `make r-deps` (apt-get install -y --no-install-recommends r-base-core r-cran-readr r-cran-jsonlite)."
)
LINE = re.compile(r"^(\S+)\s+(\d+) rows,\s+(\d+) columns$", flags=re.M)
SUMMARY = re.compile(r"^(\d+) resources read, (\d+) failed$", flags=re.M)


def rscript() -> str:
    path = shutil.which("Rscript")
    if path is None:
        pytest.fail(R_MISSING, pytrace=False)
    return path


def run_reader(descriptor: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [rscript(), str(SCRIPT), str(descriptor)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


def summary(result: subprocess.CompletedProcess) -> tuple[int, int]:
    found = SUMMARY.findall(result.stdout)
    assert found, f"no summary line:\n{result.stdout}\n{result.stderr}"
    read, failed = found[-1]
    return int(read), int(failed)


def failures(result: subprocess.CompletedProcess) -> dict[str, str]:
    return dict(re.findall(r"^FAILED (\S+): (.*)$", result.stderr, flags=re.M))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def copy_package(target: Path) -> Path:
    """The CSV package (descriptor, schemas, tables) in a directory of its own, to break at will."""
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    (target / "data").mkdir()
    for path in (ROOT / "data").glob("*.csv"):
        shutil.copy(path, target / "data" / path.name)
    return target / "datapackage.json"


def resource_named(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


# ---- the committed package ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def canonical() -> subprocess.CompletedProcess:
    return run_reader(ROOT / "datapackage.json")


def test_every_resource_of_the_canonical_descriptor_reads(canonical):
    resources = load(ROOT / "datapackage.json")["resources"]
    assert canonical.returncode == 0, f"{canonical.stdout}\n{canonical.stderr}"
    assert summary(canonical) == (len(resources), 0)
    assert not failures(canonical)


def test_reported_shapes_match_an_independent_reading(canonical):
    reported = {name: (int(rows), int(columns)) for name, rows, columns in LINE.findall(canonical.stdout)}
    resources = load(ROOT / "datapackage.json")["resources"]
    assert list(reported) == [r["name"] for r in resources]
    for resource in resources:
        rows = read_rows(ROOT / resource["path"])
        fields = load(ROOT / resource["schema"])["fields"]
        assert reported[resource["name"]] == (len(rows) - 1, len(fields)), resource["name"]


# ---- broken copies must fail, naming the resource -------------------------------------------------------


def test_a_parquet_resource_fails_and_is_named(tmp_path):
    descriptor = copy_package(tmp_path)
    package = load(descriptor)
    parquet = resource_named(load(ROOT / "datapackage-parquet.json"), "people")
    package["resources"] = [parquet if r["name"] == "people" else r for r in package["resources"]]
    dump(descriptor, package)
    shutil.copy(ROOT / parquet["path"], tmp_path / parquet["path"])

    result = run_reader(descriptor)
    assert result.returncode != 0
    assert "parquet" in failures(result).get("people", ""), result.stderr
    assert summary(result) == (len(package["resources"]) - 1, 1)


def test_text_in_an_integer_column_fails(tmp_path):
    descriptor = copy_package(tmp_path)
    schema = load(tmp_path / "schemas" / "claims.json")
    assert next(f for f in schema["fields"] if f["name"] == "char_start")["type"] == "integer"
    rows = read_rows(tmp_path / "data" / "claims.csv")
    rows[1][rows[0].index("char_start")] = "twelve"
    write_rows(tmp_path / "data" / "claims.csv", rows)

    result = run_reader(descriptor)
    assert result.returncode != 0
    reason = failures(result).get("claims", "")
    assert "char_start" in reason and "twelve" in reason, result.stderr
    assert summary(result)[1] == 1


@pytest.fixture(scope="module")
def six_broken(tmp_path_factory) -> subprocess.CompletedProcess:
    """One copy with six resources each broken in a way frictionless-r cannot read or would misread."""
    directory = tmp_path_factory.mktemp("six-broken")
    descriptor = copy_package(directory)
    package = load(descriptor)

    people = load(directory / "schemas" / "people.json")
    people["fields"][1]["type"] = "list"  # Table Schema v2 only
    dump(directory / "schemas" / "people.json", people)

    del resource_named(package, "places")["profile"]

    resource_named(package, "credits")["dialect"]["nullSequence"] = "NA"

    organizations = load(directory / "schemas" / "organizations.json")
    fields = organizations["fields"]
    fields[0], fields[1] = fields[1], fields[0]  # columns are taken by position
    dump(directory / "schemas" / "organizations.json", organizations)

    rows = read_rows(directory / "data" / "events.csv")
    rows[1][rows[0].index("status")] = "rumoured"  # not in the enum
    write_rows(directory / "data" / "events.csv", rows)

    # The refusal of binary data does not rest on the extension or the format.
    shutil.copy(ROOT / "data" / "people.parquet", directory / "data" / "mentions.csv")

    dump(descriptor, package)
    return run_reader(descriptor)


@pytest.mark.parametrize(
    ("resource", "reason"),
    [
        ("people", "field types frictionless-r rejects: list"),
        ("places", "requires \"tabular-data-resource\""),
        ("credits", "nullSequence"),
        ("organizations", "is not the schema's fields in order"),
        ("events", "value in level set, got 'rumoured'"),
        ("mentions", "holds binary data"),
    ],
)
def test_each_broken_resource_fails_with_its_reason(six_broken, resource, reason):
    assert six_broken.returncode != 0
    assert reason in failures(six_broken).get(resource, ""), six_broken.stderr


def test_the_other_resources_still_read_when_some_fail(six_broken):
    total = len(load(ROOT / "datapackage.json")["resources"])
    assert summary(six_broken) == (total - 6, 6)
    assert set(failures(six_broken)) == {"people", "places", "credits", "organizations", "events", "mentions"}
