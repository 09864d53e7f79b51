"""How the build grows with the number of articles: the package replicated N times, each stage timed.

    python scripts/scaling_benchmark.py [--copies 1 4 16 64] [--repeat 3]

Every article is copied N times under new ids (its claims renamed with it),
and each stage of the build is timed on the copy, side by side with a bare
`frictionless validate` of the package the build wrote; each stage is run
--repeat times and the shortest run counts. The curated input is
loaded twice: cold, with an empty parse cache (a first build), and warm, with
the cache the first load left (every build after it, where only the files a
curator changed are parsed again). Prints a Markdown table; publishes nothing
in the repository.
"""

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import (  # noqa: E402
    CURATED_README, GUIDELINE, README, build_tables, check_tables, collector_paused, write_csv_edition,
    write_parquet_edition,
)
from pipeline.curated import load_curated  # noqa: E402
from pipeline.metadata import load_metadata  # noqa: E402
from pipeline.parse_cache import FOLDER, ParseCache  # noqa: E402
from pipeline.publish import DESCRIPTORS  # noqa: E402
from pipeline.validation import frictionless_errors  # noqa: E402


def replicate(target: Path, copies: int) -> int:
    """A repository whose every article appears ``copies`` times; the number of articles."""
    for relative in ("data/raw", "data/curated", "metadata"):
        shutil.copytree(ROOT / relative, target / relative)
    for relative in (README, CURATED_README, GUIDELINE):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target / relative)
    articles = sorted((ROOT / "data/curated/articles").iterdir())
    for copy in range(2, copies + 1):
        suffix = f"-copy{copy}"
        for folder in articles:
            new = target / "data/curated/articles" / f"{folder.name}{suffix}"
            shutil.copytree(folder, new)
            shutil.copy2(ROOT / "data/raw" / f"{folder.name}.txt", target / "data/raw" / f"{folder.name}{suffix}.txt")
            article = yaml.safe_load((new / "article.yaml").read_text(encoding="utf-8"))
            number = folder.name.removeprefix(f"{article['outlet_id']}-")
            article["article_id"] += suffix
            article["url"] = article["url"].replace(number, number + suffix, 1)
            dump(new / "article.yaml", article)
            claims = yaml.safe_load((new / "claims.yaml").read_text(encoding="utf-8"))
            for claim in claims:
                claim["claim_id"] += suffix
                if "copy_of_claim_id" in claim:
                    claim["copy_of_claim_id"] += suffix
            dump(new / "claims.yaml", claims)
    suffixes = [f"-copy{copy}" for copy in range(2, copies + 1)]
    claim_ids = [
        claim["claim_id"]
        for folder in articles
        for claim in yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    ]
    # A copy states the promises its original states, so it needs their status rows, and its claims
    # join the discrepancies their originals are in (the build checks both).
    propositions = yaml.safe_load((target / "data/curated/propositions.yaml").read_text(encoding="utf-8"))
    for proposition in propositions:
        history = proposition.get("status_history") or []
        history += [{**entry, "claim_id": entry["claim_id"] + suffix} for suffix in suffixes for entry in list(history)]
    dump(target / "data/curated/propositions.yaml", propositions)
    discrepancies = yaml.safe_load((target / "data/curated/discrepancies.yaml").read_text(encoding="utf-8"))
    for discrepancy in discrepancies:
        links = discrepancy["links"]
        links += [copied_link(link, suffix, claim_ids) for suffix in suffixes for link in list(links)]
    dump(target / "data/curated/discrepancies.yaml", discrepancies)
    return len(articles) * copies


def copied_link(link: dict, suffix: str, claim_ids: list[str]) -> dict:
    """The link to a copy's row: quantity and time-expression ids start with their claim's id."""
    key, value = next((key, value) for key, value in link.items() if key.endswith("_id"))
    if key in ("claim_id", "article_id"):
        return {**link, key: value + suffix}
    claim_id = max((c for c in claim_ids if value.startswith(c + "-")), key=len)
    return {**link, key: claim_id + suffix + value[len(claim_id):]}


class _PlainDumper(yaml.SafeDumper):
    """The build refuses anchors and aliases, which safe_dump writes for values shared between copies."""

    def ignore_aliases(self, data):
        return True


def dump(path: Path, document) -> None:
    path.write_text(yaml.dump(document, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def timed(action, repeat: int, before=lambda: None):
    """The shortest of ``repeat`` runs (the run least disturbed by the rest of the machine), and a result."""
    best = math.inf
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(copies: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        articles = replicate(root, copies)
        row = {"copies": copies, "articles": articles}
        metadata = load_metadata(root)
        cache = root / FOLDER

        def load():
            with collector_paused():  # as pipeline.build.prepare runs these stages
                return load_curated(root, metadata, ParseCache(root))

        row["load curated, cold"], _ = timed(load, repeat, before=lambda: shutil.rmtree(cache, ignore_errors=True))
        row["load curated, warm"], curated = timed(load, repeat)
        with collector_paused():
            row["build tables"], tables = timed(lambda: build_tables(root, curated), repeat)
            row["own checks"], _ = timed(lambda: check_tables(metadata, tables), repeat)
        out = Path(tmp) / "out"
        row["write CSV"], written = timed(lambda: write_csv_edition(root, metadata, curated, tables, out), repeat)
        row["write Parquet"], _ = timed(lambda: write_parquet_edition(metadata, tables, written, out), repeat)
        row["frictionless (in the build)"], errors = timed(lambda: frictionless_errors(out / DESCRIPTORS["csv"]), repeat)
        assert not errors, errors[:5]
        cli = Path(sys.executable).parent / "frictionless"
        row["bare frictionless validate"], result = timed(
            lambda: subprocess.run([str(cli), "validate", DESCRIPTORS["csv"]], cwd=out, capture_output=True, check=False),
            repeat,
        )
        assert result.returncode == 0, result.stdout[-500:]
        tables_time = row["build tables"] + row["own checks"]
        row["curated to checked tables, cold"] = row["load curated, cold"] + tables_time
        row["curated to checked tables, warm"] = row["load curated, warm"] + tables_time
        return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage; the shortest is reported")
    args = parser.parse_args()
    rows = [measure(n, args.repeat) for n in args.copies]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " | per article, cold | ratio to bare validate, cold | ratio, warm |")
    print("|" + "---|" * (len(columns) + 3))
    for row in rows:
        cells = [str(row[c]) if isinstance(row[c], int) else f"{row[c]:.2f} s" for c in columns]
        cold, warm = row["curated to checked tables, cold"], row["curated to checked tables, warm"]
        bare = row["bare frictionless validate"]
        print("| " + " | ".join(cells) + f" | {cold / row['articles'] * 1000:.1f} ms | {cold / bare:.2f} | {warm / bare:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
