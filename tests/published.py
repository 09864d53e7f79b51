"""What the tests need to know of the published package, read from the package itself."""

import json
import shutil
from pathlib import Path

import pandas as pd

from pipeline.build import published_paths
from pipeline.metadata import load_metadata

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TABLE_NAMES = [resource["name"] for resource in DESCRIPTOR["resources"]]
ARTICLE_IDS = pd.read_csv(ROOT / "data" / "articles.csv", usecols=["article_id"])["article_id"].tolist()


def read_csv(path: Path) -> pd.DataFrame:
    """A published CSV as data-model.md tells pandas users to read it."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def copy_repository(root: Path, target: Path) -> Path:
    """The build's inputs and every published file of root, copied to target to build in; target."""
    for relative in ("data/raw", "data/curated", "metadata"):
        shutil.copytree(root / relative, target / relative)
    for relative in published_paths(load_metadata(root)):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, target / relative)
    return target
