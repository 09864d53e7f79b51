"""Browse the SQLite edition in Datasette, with canned queries, on this machine only.

    python -m pipeline.serve [--root ROOT] [--dist DIR] [--port N]

Builds the release editions with pipeline.release into DIR (default
ROOT/dist) when the SQLite file is missing or older than the published
package, and starts Datasette bound to 127.0.0.1 with the release's
metadata (generated from the schemas, with the licence, the sources and the
canned queries of pipeline/queries.py).
"""

import argparse
import os
import sys
from pathlib import Path

from pipeline import release

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_PORT = 8001

def sqlite_path(dist: Path, descriptor: dict) -> Path:
    return dist / f"{release.basename(descriptor)}.sqlite"


def package_files(root: Path, descriptor: dict) -> list[Path]:
    """What the SQLite edition is built from: the descriptor, and each table's CSV and schema."""
    paths = [root / "datapackage.json"]
    for resource in descriptor["resources"]:
        paths += [root / resource["path"], root / resource["schema"]]
    return paths


def is_stale(root: Path, dist: Path, descriptor: dict) -> bool:
    """Missing, or older than a file it is built from (make's rule)."""
    database = sqlite_path(dist, descriptor)
    if not database.exists():
        return True
    built = database.stat().st_mtime
    return any(path.stat().st_mtime > built for path in package_files(root, descriptor))


def prepare(root: Path, dist: Path) -> tuple[Path, Path]:
    """The SQLite edition, built if needed, and its metadata: what Datasette is started with."""
    descriptor = release.read_json(root, "datapackage.json")
    if is_stale(root, dist, descriptor):
        print(f"building the SQLite edition in {dist}", file=sys.stderr)
        if release.main(["--root", str(root), "--out", str(dist)]) != 0:
            raise release.ReleaseError("the release build failed (above)")
    return sqlite_path(dist, descriptor), dist / f"{release.basename(descriptor)}.metadata.json"


def datasette_command(database: Path, metadata: Path, port: int) -> list[str]:
    # --immutable: Datasette opens the file read-only and may count its rows once.
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(database), "--metadata", str(metadata),
            "--host", HOST, "--port", str(port)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the published package (default: this repository)")
    parser.add_argument("--dist", type=Path, help="where the SQLite edition is built (default: ROOT/dist)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on {HOST} (default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    dist = (args.dist or root / "dist").resolve()
    try:
        database, metadata = prepare(root, dist)
    except release.ReleaseError as error:
        print(f"serve failed: {error}", file=sys.stderr)
        return 1
    print(f"Datasette on http://{HOST}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # This process becomes Datasette, so that a signal to it (Ctrl-C, a test's terminate) stops the server itself.
    command = datasette_command(database, metadata, args.port)
    os.execv(command[0], command)


if __name__ == "__main__":
    sys.exit(main())
