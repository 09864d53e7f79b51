"""Build the data package: raw texts and curated YAML in, validated tables out.

    python -m pipeline.build            # build, validate, then publish into the repository
    python -m pipeline.build --check    # build and validate into a temporary place only

Everything is written to a temporary directory first and validated there
(the package's own checks, then frictionless). Only a package that passes
replaces the published files, so bad input never damages what is published.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from frictionless import validate

from pipeline.articles import build_articles
from pipeline.claims import build_claims
from pipeline.curated import CurationError, check_keys, load_yaml
from pipeline.dictionary import readme_with_counts, write_dictionary
from pipeline.discrepancies import build_discrepancies
from pipeline.entities import build_credits, build_entities, build_mentions, count_references
from pipeline.events import build_events
from pipeline.exclusions import build_exclusions
from pipeline.propositions import build_propositions
from pipeline.publish import DESCRIPTORS, resource_entries, sort_rows, write_csv, write_descriptors, write_parquet
from pipeline.schema import TABLE_NAMES, Table, check_keys as check_table_keys, check_rows, load_schema

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_KEYS = {
    "name", "title", "description", "version", "created", "homepage", "licenses", "contributors",
    "keywords", "languages",
}


def load_schemas(root: Path) -> dict[str, dict]:
    return {name: load_schema(root, name) for name in TABLE_NAMES}


def build_tables(root: Path, schemas: dict[str, dict]) -> dict[str, Table]:
    """Every table, checked against its schema and against each other."""
    curated = root / "data" / "curated"
    articles, furniture, texts = build_articles(root, curated)
    people, organizations, places, kinds = build_entities(root, curated)
    tables = {t.name: t for t in (articles, furniture, people, organizations, places)}
    tables["mentions"] = build_mentions(root, curated, texts, kinds)
    tables["credits"] = build_credits(root, curated, kinds)
    count_references(
        {"people": people, "organizations": organizations, "places": places}, tables["mentions"], tables["credits"]
    )
    tables["events"], tables["event_participants"] = build_events(root, curated, kinds)
    tables.update(build_claims(root, curated, texts, kinds))
    tables["propositions"], tables["promise_statuses"] = build_propositions(
        root, curated, kinds, tables["claim_propositions"], tables["claims"], articles
    )
    tables["discrepancies"], tables["discrepancy_links"] = build_discrepancies(root, curated, tables)
    tables["exclusions"] = build_exclusions(root, curated, texts)
    for folder in ("claims", "mentions"):
        missing = sorted(set(texts) - {path.stem for path in (curated / folder).glob("*.yaml")})
        if missing:
            raise CurationError(f"data/curated/{folder}/: no file for {', '.join(missing)}; add {missing[0]}.yaml")
    for name in TABLE_NAMES:
        check_rows(tables[name], schemas[name])
    check_table_keys(tables, schemas)
    return tables


def package_metadata(root: Path, tables: dict[str, Table]) -> dict:
    path = root / "data" / "curated" / "package.yaml"
    metadata = load_yaml(path, root)
    check_keys(metadata, PACKAGE_KEYS)
    sources = [
        {"title": f"{row['outlet']}: {row['title']}", "path": row["url"]} for row in tables["articles"].rows
    ]
    return {"profile": "tabular-data-package", **metadata, "sources": sources}


def write_package(tables: dict[str, Table], schemas: dict[str, dict], metadata: dict, out: Path) -> None:
    """Write data/, schemas/ and both descriptors under ``out``."""
    for folder in ("data", "schemas"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    resources: dict[str, list[dict]] = {"csv": [], "parquet": []}
    for name in TABLE_NAMES:
        schema = schemas[name]
        (out / "schemas" / f"{name}.json").write_text(
            json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        rows = sort_rows(tables[name], schema)
        write_csv(out / "data" / f"{name}.csv", rows, schema)
        write_parquet(out / "data" / f"{name}.parquet", rows, schema)
        for edition, resource in zip(("csv", "parquet"), resource_entries(name, schema, out)):
            resources[edition].append(resource)
    write_descriptors(out, metadata, resources)


def published_paths() -> list[str]:
    """Everything the build publishes, the descriptors last: they vouch for the files before them."""
    return (
        [f"data/{name}.csv" for name in TABLE_NAMES]
        + [f"data/{name}.parquet" for name in TABLE_NAMES]
        + ["docs/data-dictionary.md", "README.md", DESCRIPTORS["parquet"], DESCRIPTORS["csv"]]
    )


def frictionless_errors(descriptor: Path) -> list[str]:
    report = validate(str(descriptor))
    if report.valid:
        return []
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def prepare(root: Path) -> tuple[dict[str, Table], dict[str, dict], dict]:
    """Tables, schemas and package metadata; a CurationError says what to fix."""
    schemas = load_schemas(root)
    tables = build_tables(root, schemas)
    return tables, schemas, package_metadata(root, tables)


def report_failure(error: CurationError) -> None:
    print(f"build failed, nothing was written:\n  {error}", file=sys.stderr)


def report_invalid(heading: str, errors: list[str]) -> None:
    shown = errors[:50] + ([f"… and {len(errors) - 50} more"] if len(errors) > 50 else [])
    print(heading, *shown, sep="\n  ", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only; leave published files alone")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to build (default: this one)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        tables, schemas, metadata = prepare(root)
        readme = readme_with_counts((root / "README.md").read_text(encoding="utf-8"), schemas, tables)
    except CurationError as error:
        report_failure(error)
        return 1
    with tempfile.TemporaryDirectory(prefix=".build-", dir=root) as tmp:
        out = Path(tmp)
        write_package(tables, schemas, metadata, out)
        (out / "docs").mkdir()
        write_dictionary(out / "docs" / "data-dictionary.md", schemas, tables)
        (out / "README.md").write_text(readme, encoding="utf-8")
        errors = [error for name in DESCRIPTORS.values() for error in frictionless_errors(out / name)]
        if errors:
            report_invalid("frictionless found the package invalid, nothing was published:", errors)
            return 1
        if not args.check:
            for relative in published_paths():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(out / relative, root / relative)
    counts = ", ".join(f"{name} {len(tables[name].rows)}" for name in TABLE_NAMES)
    print(f"{'checked' if args.check else 'built'}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
