"""The parse cache changes how fast curated input loads, never what it loads as."""

import os
import pickle
import re
import shutil
import signal

import pytest
import yaml
from published import copy_repository

from pipeline.build import main
from pipeline.curated import FileSchema, load_curated
from pipeline.errors import CurationError
from pipeline.metadata import load_metadata
from pipeline.parse_cache import FOLDER, ParseCache, _secret_path
from pipeline.safe_yaml import Items, Record

pytestmark = pytest.mark.slow

PEOPLE = "data/curated/people.yaml"


@pytest.fixture
def sandbox(root, tmp_path):
    return copy_repository(root, tmp_path)


def located(value):
    """A document with every line and path it carries, so that two loads can be compared in full."""
    if isinstance(value, Record):
        return ("record", value.path, value.line, value.key_lines, {k: located(v) for k, v in value.items()})
    if isinstance(value, Items):
        return ("items", value.lines, [located(v) for v in value])
    return value


def everything(curated):
    return located(
        [curated.documents]
        + [(a.article_id, a.article, a.records) for a in sorted(curated.articles.values(), key=lambda a: a.article_id)]
    )


def test_a_cached_load_equals_a_fresh_one_to_the_line(sandbox):
    metadata = load_metadata(sandbox)
    fresh = load_curated(sandbox, metadata)
    cold = load_curated(sandbox, metadata, ParseCache(sandbox))
    stored = list((sandbox / FOLDER).iterdir())
    warm = load_curated(sandbox, metadata, ParseCache(sandbox))
    assert len(stored) == sum(1 for path in (sandbox / "data/curated").rglob("*.yaml"))
    assert everything(fresh) == everything(cold) == everything(warm)


def test_an_edited_file_is_read_again_and_the_old_entry_forgotten(sandbox):
    metadata = load_metadata(sandbox)
    load_curated(sandbox, metadata, ParseCache(sandbox))
    before = set(os.listdir(sandbox / FOLDER))
    path = sandbox / PEOPLE
    people = yaml.safe_load(path.read_text(encoding="utf-8"))
    people[0]["name"] = "Edited Name"
    path.write_text(yaml.safe_dump(people, allow_unicode=True, sort_keys=False), encoding="utf-8")
    curated = load_curated(sandbox, metadata, ParseCache(sandbox))
    assert curated["people"][0]["name"] == "Edited Name"
    after = set(os.listdir(sandbox / FOLDER))
    assert len(after) == len(before) and len(after - before) == 1


def test_a_file_that_fails_is_never_stored_and_fails_again(sandbox):
    metadata = load_metadata(sandbox)
    path = sandbox / PEOPLE
    path.write_text(path.read_text(encoding="utf-8") + "\n- person_id: 7\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CurationError, match="data/curated/people.yaml"):
            load_curated(sandbox, metadata, ParseCache(sandbox))
    cache = ParseCache(sandbox)
    key = cache.key(FileSchema(metadata.curated_schema("people")).digest, PEOPLE, path.read_bytes())
    assert f"{key}.pickle" not in os.listdir(sandbox / FOLDER)


def test_a_damaged_entry_is_parsed_again(sandbox):
    metadata = load_metadata(sandbox)
    expected = everything(load_curated(sandbox, metadata))
    load_curated(sandbox, metadata, ParseCache(sandbox))
    for entry in (sandbox / FOLDER).iterdir():
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    assert everything(load_curated(sandbox, metadata, ParseCache(sandbox))) == expected


def test_a_changed_schema_is_a_new_key(sandbox):
    cache = ParseCache(sandbox)
    data = (sandbox / PEOPLE).read_bytes()
    assert cache.key(b"schema one", PEOPLE, data) != cache.key(b"schema two", PEOPLE, data)
    assert cache.key(b"schema one", PEOPLE, data) != cache.key(b"schema one", PEOPLE, data + b"\n")
    assert cache.key(b"schema one", PEOPLE, data) != cache.key(b"schema one", "data/curated/places.yaml", data)


def test_an_unwritable_cache_only_costs_time(sandbox, capsys):
    (sandbox / FOLDER).parent.mkdir()
    (sandbox / FOLDER).write_text("a file where the cache folder would be", encoding="utf-8")
    assert main(["--root", str(sandbox), "--check"]) == 0, capsys.readouterr().err


def test_the_build_keeps_one_entry_per_curated_file_and_leaves_other_files_alone(sandbox):
    (sandbox / FOLDER).mkdir(parents=True)
    (sandbox / FOLDER / f"{'0' * 64}.pickle").write_bytes(b"an entry for an input that is gone")
    (sandbox / FOLDER / ".entry-0123456789abcdef.tmp").write_bytes(b"half written by a killed build")
    (sandbox / FOLDER / "notes.txt").write_text("not the cache's to delete", encoding="utf-8")
    assert main(["--root", str(sandbox), "--check"]) == 0
    entries = sorted(p.name for p in (sandbox / FOLDER).iterdir())
    assert "notes.txt" in entries
    entries.remove("notes.txt")
    assert len(entries) == sum(1 for path in (sandbox / "data/curated").rglob("*.yaml"))
    assert all(re.fullmatch(r"[0-9a-f]{64}\.pickle", name) and name != f"{'0' * 64}.pickle" for name in entries)


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written_nor_pruned(sandbox, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "thesis.tex").write_text("someone's work", encoding="utf-8")
    (sandbox / ".cache").mkdir()
    (sandbox / FOLDER).symlink_to(elsewhere)
    assert main(["--root", str(sandbox), "--check"]) == 0
    assert [p.name for p in elsewhere.iterdir()] == ["thesis.tex"]
    (sandbox / FOLDER).unlink()
    (sandbox / ".cache").rmdir()
    (sandbox / ".cache").symlink_to(elsewhere)
    assert main(["--root", str(sandbox), "--check"]) == 0
    assert [p.name for p in elsewhere.iterdir()] == ["thesis.tex"]


def test_an_entry_not_made_by_this_users_builds_is_not_used(sandbox):
    """A planted entry under the right key, with edited content, is parsed again instead: no forged data."""
    metadata = load_metadata(sandbox)
    expected = everything(load_curated(sandbox, metadata))
    cache = ParseCache(sandbox)
    load_curated(sandbox, metadata, cache)
    key = cache.key(FileSchema(metadata.curated_schema("people")).digest, PEOPLE, (sandbox / PEOPLE).read_bytes())
    entry = sandbox / FOLDER / f"{key}.pickle"
    people = load_curated(sandbox, metadata)["people"]
    people[0]["name"] = "Forged Name"
    forged = pickle.dumps(people)
    entry.write_bytes(b"\0" * 32 + forged)
    assert everything(load_curated(sandbox, metadata, ParseCache(sandbox))) == expected
    other = next(p for p in (sandbox / FOLDER).iterdir() if p != entry)
    entry.write_bytes(other.read_bytes())  # a genuine entry, moved under another file's key
    assert everything(load_curated(sandbox, metadata, ParseCache(sandbox))) == expected


def test_without_a_place_for_the_secret_nothing_is_cached(sandbox, monkeypatch, tmp_path_factory):
    blocked = tmp_path_factory.mktemp("home") / "not a folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert main(["--root", str(sandbox), "--check"]) == 0
    assert not (sandbox / FOLDER).exists() or not any((sandbox / FOLDER).iterdir())


class Planted:
    """What a hostile entry could hold: a call to any importable function, here one that deletes a file."""

    def __init__(self, target) -> None:
        self.target = target

    def __reduce__(self):
        return (os.remove, (str(self.target),))


def test_an_entry_that_names_anything_but_a_document_is_refused_not_run(sandbox, tmp_path):
    target = tmp_path / "deleted if the planted entry runs"
    target.write_text("still here", encoding="utf-8")
    metadata = load_metadata(sandbox)
    expected = everything(load_curated(sandbox, metadata))
    load_curated(sandbox, metadata, ParseCache(sandbox))
    for entry in (sandbox / FOLDER).iterdir():
        entry.write_bytes(pickle.dumps(Planted(target)))
    assert everything(load_curated(sandbox, metadata, ParseCache(sandbox))) == expected
    assert target.exists()


def test_an_entry_that_is_a_link_or_a_pipe_is_a_miss_without_reading_it(sandbox, tmp_path):
    metadata = load_metadata(sandbox)
    expected = everything(load_curated(sandbox, metadata))
    cache = ParseCache(sandbox)
    load_curated(sandbox, metadata, cache)
    entries = sorted((sandbox / FOLDER).iterdir())
    genuine = tmp_path / "genuine.pickle"
    shutil.copy2(entries[0], genuine)
    entries[0].unlink()
    entries[0].symlink_to(genuine)  # a link could as well lead to /dev/zero
    entries[1].unlink()
    os.mkfifo(entries[1])  # opening a pipe for reading would wait for a writer forever
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("a cache entry blocked the build"))
    signal.alarm(30)
    try:
        assert everything(load_curated(sandbox, metadata, ParseCache(sandbox))) == expected
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_key_is_never_kept_inside_the_tree_being_built(sandbox, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(sandbox / ".cache"))
    assert _secret_path(sandbox) is None and ParseCache(sandbox).secret is None
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")  # relative: ignored, as the XDG specification says
    monkeypatch.chdir(sandbox)
    path = _secret_path(sandbox)
    assert path is not None and path.is_absolute() and not path.is_relative_to(sandbox)


def test_a_short_key_is_replaced_and_a_key_that_is_no_file_is_left_alone(sandbox, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
    key = _secret_path(sandbox)
    key.parent.mkdir(parents=True)
    key.write_bytes(b"")  # what a build killed while making the key would have left, before keys were linked in whole
    assert len(ParseCache(sandbox).secret) == 32 and len(key.read_bytes()) == 32
    key.unlink()
    os.mkfifo(key)
    assert ParseCache(sandbox).secret is None
