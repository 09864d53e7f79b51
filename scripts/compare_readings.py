"""Measure agreement between two independent annotations of the same articles.

    python scripts/compare_readings.py annotation/first-reading annotation/second-reading

Each folder holds one claims file per article in the curated format
(data/curated/README.md): <folder>/<article_id>.yaml, or
<folder>/<article_id>/claims.yaml as in data/curated/articles.
Claims are aligned by overlap of their spans; the script prints a Markdown
table of boundary, speaker, attribution, type, quantity and time agreement.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pipeline.safe_yaml import load  # noqa: E402
from pipeline.spans import locate  # noqa: E402
from published import read_csv  # noqa: E402


def bodies() -> dict[str, str]:
    articles = read_csv(ROOT / "data" / "articles.csv")
    return dict(zip(articles["article_id"], articles["text"]))


def claims_file(folder: Path, article_id: str) -> Path:
    nested = folder / article_id / "claims.yaml"
    return nested if nested.exists() else folder / f"{article_id}.yaml"


def reading(path: Path, text: str) -> dict:
    claims = []
    for record in load(path, ROOT, path.parent):
        start, end = locate(record, record["quote"], text, path.name)
        items = {"quantities": set(), "times": set()}
        for key, label in (("quantities", "quantities"), ("time_expressions", "times")):
            for item in record.get(key, []):
                s, e = locate(item, item["text"], text[start:end], record["claim_id"], base=start)
                items[label].add((s, e, item.get("value"), item.get("unit")) if label == "quantities" else (s, e))
        claims.append(
            {
                "span": (start, end),
                "speaker": record.get("speaker"),
                "attribution": record.get("attribution"),
                "type": record.get("claim_type"),
                **items,
            }
        )
    return {"text": text, "claims": claims}


def f1(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def kappa(pairs: list[tuple]) -> float:
    """Cohen's kappa for two annotators' labels on the same items."""
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    first, second = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def aligned(first: list[dict], second: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of claims whose spans overlap by more than half of the shorter one."""
    pairs = []
    for a in first:
        for b in second:
            overlap = min(a["span"][1], b["span"][1]) - max(a["span"][0], b["span"][0])
            shorter = min(a["span"][1] - a["span"][0], b["span"][1] - b["span"][0])
            if overlap > shorter / 2:
                pairs.append((a, b))
    return pairs


def compare(first: dict, second: dict) -> dict:
    pairs = aligned(first["claims"], second["claims"])
    spans = [{c["span"] for c in r["claims"]} for r in (first, second)]
    quantities = [set().union(*(c["quantities"] for c in r["claims"])) for r in (first, second)]
    quantity_spans = [{q[:2] for q in qs} for qs in quantities]
    matched = quantity_spans[0] & quantity_spans[1]
    values = [{q[:2]: q[2:] for q in qs} for qs in quantities]
    times = [set().union(*(c["times"] for c in r["claims"])) for r in (first, second)]
    return {
        "claims": f"{len(first['claims'])} / {len(second['claims'])}",
        "exact span F1": f1(*spans),
        "aligned pairs": len(pairs),
        "speaker agreement": sum(a["speaker"] == b["speaker"] for a, b in pairs) / len(pairs),
        "attribution kappa": kappa([(a["attribution"], b["attribution"]) for a, b in pairs]),
        "type agreement": sum(a["type"] == b["type"] for a, b in pairs) / len(pairs),
        "type kappa": kappa([(a["type"], b["type"]) for a, b in pairs]),
        "quantity span F1": f1(*quantity_spans),
        "quantity value+unit agreement": (
            sum(values[0][s] == values[1][s] for s in matched) / len(matched) if matched else 1.0
        ),
        "time span F1": f1(*times),
    }


def disagreements(first: dict, second: dict) -> list[str]:
    """Every aligned pair that differs, and every span only one reading has."""
    text, lines = first["text"], []
    for a, b in aligned(first["claims"], second["claims"]):
        for key in ("span", "speaker", "attribution", "type"):
            if a[key] != b[key]:
                shown = (text[slice(*a["span"])][:70], text[slice(*b["span"])][:70]) if key == "span" else (a[key], b[key])
                lines.append(f"- {key}: {shown[0]!r} vs {shown[1]!r} ({text[slice(*a['span'])][:50]!r})")
    for label, key in (("quantity", "quantities"), ("time", "times")):
        sets = [{x[:2] for c in r["claims"] for x in c[key]} for r in (first, second)]
        for span in sorted(sets[0] ^ sets[1]):
            lines.append(f"- {label} only in the {'first' if span in sets[0] else 'second'} reading: {text[slice(*span)]!r}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--details", action="store_true", help="also list every disagreement")
    args = parser.parse_args()
    texts = bodies()
    articles = sorted(path.stem for path in args.second.glob("*.yaml"))
    readings = {
        article_id: [reading(claims_file(folder, article_id), texts[article_id]) for folder in (args.first, args.second)]
        for article_id in articles
    }
    results = {article_id: compare(*pair) for article_id, pair in readings.items()}
    metrics = list(next(iter(results.values())))
    print("| measure | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for metric in metrics:
        cells = [f"{r[metric]:.2f}" if isinstance(r[metric], float) else str(r[metric]) for r in results.values()]
        print(f"| {metric} | " + " | ".join(cells) + " |")
    if args.details:
        for article_id, pair in readings.items():
            print(f"\n{article_id}:")
            print("\n".join(disagreements(*pair)) or "- none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
