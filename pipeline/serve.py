"""Browse the SQLite edition in Datasette, with canned queries, on this machine only.

    python -m pipeline.serve [--root ROOT] [--dist DIR] [--port N]

Builds the release editions with pipeline.release into DIR (default
ROOT/dist) when the SQLite file is missing or older than the published
package, writes <name>-<version>.datasette.json beside it (the release's
Datasette metadata, generated from the schemas, with the licence, the
sources and the canned queries below) and starts Datasette bound to
127.0.0.1. The release's own metadata file is left as it is, so SHA256SUMS
stays true.
"""

import argparse
import os
import sys
from pathlib import Path

from pipeline import release
from pipeline.publish import write_json

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_PORT = 8001

# Each query orders its rows completely, so that the same package always answers in the same order.
QUERIES = {
    "promise_wordings": {
        "title": "Each outlet's wording of a promise",
        "description": "Every claim that bears on the proposition, with its outlet, its relation to it (states, "
        "states_differently, reports_on), whether it is an independent account or a copy, the Indonesian words "
        "and the English rendering. Try train-1000-technology-leaders-a-year.",
        "sql": """SELECT a.outlet, cp.article_id, cp.claim_id, cp.relation, cp.is_independent, c.copy_of_claim_id,
       cp.discrepancy_id, c.attribution, c.quote, c.statement_en
FROM claim_propositions AS cp
JOIN claims AS c ON c.claim_id = cp.claim_id
JOIN articles AS a ON a.article_id = cp.article_id
WHERE cp.proposition_id = :proposition_id
ORDER BY a.earliest_date, a.outlet, c.char_start, cp.claim_id""",
        "params": ["proposition_id"],
    },
    "nusa_dua_meeting_dates": {
        "title": "The dates each outlet gives for the Nusa Dua meeting and press conference",
        "description": "Every time expression that dates a meeting or press conference held in Nusa Dua (or a "
        "venue inside it), with the date it resolves to and the weekday check.",
        "sql": """WITH RECURSIVE nusa_dua(place_id) AS (
  SELECT 'nusa-dua'
  UNION
  SELECT p.place_id FROM places AS p JOIN nusa_dua AS n ON p.parent_place_id = n.place_id
)
SELECT e.event_id, e.name AS event, a.outlet, t.article_id, t.text, t.date_iso, t.date_precision,
       t.weekday_printed, t.weekday_of_date, t.is_weekday_correct, t.claim_id, t.time_expression_id
FROM time_expressions AS t
JOIN events AS e ON e.event_id = t.event_id
JOIN articles AS a ON a.article_id = t.article_id
WHERE e.event_type IN ('meeting', 'press_conference')
  AND e.place_id IN (SELECT place_id FROM nusa_dua)
ORDER BY e.event_id, a.earliest_date, a.outlet, t.char_start, t.time_expression_id""",
    },
    "jack_ma_numbers": {
        "title": "Every number Jack Ma gave",
        "description": "The quantities in the claims whose speaker is Jack Ma, ordinals (the second meeting) left "
        "out, with the words as printed and their normalised value.",
        "sql": """SELECT a.outlet, q.article_id, q.claim_id, q.quantity_id, q.text, q.value, q.value_max, q.unit,
       q.per_period, q.qualifier, q.counted_en
FROM quantities AS q
JOIN claims AS c ON c.claim_id = q.claim_id
JOIN articles AS a ON a.article_id = q.article_id
WHERE c.speaker_person_id = 'jack-ma' AND q.unit <> 'ordinal'
ORDER BY a.earliest_date, a.outlet, q.char_start, q.quantity_id""",
    },
    "discrepancies_by_type": {
        "title": "The discrepancies by type",
        "description": "Every discrepancy with its type and how many discrepancies share that type, the most "
        "frequent type first.",
        "sql": """SELECT d.discrepancy_type, COUNT(*) OVER (PARTITION BY d.discrepancy_type) AS type_count,
       d.discrepancy_id, d.description_en, d.link_count
FROM discrepancies AS d
ORDER BY type_count DESC, d.discrepancy_type, d.discrepancy_id""",
    },
}


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


def serve_metadata(root: Path, dist: Path) -> Path:
    """Write the Datasette metadata with the canned queries; return its path."""
    descriptor, tables = release.read_package(root)
    database = release.basename(descriptor)
    metadata = release.datasette_metadata(descriptor, tables, database=database)
    metadata["databases"][database]["queries"] = QUERIES
    path = dist / f"{database}.datasette.json"
    write_json(path, metadata)
    return path


def prepare(root: Path, dist: Path) -> tuple[Path, Path]:
    """The SQLite edition, built if needed, and its metadata: what Datasette is started with."""
    descriptor = release.read_json(root, "datapackage.json")
    if is_stale(root, dist, descriptor):
        print(f"building the SQLite edition in {dist}", file=sys.stderr)
        if release.main(["--root", str(root), "--out", str(dist)]) != 0:
            raise release.ReleaseError("the release build failed (above)")
    return sqlite_path(dist, descriptor), serve_metadata(root, dist)


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
