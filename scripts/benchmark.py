"""Time the stages of a build: curated input to checked tables, writing, validation.

    python scripts/benchmark.py [--repeat N]

Prints the best of N runs of each stage, in seconds. Nothing is published.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import frictionless_errors, prepare, write_package  # noqa: E402


def best_of(repeat: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seconds, (metadata, curated, tables) = best_of(args.repeat, lambda: prepare(ROOT))
    print(f"read curated input, locate spans, own checks: {seconds:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(args.repeat))

        def write():
            out = Path(tmp) / str(next(counter))
            write_package(ROOT, metadata, curated, tables, out)
            return out

        seconds, out = best_of(args.repeat, write)
        print(f"write {2 * len(tables)} CSV and Parquet files + descriptors: {seconds:.3f} s")
        seconds, errors = best_of(args.repeat, lambda: frictionless_errors(out / "datapackage.json"))
        print(f"frictionless validate: {seconds:.3f} s ({'valid' if not errors else 'INVALID'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
