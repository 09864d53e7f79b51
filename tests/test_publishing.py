"""Publishing is all or nothing: a crash after any rename is finished by the next command, and a target
that cannot take the new files fails before the first published byte changes."""

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from frictionless import validate

from published import copy_repository

from pipeline.metadata import load_metadata
from pipeline.build import published_paths
from pipeline.errors import CurationError
from pipeline.transaction import JOURNAL, KILL_AFTER_ENV, STAGING_PREFIX, publish, recover

FILES = ["data/a.csv", "data/b.csv", "docs/c.md", "index.json"]


class Interrupted(BaseException):
    """A crash in the middle of publishing (BaseException: nothing may catch it on the way out)."""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fake_repository(root: Path) -> Path:
    """Old published files under root, new ones staged, as a build leaves them just before publishing."""
    staging = root / f"{STAGING_PREFIX}test"
    for relative in FILES:
        for base, content in ((root, "old"), (staging, "new")):
            (base / relative).parent.mkdir(parents=True, exist_ok=True)
            (base / relative).write_text(f"{content} {relative}\n", encoding="utf-8")
    return staging


def contents(root: Path) -> set[str]:
    return {(root / relative).read_text(encoding="utf-8").split()[0] for relative in FILES}


@pytest.mark.parametrize("crash_after", range(len(FILES) + 1))
def test_a_crash_after_any_rename_is_rolled_forward_by_the_next_command(tmp_path, crash_after):
    """crash_after 0 is a crash right after the journal is written, before the first rename."""
    staging = fake_repository(tmp_path)

    def crash(count: int) -> None:
        if count == crash_after:
            raise Interrupted

    with pytest.raises(Interrupted):
        publish(tmp_path, staging, FILES, after_rename=crash)
    assert (tmp_path / JOURNAL).exists()
    assert contents(tmp_path) == {0: {"old"}, len(FILES): {"new"}}.get(crash_after, {"new", "old"})
    assert recover(tmp_path) == len(FILES) - crash_after
    assert contents(tmp_path) == {"new"}
    assert not (tmp_path / JOURNAL).exists()
    assert not list(tmp_path.glob(f"{STAGING_PREFIX}*"))


def test_a_journal_whose_files_vanished_is_refused_with_what_to_do(tmp_path):
    staging = fake_repository(tmp_path)
    with pytest.raises(Interrupted):
        publish(tmp_path, staging, FILES, after_rename=lambda count: (_ for _ in ()).throw(Interrupted) if count else None)
    shutil.rmtree(staging)
    (tmp_path / FILES[0]).write_text("changed by hand\n", encoding="utf-8")
    with pytest.raises(CurationError, match="git checkout"):
        recover(tmp_path)


def test_stale_staging_folders_are_removed(tmp_path):
    (tmp_path / f"{STAGING_PREFIX}killed" / "data").mkdir(parents=True)
    (tmp_path / "keep-me").mkdir()
    recover(tmp_path)
    assert not (tmp_path / f"{STAGING_PREFIX}killed").exists()
    assert (tmp_path / "keep-me").exists()


@pytest.fixture
def immutable(tmp_path):
    """Make a folder unwritable even for root (chattr +i), and undo it afterwards."""
    made = []

    def make(path: Path) -> None:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_an_unwritable_target_fails_before_the_first_rename(tmp_path, immutable):
    staging = fake_repository(tmp_path)
    immutable(tmp_path / "docs")
    before = {relative: digest(tmp_path / relative) for relative in FILES}
    with pytest.raises(CurationError, match="cannot publish into docs/.*nothing was published"):
        publish(tmp_path, staging, FILES)
    assert {relative: digest(tmp_path / relative) for relative in FILES} == before
    assert not (tmp_path / JOURNAL).exists()


# ---- end to end, with real kills and a real build (slow tier) ------------------------------------------


def change_a_statement(sandbox: Path) -> None:
    """An edit that changes published bytes, so that old and new sets differ."""
    path = sandbox / "data/curated/propositions.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[0]["statement_en"] += " (edited by a test)"
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(sandbox: Path, *args: str, env: dict | None = None, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--root", str(sandbox), *args],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})}, preexec_fn=preexec,
    )


def published_digests(sandbox: Path) -> dict[str, str]:
    return {relative: digest(sandbox / relative) for relative in published_paths(load_metadata(sandbox))}


@pytest.fixture(scope="module")
def expected_new(root, tmp_path_factory) -> dict[str, str]:
    sandbox = copy_repository(root, tmp_path_factory.mktemp("expected"))
    change_a_statement(sandbox)
    assert build(sandbox).returncode == 0
    return published_digests(sandbox)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [0, 1, "middle", "last"])
def test_a_build_killed_while_publishing_is_finished_by_the_next_command(root, tmp_path, expected_new, kill_after):
    sandbox = copy_repository(root, tmp_path / "repo")
    change_a_statement(sandbox)
    old = published_digests(sandbox)
    changed = sum(old[p] != expected_new[p] for p in old)
    assert changed >= 3, "the edit should change several published files"
    count = {"middle": changed // 2, "last": changed}.get(kill_after, kill_after)
    killed = build(sandbox, env={KILL_AFTER_ENV: str(count)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    now = published_digests(sandbox)
    assert all(now[p] in (old[p], expected_new[p]) for p in now)
    if kill_after == "middle":
        assert now != old and now != expected_new, "the kill should leave a mix of old and new files"
    assert now == {0: old, "last": expected_new}.get(kill_after, now)
    assert (sandbox / JOURNAL).exists()
    finished = build(sandbox, "--check")
    assert finished.returncode == 0, finished.stderr
    assert "finished an interrupted publish" in finished.stdout
    assert published_digests(sandbox) == expected_new
    assert validate(str(sandbox / "datapackage.json")).valid
    assert not (sandbox / JOURNAL).exists() and not list(sandbox.glob(f"{STAGING_PREFIX}*"))


def limit_file_size() -> None:
    """Writes past 64 KiB fail with EFBIG instead of killing the process: a disk that fills up."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.slow
def test_a_full_disk_fails_with_a_message_and_publishes_nothing(root, tmp_path):
    sandbox = copy_repository(root, tmp_path / "repo")
    change_a_statement(sandbox)
    before = published_digests(sandbox)
    result = build(sandbox, preexec=limit_file_size)
    assert result.returncode == 1
    assert "nothing was published" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert published_digests(sandbox) == before


@pytest.mark.slow
def test_a_read_only_folder_fails_the_build_before_anything_is_published(root, tmp_path, immutable):
    sandbox = copy_repository(root, tmp_path / "repo")
    change_a_statement(sandbox)
    before = published_digests(sandbox)
    immutable(sandbox / "data")
    result = build(sandbox)
    assert result.returncode == 1
    assert "cannot publish into data/" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert published_digests(sandbox) == before
    assert not (sandbox / JOURNAL).exists()
