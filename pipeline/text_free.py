"""Build the text-free edition: every table, without the article bodies.

    python -m pipeline.text_free OUT_DIR

For users who may not redistribute the publishers' texts. Claims, mentions
and the other rows keep their verbatim quotes and spans; articles keep the
address and the SHA-256 of the body and of the raw capture, so a user who
obtains the pages can check that their copy is the one the spans refer to.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.build import ROOT, frictionless_errors, prepare, report_failure, report_invalid, write_package
from pipeline.errors import CurationError
from pipeline.publish import DESCRIPTORS

NOTE = (
    " Text-free edition: the article bodies are left out (articles.text is empty); every span still "
    "refers to the body whose SHA-256 is articles.text_sha256."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the edition to (replaced)")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = args.out.resolve()
    if out == root or out in root.parents or (out.exists() and any(out.iterdir()) and not (out / "datapackage.json").exists()):
        print(f"refusing to replace {out}: give a new directory or a previous edition", file=sys.stderr)
        return 1
    try:
        metadata, curated, tables = prepare(root)
    except CurationError as error:
        report_failure(error)
        return 1
    for row in tables["articles"].rows:
        row["text"] = None
    metadata.tables["articles"]["fields"]["text"] = {
        **metadata.tables["articles"]["fields"]["text"], "required": False,
        "description": metadata.tables["articles"]["fields"]["text"]["description"] + " Empty in the text-free edition.",
    }
    package = curated["package"]
    package["name"] += "-text-free"
    package["title"] += " (text-free edition)"
    package["description"] += NOTE
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".text-free-", dir=out.parent) as tmp:
        staged = Path(tmp) / "edition"
        write_package(root, metadata, curated, tables, staged)
        errors = [error for name in DESCRIPTORS.values() for error in frictionless_errors(staged / name)]
        if errors:
            report_invalid("the text-free edition is invalid, nothing was written:", errors)
            return 1
        if out.exists():
            shutil.rmtree(out)
        os.replace(staged, out)
    print(f"text-free edition written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
