"""What the tests need to know of the published package, read from the package itself."""

import json
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TABLE_NAMES = [resource["name"] for resource in DESCRIPTOR["resources"]]
ARTICLE_IDS = pd.read_csv(ROOT / "data" / "articles.csv", usecols=["article_id"])["article_id"].tolist()


def read_csv(path: Path) -> pd.DataFrame:
    """A published CSV as data-model.md tells pandas users to read it."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])
