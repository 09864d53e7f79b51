"""Every pair of sources compared on every point, so that no disagreement can go unrecorded.

Curators write, for every proposition and event, what each source (a claim,
or a page line such as a headline) says on each point: who, for whom, how
many, when, where, how certain. The build pairs every two readings of the
same subject and point. Readings with the same key agree. Readings that
differ are either a disagreement, which names the discrepancies that record
it (one of them must link both readings, through their claims, or their
article for a page line), or an accepted difference that says why they are
no disagreement; anything else stops the build. A discrepancy that merely
happens to link both readings covers nothing: the curator names it.
"""

from collections import Counter, defaultdict
from itertools import combinations

from pipeline.curated import Curated
from pipeline.errors import CurationError, excerpt
from pipeline.ids import slugify
from pipeline.schema import Table


def _discrepancies_by_target(tables: dict[str, Table]) -> tuple[dict, dict]:
    """Discrepancy ids by the claim their links touch, and by the article they link as a whole."""
    by_claim, by_article = defaultdict(set), defaultdict(set)
    for link in tables["discrepancy_links"].rows:
        if link["claim_id"]:
            by_claim[link["claim_id"]].add(link["discrepancy_id"])
        if link["target_table"] == "articles":
            by_article[link["article_id"]].add(link["discrepancy_id"])
    return by_claim, by_article


def build_comparisons(curated: Curated, tables: dict[str, Table]) -> tuple[Table, Table]:
    readings, comparisons = Table("comparison_readings"), Table("comparisons")
    subjects = {row["proposition_id"]: "propositions" for row in tables["propositions"].rows}
    subjects.update({row["event_id"]: "events" for row in tables["events"].rows})
    claims = {row["claim_id"]: row for row in tables["claims"].rows}
    furniture = {row["furniture_id"]: row for row in tables["page_furniture"].rows}
    by_claim, by_article = _discrepancies_by_target(tables)
    discrepancy_ids = {row["discrepancy_id"] for row in tables["discrepancies"].rows}
    link_counts = Counter(link["discrepancy_id"] for link in tables["discrepancy_links"].rows)
    compared = {}
    for subject in curated["comparisons"]:
        subject_id = subject["subject_id"]
        if subject_id not in subjects:
            raise subject.fail(f"subject_id {excerpt(subject_id)} is neither a proposition nor an event")
        if subject_id in compared:
            raise subject.fail(f"{excerpt(subject_id)} is already compared at {compared[subject_id].where()}; keep one entry")
        compared[subject_id] = subject
        seen_dimensions = set()
        for dimension in subject["dimensions"]:
            name = dimension["dimension"]
            if name in seen_dimensions:
                raise dimension.fail(f"dimension {excerpt(name)} is listed twice for {subject_id}")
            seen_dimensions.add(name)
            rows = []
            for reading in dimension["readings"]:
                sources = [key for key in ("claim_id", "furniture_id") if key in reading]
                if len(sources) != 1:
                    raise reading.fail("a reading names exactly one of claim_id and furniture_id")
                source = reading[sources[0]]
                known = claims if sources[0] == "claim_id" else furniture
                if source not in known:
                    raise reading.fail(f"{sources[0]} {excerpt(source)} refers to no row of {'claims' if known is claims else 'page_furniture'}")
                row = {
                    "reading_id": f"{subject_id}-{slugify(name)}-{source}",
                    "subject_id": subject_id,
                    "subject_table": subjects[subject_id],
                    "dimension": name,
                    "article_id": known[source]["article_id"],
                    "claim_id": reading.get("claim_id"),
                    "furniture_id": reading.get("furniture_id"),
                    "reading_key": reading["reading_key"],
                    "reading_en": reading["reading_en"],
                }
                readings.add(row, reading)
                rows.append((row, reading))
            if len(rows) < 2:
                raise dimension.fail(f"{name} of {subject_id} has {len(rows)} reading; compare at least two, or drop it")
            keys = {row["reading_key"] for row, _ in rows}
            named = _pairs(dimension, "disagreements", "discrepancy_ids", keys, name)
            accepted = _pairs(dimension, "accepted_differences", "verdict_note", keys, name)
            both = named.keys() & accepted.keys()
            if both:
                raise dimension.fail(f"{sorted(min(both))} are listed as a disagreement and as an accepted difference; keep one")
            for ids, entry in named.values():
                unknown = [discrepancy_id for discrepancy_id in ids if discrepancy_id not in discrepancy_ids]
                if unknown:
                    raise entry.fail(f"discrepancy_ids {unknown} are not in discrepancies.yaml")
            for (i, (a, origin)), (j, (b, _)) in combinations(enumerate(rows, start=1), 2):
                pair = frozenset((a["reading_key"], b["reading_key"]))
                same = len(pair) == 1
                discrepancy_id = note = None
                if not same and pair in named:
                    ids, entry = named[pair]
                    linking = [d for d in ids if d in _linked(a, by_claim, by_article) & _linked(b, by_claim, by_article)]
                    if not linking:
                        raise entry.fail(
                            f"{subject_id}, {name}: none of {ids} links both {_source(a)} and {_source(b)}; "
                            "add the missing discrepancy link, or name the discrepancy that records this pair"
                        )
                    # The most specific: a headline against its own body is its own discrepancy, narrower
                    # than the disagreement between outlets that the same two keys also show.
                    discrepancy_id = min(linking, key=lambda d: (link_counts[d], ids.index(d)))
                elif not same and pair in accepted:
                    note = accepted[pair][0]
                elif not same:
                    raise origin.fail(
                        f"{subject_id}, {name}: {excerpt(a['reading_key'])} ({_source(a)}) and {excerpt(b['reading_key'])} "
                        f"({_source(b)}) differ; list the pair under disagreements with the discrepancy that records "
                        "it, or under accepted_differences with the reason it is none"
                    )
                comparisons.add(
                    {
                        "comparison_id": f"{subject_id}-{slugify(name)}-{i}-{j}",
                        "subject_id": subject_id,
                        "subject_table": subjects[subject_id],
                        "dimension": name,
                        "reading_id_a": a["reading_id"],
                        "reading_id_b": b["reading_id"],
                        "article_id_a": a["article_id"],
                        "article_id_b": b["article_id"],
                        "verdict": "same" if same else "different",
                        "discrepancy_id": discrepancy_id,
                        "verdict_note": note,
                    },
                    origin,
                )
    missing = sorted(set(subjects) - set(compared))
    if missing:
        raise CurationError(
            f"data/curated/comparisons.yaml: no entry for {', '.join(missing[:5])}"
            f"{f' and {len(missing) - 5} more' if len(missing) > 5 else ''}; every proposition and event is "
            "compared (write 'dimensions: []' with a note where a single source speaks of it)"
        )
    return readings, comparisons


def _pairs(dimension, key: str, value: str, reading_keys: set[str], name: str) -> dict:
    """A dimension's entries of one kind by their pair of reading keys: (value, entry)."""
    pairs = {}
    for entry in dimension.get(key, []):
        keys = entry["reading_keys"]
        if len(keys) != 2 or keys[0] == keys[1]:
            raise entry.fail("reading_keys names the two different keys of one difference")
        if not set(keys) <= reading_keys:
            raise entry.fail(f"reading_keys {keys} are not both keys of the readings of {name}")
        if frozenset(keys) in pairs:
            raise entry.fail(f"reading_keys {keys} are listed twice under {key}")
        pairs[frozenset(keys)] = (entry[value], entry)
    return pairs


def _linked(row: dict, by_claim: dict, by_article: dict) -> set[str]:
    """The discrepancies that link a reading: through its claim, or its article for a page line."""
    return by_claim[row["claim_id"]] if row["claim_id"] else by_article[row["article_id"]]


def _source(row: dict) -> str:
    return row["claim_id"] or row["furniture_id"]
