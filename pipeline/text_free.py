"""Build the text-free edition: every table, without the article bodies.

    python -m pipeline.text_free OUT_DIR

For users who may not redistribute the publishers' texts. Claims, mentions
and the other rows keep their verbatim quotes and spans; articles keep the
address and the SHA-256 of the body and of the raw capture, so a user who
obtains the pages can check that their copy is the one the spans refer to.
"""

import argparse
import copy
import shutil
import sys
from pathlib import Path

from pipeline.build import ROOT, frictionless_errors, package_metadata, report_invalid, tables_or_report, write_package
from pipeline.schema import TABLE_NAMES, load_schema

NOTE = (
    " Text-free edition: the article bodies are left out (articles.text is empty); every span still "
    "refers to the body whose SHA-256 is articles.text_sha256."
)


def text_free_schemas(root: Path) -> dict[str, dict]:
    schemas = {name: load_schema(root, name) for name in TABLE_NAMES}
    articles = copy.deepcopy(schemas["articles"])
    for spec in articles["fields"]:
        if spec["name"] == "text":
            spec["constraints"].pop("required")
            spec["description"] += " Empty in the text-free edition."
    schemas["articles"] = articles
    return schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the edition to (replaced)")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    tables = tables_or_report(root)
    if tables is None:
        return 1
    for row in tables["articles"].rows:
        row["text"] = None
    metadata = package_metadata(root, tables)
    metadata["name"] += "-text-free"
    metadata["title"] += " (text-free edition)"
    metadata["description"] += NOTE
    if args.out.exists():
        shutil.rmtree(args.out)
    write_package(tables, text_free_schemas(root), metadata, args.out)
    errors = frictionless_errors(args.out / "datapackage.json")
    if errors:
        report_invalid("the text-free edition is invalid:", errors)
        return 1
    print(f"text-free edition written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
