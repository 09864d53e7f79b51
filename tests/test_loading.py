"""Curated input that would crash, hang or silently change the build is refused with the file and line."""

import os
import shutil
import threading

import pytest

from pipeline.curated import load_curated
from pipeline.errors import CurationError, excerpt
from pipeline.metadata import load_metadata
from pipeline.safe_yaml import load


def loads(tmp_path, data, name="file.yaml"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return load(path, tmp_path, tmp_path)


REFUSED = {
    "anchor and alias": ("- a: &x [1, 2]\n- b: *x\n", "file.yaml:1:", "anchors and aliases"),
    "alias bomb": (
        "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        "file.yaml:1:", "anchors and aliases",
    ),
    "explicit timestamp tag": ("- date: !!timestamp 2018-10-13T10:00:00\n", "file.yaml:1:", "explicit YAML tags"),
    "python tag": ("- a: !!python/object:os.system ls\n", "file.yaml:1:", "explicit YAML tags"),
    "duplicate key": ("- claim_id: a\n  notes: one\n  notes: two\n", "file.yaml:3:", "written twice"),
    "non-text key": ("- 1: a\n", "file.yaml:1:", "is not text"),
    "boolean key": ("- true: a\n", "file.yaml:1:", "is not text"),
    "not a number": ("- value: .nan\n", "file.yaml:1:", "not a number a column can hold"),
    "infinity": ("- value: -.inf\n", "file.yaml:1:", "not a number a column can hold"),
    "huge integer": (f"- value: {'9' * 401}\n", "file.yaml:1:", "too large"),
    "integer past Python's 4,300 digits": (f"- value: {'9' * 5000}\n", "file.yaml:1:", "too large"),
    "underscored integer past the limit": (f"- value: -1_{'0' * 4400}\n", "file.yaml:1:", "too large"),
    "key past the limit": (f"- ? {'9' * 5000}\n  : a\n", "file.yaml:1:", "too large"),
    "lone surrogate escape": ('- quote: "a\\ud800b"\n', "file.yaml:1:", "character"),
    "NUL escape": ('- quote: "a\\x00b"\n', "file.yaml:1:", "character"),
    "NUL byte": (b"- quote: a\x00b\n", "file.yaml:1:11", "control character"),
    "not UTF-8": (b"- quote: caf\xe9\n", "file.yaml:1:13", "not UTF-8"),
    "byte-order mark": ("\ufeff- a: b\n", "file.yaml:1:1", "byte-order mark"),
    "CR LF line endings": ("- a: b\r\n- c: d\r\n", "file.yaml:1:7", "CR LF"),
    "deep nesting": ("a: " + "[" * 2000 + "]" * 2000 + "\n", "file.yaml:1:", "nested more than"),
    "malformed": ("- a: [b\n", "file.yaml:2:1", "malformed YAML"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_file_and_line(tmp_path, case):
    data, where, what = REFUSED[case]
    with pytest.raises(CurationError) as caught:
        loads(tmp_path, data)
    message = str(caught.value)
    assert message.startswith(where) and what in message, message
    assert len(message) < 300


def test_records_know_their_line_and_dates_stay_text(tmp_path):
    records = loads(tmp_path, "# comment\n- claim_id: a\n  said_date: 2018-10-13\n- claim_id: b\n  value: 8.1\n")
    assert [r.line for r in records] == [2, 4]
    assert records[0]["said_date"] == "2018-10-13"
    assert records[1]["value"] == 8.1
    assert records[0].where() == "file.yaml:2 (record 'a')"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "file.yaml")
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(pytest.raises(CurationError, load, tmp_path / "file.yaml", tmp_path, tmp_path)))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading a FIFO blocked the build"
    assert "not a regular file" in str(outcome[0].value)


def test_a_directory_is_refused(tmp_path):
    (tmp_path / "file.yaml").mkdir()
    with pytest.raises(CurationError, match="it is a directory"):
        load(tmp_path / "file.yaml", tmp_path, tmp_path)


def test_links_that_leave_the_folder_or_loop_are_refused(tmp_path):
    inside = tmp_path / "curated"
    inside.mkdir()
    (tmp_path / "outside.yaml").write_text("- a: b\n", encoding="utf-8")
    (inside / "leaves.yaml").symlink_to(tmp_path / "outside.yaml")
    with pytest.raises(CurationError, match="outside curated"):
        load(inside / "leaves.yaml", tmp_path, inside)
    (inside / "loop.yaml").symlink_to(inside / "loop.yaml")
    with pytest.raises(CurationError, match="cannot follow"):
        load(inside / "loop.yaml", tmp_path, inside)


def test_an_oversized_file_is_refused(tmp_path):
    with pytest.raises(CurationError, match="larger than"):
        loads(tmp_path, "- quote: " + "x" * (5 * 1024 * 1024) + "\n")


def test_messages_show_a_short_excerpt_of_long_values():
    shown = excerpt("x" * 100_000)
    assert len(shown) < 100 and "100,000 characters" in shown


# ---- the curated layout --------------------------------------------------------------------------------


@pytest.fixture
def repository(root, tmp_path):
    for relative in ("data/curated", "data/raw", "metadata"):
        shutil.copytree(root / relative, tmp_path / relative)
    return tmp_path


def curated_error(repository) -> str:
    with pytest.raises(CurationError) as caught:
        load_curated(repository, load_metadata(repository))
    return str(caught.value)


def test_a_file_the_build_would_not_read_stops_it(repository):
    (repository / "data/curated/articles/tempo-1135968/claims.yml").write_text("[]\n", encoding="utf-8")
    assert "claims.yml: the build does not read this" in curated_error(repository)


def test_a_stray_file_in_the_curated_folder_stops_it(repository):
    (repository / "data/curated/notes.txt").write_text("todo\n", encoding="utf-8")
    assert "data/curated/notes.txt: the build does not read this" in curated_error(repository)


def test_an_article_folder_named_unlike_its_id_stops_it(repository):
    (repository / "data/curated/articles/tempo-1135968").rename(repository / "data/curated/articles/tempo-1")
    assert "differs from its folder's name" in curated_error(repository)


def test_a_merge_key_is_an_unknown_key(repository):
    path = repository / "data/curated/people.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- person_id: jack-ma\n", "- person_id: jack-ma\n  <<: {name: x}\n", 1), encoding="utf-8")
    message = curated_error(repository)
    assert "data/curated/people.yaml:" in message and "unknown key(s) <<" in message, message


def test_a_scalar_where_the_package_record_belongs_names_the_file(repository):
    (repository / "data/curated/package.yaml").write_text("just text\n", encoding="utf-8")
    assert curated_error(repository).startswith("data/curated/package.yaml:1: expected a record")


def articles_error(repository) -> str:
    from pipeline.articles import build_articles

    with pytest.raises(CurationError) as caught:
        build_articles(repository, load_curated(repository, load_metadata(repository)))
    return str(caught.value)


def test_a_capture_checked_out_with_crlf_is_named_as_such(repository):
    path = repository / "data/raw/antara-758172.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    message = articles_error(repository)
    assert message.startswith("data/curated/articles/antara-758172/article.yaml:") and "CR LF" in message, message


def test_a_changed_capture_is_refused(repository):
    path = repository / "data/raw/antara-758172.txt"
    path.write_bytes(path.read_bytes().replace(b"Jack Ma", b"Jack  Ma", 1))
    assert "is not the capture raw_sha256 pins" in articles_error(repository)


def test_a_capture_no_article_reads_is_refused(repository):
    (repository / "data/raw/kompas-123.txt").write_text("text\n", encoding="utf-8")
    assert "data/raw/kompas-123.txt: no article folder" in articles_error(repository)


def test_a_wrong_value_is_reported_at_its_own_line(repository):
    path = repository / "data/curated/people.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    first = lines.index("- person_id: jack-ma")
    key = next(i for i in range(first + 1, len(lines)) if lines[i].startswith("  name:"))
    lines[key] = "  name: [not, text]"
    path.write_text("\n".join(lines), encoding="utf-8")
    message = curated_error(repository)
    assert message.startswith(f"data/curated/people.yaml:{key + 1} (record 'jack-ma'): key 'name'"), message
