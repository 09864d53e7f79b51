"""The text-free edition holds no more than fragments of the texts, and hydrate restores the full edition."""

import hashlib
import json
import re
import shutil

import pandas as pd
import pytest

from pipeline import hydrate, text_free
from pipeline.metadata import load_metadata
from pipeline.text_free import MIN_WORDS, word_runs

pytestmark = pytest.mark.client

# The rule of thumb of the issue: under 10% of any body recoverable from the edition's cells.
RECOVERABLE_SHARE = 0.10


@pytest.fixture(scope="module")
def edition(root, tmp_path_factory):
    out = tmp_path_factory.mktemp("editions") / "text-free"
    assert text_free.main([str(out), "--root", str(root)]) == 0
    return out


def cells(folder):
    for path in sorted((folder / "data").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            yield from frame[column]


def recoverable_share(body: str, runs: set[str]) -> float:
    """The share of the body's non-space characters inside a run of MIN_WORDS words some cell prints exactly."""
    covered = bytearray(len(body))
    words = [match.span() for match in re.finditer(r"\w+(?:[-'’.]\w+)*", body)]
    for first in range(len(words) - MIN_WORDS + 1):
        start, end = words[first][0], words[first + MIN_WORDS - 1][1]
        if body[start:end] in runs:
            covered[start:end] = b"\x01" * (end - start)
    counted = [i for i, character in enumerate(body) if not character.isspace()]
    return sum(covered[i] for i in counted) / len(counted)


def test_no_body_can_be_recovered_from_the_edition(root, edition, texts):
    runs = set()
    for value in cells(edition):
        runs.update(word_runs(value, MIN_WORDS))
    shares = {article_id: recoverable_share(body, runs) for article_id, body in texts.items()}
    assert max(shares.values()) < RECOVERABLE_SHARE, shares
    stated = re.search(r"at most ([\d.]+)% of any\s+body", (root / "README.md").read_text(encoding="utf-8"))
    assert stated and max(shares.values()) * 100 <= float(stated.group(1)) < max(shares.values()) * 100 + 0.1, shares


def test_the_measure_sees_the_texts_in_the_full_edition(root, texts):
    runs = set()
    for value in cells(root):
        runs.update(word_runs(value, MIN_WORDS))
    assert min(recoverable_share(body, runs) for body in texts.values()) > 0.95


def test_left_out_columns_are_empty_and_hashed(root, edition, tables):
    metadata = load_metadata(root)
    checked = 0
    for name in metadata.tables:
        blanked = text_free.blanked_columns(metadata, name)
        if not blanked:
            continue
        light = pd.read_csv(edition / "data" / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
        for column in blanked:
            assert light[column].isna().all(), (name, column)
            hashes = light["text_sha256" if name == "articles" else f"{column}_sha256"]
            expected = [hashlib.sha256(value.encode("utf-8")).hexdigest() for value in tables[name][column]]
            assert list(hashes) == expected, (name, column)
            checked += 1
    assert checked >= 8
    assert not (edition / "data" / "raw").exists()


def test_the_edition_names_itself_and_carries_the_full_descriptors(root, edition, descriptor):
    light = json.loads((edition / "datapackage.json").read_text(encoding="utf-8"))
    assert light["name"] == descriptor["name"] + "-text-free"
    assert json.loads((edition / "full" / "datapackage.json").read_text(encoding="utf-8")) == descriptor


def test_hydrate_restores_the_full_edition_byte_for_byte(root, edition, tmp_path):
    out = tmp_path / "restored"
    assert hydrate.main([str(edition), str(root / "data" / "raw"), str(out)]) == 0
    restored = sorted(path.relative_to(out) for path in out.rglob("*") if path.is_file())
    assert len(restored) > 60
    for relative in restored:
        assert (out / relative).read_bytes() == (root / relative).read_bytes(), relative


def test_hydrate_names_the_article_and_the_first_differing_span(root, edition, tmp_path, capsys):
    pages = tmp_path / "pages"
    shutil.copytree(root / "data" / "raw", pages)
    page = pages / "tempo-1135968.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("pagi tadi", "pagi ini"), encoding="utf-8")
    assert hydrate.main([str(edition), str(pages), str(tmp_path / "out")]) == 1
    message = capsys.readouterr().err
    assert "tempo-1135968.txt" in message and "tempo-second-meeting-in-two-months" in message, message
    assert "Pertemuan pagi ini" in message
    assert not (tmp_path / "out").exists()


def test_the_edition_refuses_to_replace_the_repository(root, capsys):
    assert text_free.main([str(root), "--root", str(root)]) == 1
    assert "refusing to replace" in capsys.readouterr().err
    assert (root / "datapackage.json").exists() and (root / "pipeline").is_dir()
