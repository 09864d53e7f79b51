"""Slow tier: the build reproduces the committed package and refuses bad input."""

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.build import main, published_paths
from pipeline.dictionary import COUNTS_END, COUNTS_START

INPUTS = ["data/raw", "data/curated", "schemas"]


@pytest.fixture
def sandbox(root, tmp_path) -> Path:
    """A copy of the repository's inputs and published files to build in."""
    for relative in INPUTS:
        shutil.copytree(root / relative, tmp_path / relative)
    for relative in published_paths():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, tmp_path / relative)
    return tmp_path


def digests(base: Path) -> dict[str, str]:
    return {p: hashlib.sha256((base / p).read_bytes()).hexdigest() for p in published_paths()}


def test_fresh_build_equals_the_committed_files_twice_over(root, sandbox):
    for relative in published_paths():
        if relative == "README.md":
            # The README is an input too; only its row-count block is built.
            readme = (sandbox / relative).read_text(encoding="utf-8")
            head, rest = readme.split(COUNTS_START)
            tail = rest.split(COUNTS_END)[1]
            (sandbox / relative).write_text(head + COUNTS_START + "\n" + COUNTS_END + tail, encoding="utf-8")
        else:
            (sandbox / relative).unlink()
    assert main(["--root", str(sandbox)]) == 0
    assert digests(sandbox) == digests(root), "run `make build` and commit the result"
    assert main(["--root", str(sandbox)]) == 0
    assert digests(sandbox) == digests(root), "two builds differ: the build is not reproducible"
    assert not list(sandbox.glob(".build-*")), "the temporary build directory was left behind"


def edit_yaml(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def new_claim(**fields) -> dict:
    claim = {
        "id": "republika-test-claim",
        "quote": "This sentence is not in the article.",
        "attribution": "narration",
        "type": "assertion",
        "statement_en": "A claim added by a test.",
    }
    claim.update(fields)
    return claim


BAD_INPUTS = {
    "quote not in the text": (
        "data/curated/claims/republika.yaml",
        lambda d: d["claims"].append(new_claim()),
        ["data/curated/claims/republika.yaml", "republika-test-claim", "text not found"],
    ),
    "duplicate id": (
        "data/curated/people.yaml",
        lambda d: d.append(dict(d[0])),
        ["data/curated/people.yaml", "already used"],
    ),
    "dangling reference": (
        "data/curated/claims/republika.yaml",
        lambda d: d["claims"][0].update(occasion="no-such-event"),
        ["data/curated/claims/republika.yaml", "no-such-event", "refers to no row of events"],
    ),
    "malformed date": (
        "data/curated/events.yaml",
        lambda d: d[0].update(start_date="2018-13-45"),
        ["data/curated/events.yaml", "malformed date", "2018-13-45", "YYYY-MM-DD"],
    ),
    "value outside its enum": (
        "data/curated/claims/republika.yaml",
        lambda d: d["claims"][0].update(type="rumour"),
        ["data/curated/claims/republika.yaml", "claims.claim_type", "'rumour' is not one of"],
    ),
    "unknown key": (
        "data/curated/claims/republika.yaml",
        lambda d: d["claims"][0].update(speker="jack-ma"),
        ["data/curated/claims/republika.yaml", "unknown key(s) speker"],
    ),
    "space typed for a no-break space": (
        "data/curated/claims/idntimes.yaml",
        lambda d: d["claims"].append(new_claim(id="idntimes-test-claim", quote="seperti mengenai fintech")),
        ["data/curated/claims/idntimes.yaml", "idntimes-test-claim", "NO-BREAK SPACE", "\\u00a0"],
    ),
    "records under a misspelt key": (
        "data/curated/mentions/antara.yaml",
        lambda d: d.update(mention=d.pop("mentions")),
        ["data/curated/mentions/antara.yaml", "unknown key(s) mention"],
    ),
    "mention without a referent": (
        "data/curated/mentions/antara.yaml",
        lambda d: d["mentions"][0].pop("refers_to"),
        ["data/curated/mentions/antara.yaml", "missing required key 'refers_to'"],
    ),
    "event ending before it starts": (
        "data/curated/events.yaml",
        lambda d: d[1].update(end_date="2018-10-01", end_date_precision="day"),
        ["data/curated/events.yaml", "'end_date' 2018-10-01 is before 'start_date'"],
    ),
    "status backed by a claim that does not state the promise": (
        "data/curated/propositions.yaml",
        lambda d: d[0]["status_history"][0].update(claim="tempo-second-meeting-in-two-months"),
        ["data/curated/propositions.yaml", "does not state"],
    ),
    "ambiguous quote": (
        "data/curated/claims/idntimes.yaml",
        lambda d: d["claims"].append(new_claim(id="idntimes-test-claim", quote="Jack Ma")),
        ["data/curated/claims/idntimes.yaml", "occurs", "occurrence: N"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_stops_the_build_and_keeps_published_files(sandbox, capsys, case):
    relative, change, expected = BAD_INPUTS[case]
    before = digests(sandbox)
    edit_yaml(sandbox / relative, change)
    assert main(["--root", str(sandbox)]) == 1
    message = capsys.readouterr().err
    for fragment in expected:
        assert fragment in message, message
    assert digests(sandbox) == before
    assert not list(sandbox.glob(".build-*"))


def test_malformed_yaml_names_file_line_and_column(sandbox, capsys):
    before = digests(sandbox)
    path = sandbox / "data/curated/discrepancies.yaml"
    path.write_text("- id: broken\n  kind: [number\n", encoding="utf-8")
    assert main(["--root", str(sandbox)]) == 1
    message = capsys.readouterr().err
    assert "data/curated/discrepancies.yaml:3:1: malformed YAML" in message, message
    assert digests(sandbox) == before


def test_missing_per_article_file_stops_the_build(sandbox, capsys):
    before = digests(sandbox)
    (sandbox / "data/curated/mentions/tempo.yaml").unlink()
    assert main(["--root", str(sandbox)]) == 1
    assert "data/curated/mentions/: no file for tempo" in capsys.readouterr().err
    assert digests(sandbox) == before


def test_empty_curated_file_stops_the_build(sandbox, capsys):
    before = digests(sandbox)
    (sandbox / "data/curated/exclusions.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert main(["--root", str(sandbox)]) == 1
    assert "data/curated/exclusions.yaml: the file is empty" in capsys.readouterr().err
    assert digests(sandbox) == before


def test_check_mode_never_writes(sandbox, capsys):
    readme = (sandbox / "README.md").read_bytes()
    outputs = [p for p in published_paths() if p != "README.md"]
    for relative in outputs:
        (sandbox / relative).write_bytes(b"stale")
    assert main(["--root", str(sandbox), "--check"]) == 0
    assert all((sandbox / p).read_bytes() == b"stale" for p in outputs)
    assert (sandbox / "README.md").read_bytes() == readme
