"""Slow tier: random mutations of the curated input never crash, hang or half-publish the build.

A fixed seed makes every run the same few hundred cases, each built with
the parse cache a previous build left. For each one the
build either succeeds, or fails with exit status 1 and a message that names
a file and a line or record, without a traceback, and with every published
byte unchanged.
"""

import copy
import hashlib
import random
import re
import shutil
import signal
from pathlib import Path

import pytest
import yaml

from published import copy_repository

from pipeline.build import main, published_paths
from pipeline.metadata import load_metadata
from pipeline.parse_cache import FOLDER

pytestmark = pytest.mark.slow

SEED = 20261127
CASES = 200
SECONDS_PER_CASE = 60
LOCATED = re.compile(r"(data/curated/\S+|metadata/\S+|data/raw/\S+):\d+|\(record ")

ODD_VALUES = [
    None, True, 0, -1, 2**70, 1.5, [], {}, ["a", "b"], {"x": 1}, "", " ", "x" * 100_000,
    "\u200f\u202eRTL", "a\u0301", "\u00a0", "＝1+2", " =1+2", "-", "2999-12-31", "2018-02-30", "jack-ma",
    "no-such-id", "Jack Ma", "\U0001f600",
]


class Timeout(BaseException):
    pass


def digests(base: Path, paths: list[str]) -> dict[str, str]:
    return {p: hashlib.sha256((base / p).read_bytes()).hexdigest() for p in paths}


def nodes(document, path=()):
    """Every (container, key) place in a parsed document."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield document, key
            yield from nodes(value, path + (key,))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield document, index
            yield from nodes(value, path + (index,))


def structural(rng: random.Random, path: Path) -> str:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    places = list(nodes(document))
    if not places:
        return "nothing to mutate"
    container, key = rng.choice(places)
    operation = rng.choice(["replace", "delete", "duplicate", "unknown_key", "swap_type"])
    if operation == "replace" or operation == "swap_type":
        container[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif operation == "delete":
        del container[key]
    elif operation == "duplicate" and isinstance(container, list):
        container.append(copy.deepcopy(container[key]))
    elif isinstance(container, dict):
        container[rng.choice(["speker", "note", "id", "type", "<<"])] = "x"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return f"{operation} at {key!r}"


def textual(rng: random.Random, path: Path) -> str:
    data = path.read_bytes()
    at = rng.randrange(len(data) + 1)
    operation = rng.choice([
        "invalid_utf8", "nul", "bom", "crlf", "alias", "tag", "truncate", "empty", "deep", "flip_char",
        "surrogate_escape", "duplicate_key", "huge_number",
    ])
    insert = {
        "invalid_utf8": b"\xff\xfe", "nul": b"\x00", "alias": b"\n- &a x: *a\n", "tag": b"\n- d: !!timestamp 2018-01-01T10:00\n",
        "surrogate_escape": b'\n- quote: "\\ud800"\n', "duplicate_key": b"\n- a: 1\n  a: 2\n",
        "huge_number": b"\n- value: " + b"9" * 5000 + b"\n",
    }
    if operation in insert:
        data = data[:at] + insert[operation] + data[at:]
    elif operation == "bom":
        data = b"\xef\xbb\xbf" + data
    elif operation == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif operation == "truncate":
        data = data[:at]
    elif operation == "empty":
        data = b""
    elif operation == "deep":
        data = b"x: " + b"[" * 3000 + b"]" * 3000 + b"\n"
    elif operation == "flip_char" and data:
        position = rng.randrange(len(data))
        data = data[:position] + bytes([rng.randrange(32, 127)]) + data[position + 1:]
    path.write_bytes(data)
    return f"{operation} at byte {at}"


@pytest.fixture(scope="module")
def base(root, tmp_path_factory) -> Path:
    """A copy built once, so that every case starts, as a curator's rebuild does, with a warm parse cache."""
    copy = copy_repository(root, tmp_path_factory.mktemp("fuzz-base"))
    assert main(["--root", str(copy), "--check"]) == 0
    assert any((copy / FOLDER).iterdir())
    return copy


def on_alarm(signum, frame):
    raise Timeout


def test_random_mutations_never_crash_hang_or_half_publish(base, tmp_path, capsys):
    rng = random.Random(SEED)
    paths = published_paths(load_metadata(base))
    before = digests(base, paths)
    curated = sorted(p.relative_to(base) for p in (base / "data/curated").rglob("*.yaml"))
    outcomes = {"accepted": 0, "refused": 0}
    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        for case in range(CASES):
            sandbox = tmp_path / f"case-{case}"
            shutil.copytree(base, sandbox)
            target = rng.choice(curated)
            mutate = structural if rng.random() < 0.6 else textual
            try:
                what = mutate(rng, sandbox / target)
            except yaml.YAMLError:
                what = textual(rng, sandbox / target)
            label = f"case {case}: {target}: {what}"
            signal.alarm(SECONDS_PER_CASE)
            try:
                status = main(["--root", str(sandbox)])
            except Timeout:
                pytest.fail(f"{label}: the build hung")
            finally:
                signal.alarm(0)
            message = capsys.readouterr().err
            assert status in (0, 1), label
            assert "Traceback" not in message, f"{label}\n{message}"
            if status == 1:
                outcomes["refused"] += 1
                assert LOCATED.search(message), f"{label}: no file and line or record in\n{message}"
                assert len(message) < 5000, f"{label}: a message of {len(message)} characters"
                assert digests(sandbox, paths) == before, f"{label}: a refused build changed published files"
            else:
                outcomes["accepted"] += 1
            assert not list(sandbox.glob(".build-*")) and not (sandbox / ".publish-journal.json").exists(), label
            shutil.rmtree(sandbox)
    finally:
        signal.signal(signal.SIGALRM, previous)
    # Most mutations are errors; a fuzz run that refuses nothing or everything tests too little.
    print(outcomes)
    assert outcomes["refused"] > CASES / 2 and outcomes["accepted"] > 0, outcomes
