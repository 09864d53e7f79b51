"""Full validation with frictionless, the way a user runs it."""

import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import validate

from published import TABLE_NAMES


@pytest.mark.parametrize("descriptor_name", ["datapackage.json", "datapackage-parquet.json"])
def test_frictionless_api_reports_the_package_valid(root, descriptor_name):
    report = validate(str(root / descriptor_name))
    errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors]
    assert report.valid, errors[:10]
    assert len(report.tasks) == len(TABLE_NAMES)


def test_frictionless_cli_reports_the_package_valid(root):
    cli = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(cli), "validate", "datapackage.json"], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout
