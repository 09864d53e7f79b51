"""The text-free edition holds no more than fragments of the texts, and hydrate restores the full edition."""

import hashlib
import json
import re
import shutil

import pandas as pd
import pytest

from pipeline import hydrate, text_free
from pipeline.metadata import load_metadata
from pipeline.ids import ID_WORDS
from pipeline.quoting import MIN_WORDS

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


# The measure is harsher than the redaction's own matching, as a reader trying to rebuild a body would
# be: words are runs of letters and digits, so slugs and hyphenated words split, and case is ignored.
MEASURED_WORD = re.compile(r"\w+")


def folded_runs(text: str) -> set[str]:
    words = [match.group().casefold() for match in MEASURED_WORD.finditer(text)]
    return {" ".join(words[first:first + MIN_WORDS]) for first in range(len(words) - MIN_WORDS + 1)}


def recoverable_share(body: str, runs: set[str]) -> float:
    """The share of the body's non-space characters inside a run of MIN_WORDS words that some cell prints."""
    covered = bytearray(len(body))
    words = list(MEASURED_WORD.finditer(body))
    for first in range(len(words) - MIN_WORDS + 1):
        run = words[first:first + MIN_WORDS]
        if " ".join(match.group().casefold() for match in run) in runs:
            covered[run[0].start():run[-1].end()] = b"\x01" * (run[-1].end() - run[0].start())
    counted = [i for i, character in enumerate(body) if not character.isspace()]
    return sum(covered[i] for i in counted) / len(counted)


def shares(folder, texts) -> dict[str, float]:
    runs = set()
    for value in cells(folder):
        runs |= folded_runs(value)
    return {article_id: recoverable_share(body, runs) for article_id, body in texts.items()}


def test_no_body_can_be_recovered_from_the_edition(root, edition, texts):
    measured = shares(edition, texts)
    assert max(measured.values()) < RECOVERABLE_SHARE, measured
    stated = re.search(r"at most ([\d.]+)% of any\s+body", (root / "README.md").read_text(encoding="utf-8"))
    highest = max(measured.values()) * 100
    assert stated and highest <= float(stated.group(1)) < highest + 0.1, measured


def test_the_measure_sees_the_texts_in_the_full_edition(root, texts):
    assert min(shares(root, texts).values()) > 0.95


def test_identifiers_take_at_most_three_words_of_what_they_name(tables):
    """Ids the build makes from a text take three of its words at most, so no key carries a run of four."""
    made = {
        "quantities": ("quantity_id", lambda row: row.claim_id),
        "time_expressions": ("time_expression_id", lambda row: row.claim_id),
        "exclusions": ("exclusion_id", lambda row: f"{row.article_id}-{row.scope}"),
    }
    for table, (column, prefix) in made.items():
        for row in tables[table].itertuples():
            identifier = getattr(row, column)
            assert identifier.startswith(prefix(row) + "-"), identifier
            words = re.sub(r"-[0-9]+$", "", identifier[len(prefix(row)) + 1:]).split("-")
            assert len(words) <= ID_WORDS, identifier


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
