"""Publish a staged build all or nothing, and finish an interrupted publish before anything else runs.

The design is a write-ahead journal, as databases use. A build writes every
file into a staging folder inside the repository (same file system, so a
rename is atomic) and validates it there. Publishing then

1. checks that every target folder takes a new file (a read-only folder
   fails here, before the first published byte changes);
2. writes the journal, `.publish-journal.json`, atomically: the staging
   folder and the SHA-256 of every staged file;
3. renames the staged files over the published ones, one by one;
4. removes the journal and the staging folder.

A kill or a crash between 2 and 4 leaves the journal behind. Every command
of the package (`recover`, run under the build lock) first rolls such a
publish forward: it moves the staged files that are still waiting and checks
the ones already moved against their SHA-256, so a reader sees the old set
or, after the next command, the new set, never a mix that stays. Staging
folders no journal names are left-overs of killed builds and are removed.
"""

import fcntl
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import CurationError

JOURNAL = ".publish-journal.json"
LOCK = ".build.lock"
STAGING_PREFIX = ".build-"
# Fault injection for the tests: kill the process after this many renames.
KILL_AFTER_ENV = "PIPELINE_KILL_AFTER_RENAMES"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_dir(path.parent)


@contextmanager
def guard(root: Path):
    """Hold the build lock and finish any interrupted publish: what every command does first."""
    lock_path = root / LOCK
    try:
        handle = lock_path.open("a")
    except OSError as error:
        raise CurationError(f"{LOCK}: cannot take the build lock ({error.strerror}); is the repository writable?") from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise CurationError("another build is running in this repository; wait for it to finish") from error
        recover(root)
        yield


def recover(root: Path) -> int:
    """Roll an interrupted publish forward and remove stale staging folders; the number of files moved."""
    journal = root / JOURNAL
    moved = 0
    if journal.exists():
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            staging, files = root / entry["staging"], entry["files"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CurationError(
                f"{JOURNAL}: an interrupted publish left a journal that cannot be read ({error}); restore the "
                "published files with 'git checkout -- .', delete the journal and build again"
            ) from error
        for relative, digest in files:
            staged, target = staging / relative, root / relative
            if staged.exists():
                os.replace(staged, target)
                moved += 1
            elif not target.exists() or _sha256(target) != digest:
                raise CurationError(
                    f"{JOURNAL}: cannot finish the interrupted publish: {relative} is neither staged nor published; "
                    "restore the published files with 'git checkout -- .', delete the journal and build again"
                )
        for folder in {(root / relative).parent for relative, _ in files}:
            _fsync_dir(folder)
        journal.unlink()
        _fsync_dir(root)
        print(f"finished an interrupted publish: {moved} file(s) moved into place", flush=True)
    for stale in root.glob(f"{STAGING_PREFIX}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    return moved


def _preflight(root: Path, staging: Path, relatives: list[str]) -> None:
    """Fail before the first rename if any target cannot take its new file."""
    device = os.stat(staging).st_dev
    for folder in sorted({(root / relative).parent for relative in relatives}):
        shown = folder.relative_to(root).as_posix() or "."
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise CurationError(f"cannot publish into {shown}/ ({error.strerror}); nothing was published") from error
        if os.stat(folder).st_dev != device:
            raise CurationError(f"{shown}/ is on another file system than the build; nothing was published")
    for relative in relatives:
        if (root / relative).is_dir():
            raise CurationError(f"{relative} is a folder where the build publishes a file; nothing was published")


def kill_after_renames_if_asked(count: int) -> None:
    """The fault the tests inject: a real SIGKILL after the number of renames the environment names (0: right
    after the journal is written)."""
    if os.environ.get(KILL_AFTER_ENV) == str(count):
        os.kill(os.getpid(), signal.SIGKILL)


def publish(
    root: Path, staging: Path, relatives: list[str], after_rename: Callable[[int], None] = kill_after_renames_if_asked
) -> None:
    """Move the staged files over the published ones, all or nothing (see the module's docstring)."""
    _preflight(root, staging, relatives)
    files = [[relative, _sha256(staging / relative)] for relative in relatives]
    _write_atomically(root / JOURNAL, json.dumps({"staging": staging.name, "files": files}, indent=1))
    after_rename(0)
    for count, relative in enumerate(relatives, start=1):
        os.replace(staging / relative, root / relative)
        after_rename(count)
    for folder in {(root / relative).parent for relative in relatives}:
        _fsync_dir(folder)
    (root / JOURNAL).unlink()
    _fsync_dir(root)
    shutil.rmtree(staging, ignore_errors=True)
