"""Build the data package: raw texts and curated YAML in, validated tables out.

    python -m pipeline.build            # build, validate, then publish into the repository
    python -m pipeline.build --check    # build and validate in a staging folder only

Everything is written to a staging folder first and validated there (the
package's own checks, then frictionless). Only a package that passes is
published, all or nothing (pipeline/transaction.py), so neither bad input
nor a crash leaves the published files damaged or half-replaced.
"""

import argparse
import datetime as dt
import gc
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.articles import build_articles
from pipeline.citation import apa, bibtex, citation, citation_file
from pipeline.claims import build_claims
from pipeline.comparisons import build_comparisons
from pipeline.croissant import croissant
from pipeline.curated import Curated, load_curated
from pipeline.dates import as_date, check_not_after
from pipeline.discrepancies import build_discrepancies
from pipeline.docs import curated_reference, dictionary, guideline_codes, replace_block, resource_table
from pipeline.entities import build_credits, build_entities, build_mentions, count_references
from pipeline.errors import CurationError, excerpt
from pipeline.events import build_events
from pipeline.exclusions import build_exclusions
from pipeline.metadata import Metadata, load_metadata
from pipeline.parse_cache import ParseCache
from pipeline.propositions import build_propositions
from pipeline.publish import DESCRIPTORS, csv_resource, parquet_resource, sort_rows, write_csv, write_descriptor, write_json
from pipeline.quoting import capture_runs, quoting_columns
from pipeline.schema import Origin, Table, check_keys, check_rows
from pipeline.transaction import STAGING_PREFIX, guard, publish
from pipeline.validation import Validator

ROOT = Path(__file__).resolve().parent.parent
# Hand-written documents with blocks the build generates.
README = "README.md"
CURATED_README = "data/curated/README.md"
GUIDELINE = "docs/annotation-guideline.md"
CROISSANT = "croissant.json"
CITATION = "CITATION.cff"


def build_tables(root: Path, curated: Curated) -> dict[str, Table]:
    """Every table, built from the validated curated input."""
    articles, furniture, sources = build_articles(root, curated)
    people, organizations, places, kinds = build_entities(curated)
    tables = {t.name: t for t in (articles, furniture, people, organizations, places)}
    tables["mentions"] = build_mentions(curated, sources, kinds)
    tables["credits"] = build_credits(curated, sources, kinds)
    count_references({"people": people, "organizations": organizations, "places": places}, tables["mentions"], tables["credits"])
    tables["events"], tables["event_participants"] = build_events(curated, kinds)
    tables.update(build_claims(curated, sources, kinds))
    tables["propositions"], tables["promise_statuses"] = build_propositions(curated, kinds, tables)
    tables["discrepancies"], tables["discrepancy_links"] = build_discrepancies(curated, tables)
    tables["exclusions"] = build_exclusions(curated, sources)
    tables["comparison_readings"], tables["comparisons"] = build_comparisons(curated, tables)
    check_dates(curated, tables)
    return tables


# Time expressions may point into the future ("di tahun 2030"); further than
# this from the article they are typos, not targets.
PLAUSIBLE_YEARS = 50
FUTURE_STATUSES = {"scheduled", "planned", "promised"}


def check_dates(curated: Curated, tables: dict[str, Table]) -> None:
    """Nothing published or said after it can have been; no date implausibly far from its article."""
    release = as_date(curated["package"]["created"])
    articles = {row["article_id"]: row for row in tables["articles"].rows}
    for files in curated.articles.values():
        article = articles[files.article_id]
        check_not_after(files.article, "published_date", release, "the package's release date")
        check_not_after(files.article, "earliest_date", release, "the package's release date")
        latest = article["published_date"] or release
        earliest = article["earliest_date"]
        bound = earliest.replace(year=earliest.year + PLAUSIBLE_YEARS)
        for record in files.records["claims"]:
            check_not_after(record, "said_date", latest, "the publication of the article that reports it")
            for item in record.get("time_expressions", []):
                for key in ("date", "end_date"):
                    check_not_after(item, key, bound, f"{PLAUSIBLE_YEARS} years after the article")
    for record in curated["events"]:
        if record["status"] not in FUTURE_STATUSES:
            check_not_after(record, "start_date", release, f"the package's release date (status {record['status']})")


def package_metadata(curated: Curated, tables: dict[str, Table]) -> dict:
    metadata = {key: value for key, value in curated["package"].items() if key != "text_license"}
    created = dt.date.fromisoformat(metadata["created"])
    metadata["created"] = f"{created.isoformat()}T00:00:00Z"
    sources = [{"title": f"{row['outlet']}: {row['title']}", "path": row["url"]} for row in tables["articles"].rows]
    return {"profile": "tabular-data-package", **metadata, "sources": sources}


def resource_licenses(curated: Curated, metadata: Metadata, table: Table, runs: set[str]) -> list[dict] | None:
    """A table that carries the publishers' words (a verbatim column, or a run of a capture's words quoted in
    a note or a rendering) says so on the resource itself."""
    if not metadata.verbatim_columns(table.name) and not quoting_columns(runs, table.rows):
        return None
    return [*curated["package"]["licenses"], curated["package"]["text_license"]]


@dataclass
class Written:
    """What the CSV edition was written from, for the Parquet edition to follow."""

    package: dict
    rows: dict[str, list[dict]]
    origins: dict[str, list[Origin]]
    licenses: dict[str, list[dict] | None]


def write_csv_edition(root: Path, metadata: Metadata, curated: Curated, tables: dict[str, Table], out: Path) -> Written:
    """data/*.csv, schemas/ and datapackage.json under ``out``: everything frictionless validates."""
    for folder in ("data", "schemas/curated"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    runs = capture_runs([(root / row["raw_path"]).read_text(encoding="utf-8") for row in tables["articles"].rows])
    written = Written(package_metadata(curated, tables), {}, {}, {})
    resources = []
    for name in metadata.tables:
        schema = metadata.table_schema(name)
        write_json(out / "schemas" / f"{name}.json", schema)
        written.rows[name], written.origins[name] = sort_rows(tables[name], schema)
        write_csv(out / "data" / f"{name}.csv", written.rows[name], schema)
        written.licenses[name] = resource_licenses(curated, metadata, tables[name], runs)
        resources.append(csv_resource(name, schema, out, written.licenses[name]))
    for kind in metadata.curated["files"]:
        write_json(out / "schemas" / "curated" / f"{kind}.json", metadata.curated_schema(kind))
    write_descriptor(out, "csv", written.package, resources)
    return written


def write_parquet_edition(metadata: Metadata, tables: dict[str, Table], written: Written, out: Path) -> None:
    """data/*.parquet and datapackage-parquet.json, then the citation and Croissant files that describe both."""
    from pipeline.parquet import write_parquet  # pandas' import time overlaps the validation started before

    resources = []
    for name in metadata.tables:
        schema = metadata.table_schema(name)
        write_parquet(out / "data" / f"{name}.parquet", written.rows[name], schema)
        resources.append(parquet_resource(name, schema, out, written.licenses[name]))
    write_descriptor(out, "parquet", written.package, resources)
    (out / CITATION).write_text(citation_file(citation(written.package, tables["articles"].rows)), encoding="utf-8")
    write_json(out / CROISSANT, croissant(out))


def write_package(
    root: Path, metadata: Metadata, curated: Curated, tables: dict[str, Table], out: Path, validator: Validator
) -> None:
    """Both editions and the documents under ``out``; the CSV edition is handed to the validator as soon as it is
    written."""
    written = write_csv_edition(root, metadata, curated, tables, out)
    validator.submit(out / DESCRIPTORS["csv"], written.origins)
    write_parquet_edition(metadata, tables, written, out)
    write_documents(root, metadata, curated, tables, written, out)


def readme_citation(record: dict, key: str) -> str:
    return f"{apa(record, emphasis='*')}\n\n```bibtex\n{bibtex(record, key)}\n```\n"


def write_documents(
    root: Path, metadata: Metadata, curated: Curated, tables: dict[str, Table], written: Written, out: Path
) -> None:
    counts = {name: len(table.rows) for name, table in tables.items()}
    # The same record CITATION.cff is written from, so that the README cites what the file says.
    record = citation(written.package, tables["articles"].rows)
    cite = readme_citation(record, curated["package"]["name"])
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "docs" / "data-dictionary.md").write_text(dictionary(metadata, counts), encoding="utf-8")
    generated = {
        README: lambda text: replace_block(
            replace_block(text, "row-counts", resource_table(metadata, counts), README), "citation", cite, README
        ),
        CURATED_README: lambda text: replace_block(text, "curated-format", curated_reference(metadata), CURATED_README),
        GUIDELINE: lambda text: guideline_codes(metadata, text, GUIDELINE),
    }
    for relative, regenerate in generated.items():
        text = (root / relative).read_text(encoding="utf-8")
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(regenerate(text), encoding="utf-8")


def published_paths(metadata: Metadata) -> list[str]:
    """Everything the build publishes, the descriptors last: they vouch for the files before them."""
    return (
        [f"data/{name}.{suffix}" for suffix in ("csv", "parquet") for name in metadata.tables]
        + [f"schemas/{name}.json" for name in metadata.tables]
        + [f"schemas/curated/{kind}.json" for kind in metadata.curated["files"]]
        + ["docs/data-dictionary.md", README, CURATED_README, GUIDELINE]
        + [CITATION, CROISSANT, DESCRIPTORS["parquet"], DESCRIPTORS["csv"]]
    )


def changed_paths(root: Path, staging: Path, relatives: list[str]) -> list[str]:
    """The staged files whose bytes differ from the published ones: the others keep their time stamps,
    so that make redraws the figure only when its input changed."""
    return [
        relative for relative in relatives
        if not (root / relative).is_file() or (root / relative).read_bytes() != (staging / relative).read_bytes()
    ]


@contextmanager
def collector_paused():
    """CPython's cyclic garbage collector off for a stretch that makes millions of objects and frees few.

    Loading and building only add to the heap, so each automatic collection walks every object made so far
    again, for nothing: that was half the loading time at 320 articles. Reference counting still frees what
    the code drops; the collector resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare(root: Path, cache: ParseCache | None = None) -> tuple[Metadata, Curated, dict[str, Table]]:
    """Metadata, curated input and checked tables; a CurationError says what to fix."""
    with collector_paused():
        metadata = load_metadata(root)
        curated = load_curated(root, metadata, cache)
        tables = build_tables(root, curated)
        check_tables(metadata, tables)
    return metadata, curated, tables


def check_tables(metadata: Metadata, tables: dict[str, Table]) -> None:
    schemas = {name: metadata.table_schema(name) for name in metadata.tables}
    for name in metadata.tables:
        check_rows(tables[name], schemas[name])
    check_keys(tables, schemas)


def report_failure(error: CurationError) -> None:
    print(f"build failed, nothing was published:\n  {error}", file=sys.stderr)


def report_invalid(heading: str, errors: list[str]) -> None:
    shown = errors[:20] + ([f"… and {len(errors) - 20} more"] if len(errors) > 20 else [])
    print(heading, *shown, sep="\n  ", file=sys.stderr)


def run(root: Path, check: bool) -> int:
    try:
        str(root).encode("utf-8")
    except UnicodeEncodeError as error:  # Python keeps undecodable bytes of a path as lone surrogates
        raise CurationError(
            f"the repository's folder {excerpt(str(root))} has a name that is not UTF-8, which the Parquet and "
            "descriptor writers cannot take; rename or move it"
        ) from error
    with guard(root), Validator() as validator:
        metadata, curated, tables = prepare(root, ParseCache(root))
        with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=root, ignore_cleanup_errors=True) as tmp:
            staging = Path(tmp)
            try:
                write_package(root, metadata, curated, tables, staging, validator)
            except OSError as error:
                where = f" writing {Path(str(error.filename)).name}" if error.filename else ""
                raise CurationError(
                    f"cannot write the package ({error.strerror or error}{where}); free disk space or check the "
                    "repository's permissions. Nothing was published"
                ) from error
            errors = validator.errors()
            if errors:
                report_invalid("frictionless found the package invalid, nothing was published:", errors)
                return 1
            if not check:
                changed = changed_paths(root, staging, published_paths(metadata))
                if changed:
                    publish(root, staging, changed)
    counts = ", ".join(f"{name} {len(table.rows)}" for name, table in tables.items())
    print(f"{'checked' if check else 'built'}: {counts}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only; leave published files alone")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to build (default: this one)")
    args = parser.parse_args(argv)
    try:
        return run(args.root.resolve(), args.check)
    except CurationError as error:
        report_failure(error)
        return 1


if __name__ == "__main__":
    sys.exit(main())
