"""make diff reports a curation change row by row and cell by cell."""

import shutil
import signal
import subprocess

import pandas as pd

from pipeline.diff import main, table_diff


def frame(rows):
    return pd.DataFrame(rows, columns=["claim_id", "quote", "notes"]).astype("string")


def test_added_removed_and_changed_rows_are_reported_by_key():
    old = frame([["a", "one", None], ["b", "two", "x"], ["c", "three", None]])
    new = frame([["a", "one", None], ["b", "TWO", "x"], ["d", "four", None]])
    lines = table_diff("claims", ["claim_id"], old, new)
    assert lines[0] == "## claims: 1 added, 1 removed"
    assert "+ d" in lines and "- c" in lines
    assert "~ b.quote: 'two' → 'TWO'" in lines
    assert not any(line.startswith("~ a") for line in lines)


def test_an_unchanged_table_says_nothing():
    old = frame([["a", "one", None]])
    assert table_diff("claims", ["claim_id"], old, old.copy()) == []


def test_the_command_compares_the_working_tree_with_a_commit(root, tmp_path, capsys):
    repository = tmp_path / "repo"
    for relative in ("metadata", "data"):
        shutil.copytree(root / relative, repository / relative)
    git = lambda *args: subprocess.run(["git", *args], cwd=repository, check=True, capture_output=True)
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    handler = signal.getsignal(signal.SIGPIPE)
    assert main(["--root", str(repository)]) == 0
    assert "no table differs from HEAD" in capsys.readouterr().out
    # The calling process keeps its own handling: a default SIGPIPE would kill it at its next write to a closed pipe.
    assert signal.getsignal(signal.SIGPIPE) == handler
    claims = pd.read_csv(repository / "data/claims.csv", dtype=str, keep_default_na=False, na_values=[""])
    claims.loc[0, "statement_en"] = "changed"
    claims.to_csv(repository / "data/claims.csv", index=False, lineterminator="\n")
    assert main(["--root", str(repository)]) == 0
    out = capsys.readouterr().out
    assert "## claims: 0 added, 0 removed" in out and f"~ {claims.loc[0, 'claim_id']}.statement_en:" in out
