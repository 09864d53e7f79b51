"""What a curation change did to the published tables, row by row: `make diff`.

    python -m pipeline.diff [REVISION]     # default: the last commit (HEAD)

Compares every table in data/*.csv with the same table at REVISION by primary
key and prints the rows added and removed and, for rows in both, each cell
that changed. Plain `git diff` is unreadable on CSV cells that hold whole
paragraphs; this is the view a reviewer of a curation change needs.
"""

import argparse
import io
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.build import ROOT
from pipeline.errors import CurationError, excerpt
from pipeline.metadata import load_metadata
from pipeline.transaction import guard


def read(data: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False, na_values=[""])


def table_diff(name: str, key: list[str], old: pd.DataFrame | None, new: pd.DataFrame | None) -> list[str]:
    """Lines describing how ``new`` differs from ``old``; empty when they hold the same rows."""
    if old is None or new is None:
        return [f"## {name}: table {'added' if old is None else 'removed'}"]
    old, new = old.set_index(key, drop=False), new.set_index(key, drop=False)
    lines = []
    added, removed = new.index.difference(old.index), old.index.difference(new.index)
    columns = [c for c in new.columns if c in old.columns]
    lines += [f"+ {label(k)}" for k in added] + [f"- {label(k)}" for k in removed]
    for column in sorted(set(new.columns) ^ set(old.columns)):
        lines.append(f"~ column {column} {'added' if column in new.columns else 'removed'}")
    shared = new.index.intersection(old.index)
    for k in shared:
        for column in columns:
            before, after = old.at[k, column], new.at[k, column]
            if not (pd.isna(before) and pd.isna(after)) and before != after:
                lines.append(f"~ {label(k)}.{column}: {shown(before)} → {shown(after)}")
    return [f"## {name}: {len(added)} added, {len(removed)} removed", *lines] if lines else []


def label(key) -> str:
    return "/".join(key) if isinstance(key, tuple) else str(key)


def shown(value) -> str:
    return "(empty)" if pd.isna(value) else excerpt(value)


def at_revision(root: Path, revision: str, relative: str) -> str | None:
    result = subprocess.run(
        ["git", "show", f"{revision}:{relative}"], cwd=root, capture_output=True, text=True, encoding="utf-8"
    )
    return result.stdout if result.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default="HEAD", help="the git revision to compare with (default HEAD)")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        with guard(root):
            metadata = load_metadata(root)
            report = []
            for name, spec in metadata.tables.items():
                relative = f"data/{name}.csv"
                old_text = at_revision(root, args.revision, relative)
                new = read((root / relative).read_text(encoding="utf-8")) if (root / relative).exists() else None
                report += table_diff(name, spec["primary_key"], None if old_text is None else read(old_text), new)
    except CurationError as error:
        print(f"diff failed:\n  {error}", file=sys.stderr)
        return 1
    print("\n".join(report) if report else f"no table differs from {args.revision}")
    return 0


if __name__ == "__main__":
    # `make diff | head` ends quietly; only here, so that calling main() leaves the caller's signals alone.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
