"""Full validation with frictionless, the way a user runs it."""

import subprocess
import sys
from pathlib import Path

from frictionless import validate


def test_frictionless_api_reports_the_package_valid(root):
    report = validate(str(root / "datapackage.json"))
    errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors]
    assert report.valid, errors[:10]
    assert len(report.tasks) == 36


def test_frictionless_cli_reports_the_package_valid(root):
    cli = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(cli), "validate", "datapackage.json"], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout
