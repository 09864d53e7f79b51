"""Shared fixtures: the committed package, read the way its users read it."""

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from published import read_csv

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory) -> Path:
    """The parse cache's secret is made in the user's cache folder; the tests' builds make theirs here."""
    home = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(home)
    yield home
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def descriptor() -> dict:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def parquet_descriptor() -> dict:
    return json.loads((ROOT / "datapackage-parquet.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def schemas(descriptor) -> dict[str, dict]:
    return {r["name"]: json.loads((ROOT / r["schema"]).read_text(encoding="utf-8")) for r in descriptor["resources"]}


@pytest.fixture(scope="session")
def tables(schemas) -> dict[str, pd.DataFrame]:
    """Every CSV table as data-model.md tells pandas users to read it."""
    return {name: read_csv(ROOT / "data" / f"{name}.csv") for name in schemas}


@pytest.fixture(scope="session")
def texts(tables) -> dict[str, str]:
    return dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))


@pytest.fixture(scope="session")
def raws(tables) -> dict[str, str]:
    return {
        row.article_id: (ROOT / row.raw_path).read_text(encoding="utf-8")
        for row in tables["articles"].itertuples()
    }
