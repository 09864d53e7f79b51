"""People, organizations, places, their mentions in the bodies, and page credits."""

import bisect
from collections import Counter

from pipeline.articles import Source
from pipeline.curated import Curated
from pipeline.errors import excerpt
from pipeline.ids import NumberedIds
from pipeline.safe_yaml import Record
from pipeline.schema import Table
from pipeline.spans import locate, occurrences

ALIAS_SEPARATOR = " | "
ENTITY_COLUMNS = {"people": "person_id", "organizations": "organization_id", "places": "place_id"}


def _aliases(record: Record) -> str | None:
    return ALIAS_SEPARATOR.join(record.get("aliases", [])) or None


def build_entities(curated: Curated) -> tuple[Table, Table, Table, dict[str, str]]:
    """people, organizations and places, and a map from every entity id to its table."""
    people, organizations, places = Table("people"), Table("organizations"), Table("places")
    kinds: dict[str, str] = {}

    def register(record: Record, table: str) -> str:
        entity_id = record[ENTITY_COLUMNS[table]]
        if entity_id in kinds:
            raise record.fail(f"id {excerpt(entity_id)} is already used in {kinds[entity_id]}; ids are shared across entities")
        kinds[entity_id] = table
        return entity_id

    for record in curated["people"]:
        people.add(
            {
                "person_id": register(record, "people"),
                "name": record["name"],
                "aliases": _aliases(record),
                "description_en": record["description_en"],
                "notes": record.get("notes"),
            },
            record,
        )
    for record in curated["organizations"]:
        organizations.add(
            {
                "organization_id": register(record, "organizations"),
                "name": record["name"],
                "organization_type": record["organization_type"],
                "aliases": _aliases(record),
                "parent_organization_id": record.get("parent_organization_id"),
                "description_en": record["description_en"],
                "notes": record.get("notes"),
            },
            record,
        )
    for record in curated["places"]:
        places.add(
            {
                "place_id": register(record, "places"),
                "name": record["name"],
                "name_indonesian": record.get("name_indonesian"),
                "place_type": record["place_type"],
                "parent_place_id": record.get("parent_place_id"),
                "aliases": _aliases(record),
                "notes": record.get("notes"),
            },
            record,
        )
    return people, organizations, places, kinds


def entity_reference(record: Record, key: str, kinds: dict[str, str], allowed: tuple[str, ...]) -> dict:
    """Split a shared-namespace id into the column of its table."""
    columns = {ENTITY_COLUMNS[t]: None for t in allowed}
    value = record.get(key)
    if value is None:
        return columns
    table = kinds.get(value)
    if table is None:
        raise record.fail(f"{key} {excerpt(value)} is not a known {' or '.join(allowed)} id")
    if table not in allowed:
        raise record.fail(f"{key} {excerpt(value)} is in {table}, but only {', '.join(allowed)} may be named here")
    columns[ENTITY_COLUMNS[table]] = value
    return columns


def inside_longer_name(names: list[tuple[int, int]], longest: int, start: int, end: int) -> bool:
    """Whether a longer name mention covers [start, end); ``names`` sorted, none longer than ``longest``."""
    first = bisect.bisect_left(names, (start - longest, 0))
    last = bisect.bisect_right(names, (start, float("inf")))
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in names[first:last])


def build_mentions(curated: Curated, sources: dict[str, Source], kinds: dict[str, str]) -> Table:
    mentions = Table("mentions")
    for article_id, files in curated.articles.items():
        text = sources[article_id].text
        candidates = []
        for record in files.records["mentions"]:
            surface = record["surface"]
            starts = occurrences(text, surface, whole_word=True)
            if not starts:
                raise record.fail(f"surface not found as a whole word in the body of {article_id}: {excerpt(surface)}")
            wanted = record.get("occurrences")
            if wanted is None and record["mention_type"] == "pronoun":
                raise record.fail("pronoun mentions must list their 'occurrences'")
            if wanted is not None:
                if len(set(wanted)) != len(wanted) or max(wanted) > len(starts):
                    raise record.fail(f"'occurrences' must list different numbers from 1 to {len(starts)}")
                starts = [starts[n - 1] for n in wanted]
            # All three entity columns, one of them filled.
            reference = entity_reference(record, "refers_to", kinds, ("people", "organizations", "places"))
            for start in starts:
                candidates.append((start, start + len(surface), reference, record, wanted is not None))
        names = sorted({(s, e) for s, e, _, r, _ in candidates if r["mention_type"] == "name"})
        longest = max((e - s for s, e in names), default=0)
        for start, end, reference, record, explicit in candidates:
            if record["mention_type"] == "name" and not explicit and inside_longer_name(names, longest, start, end):
                continue
            mentions.add(
                {
                    "mention_id": f"{article_id}-{record['refers_to']}-{start}",
                    "article_id": article_id,
                    **reference,
                    "surface": text[start:end],
                    "char_start": start,
                    "char_end": end,
                    "mention_type": record["mention_type"],
                },
                record,
            )
    return mentions


def build_credits(curated: Curated, sources: dict[str, Source], kinds: dict[str, str]) -> Table:
    credits = Table("credits")
    for article_id, files in curated.articles.items():
        raw = sources[article_id].raw
        ids = NumberedIds()
        seen: dict[tuple[int, int], Record] = {}
        for record in files.records["credits"]:
            line_start, line_end = locate(record, record["printed_line"], raw, f"the raw capture of {article_id}")
            name = record["name_as_printed"]
            line = raw[line_start:line_end]
            if line.count(name) != 1:
                raise record.fail(f"name_as_printed {excerpt(name)} must occur exactly once inside printed_line")
            start = line_start + line.index(name)
            span = (start, start + len(name))
            if span in seen:
                raise record.fail(f"the same printed name is already credited at {seen[span].where()}; keep one record")
            seen[span] = record
            person = entity_reference(record, "person_id", kinds, ("people",))
            organization = entity_reference(record, "organization_id", kinds, ("organizations",))
            credits.add(
                {
                    "credit_id": ids.next(article_id, name),
                    "article_id": article_id,
                    "person_id": person["person_id"],
                    "organization_id": organization["organization_id"],
                    "name_as_printed": name,
                    "credit_role": record["credit_role"],
                    "role_as_printed": record.get("role_as_printed"),
                    "printed_line": line,
                    "raw_char_start": span[0],
                    "raw_char_end": span[1],
                    "notes": record.get("notes"),
                },
                record,
            )
    return credits


def count_references(entities: dict[str, Table], mentions: Table, credits: Table) -> None:
    """Fill each entity's mention and credit counts, so users can tell people in the story from bylines."""
    for table_name, table in entities.items():
        column = ENTITY_COLUMNS[table_name]
        mentioned = Counter(row[column] for row in mentions.rows)
        credited = Counter(row.get(column) for row in credits.rows)
        for row in table.rows:
            row["mention_count"] = mentioned[row[column]]
            if table_name != "places":
                row["credit_count"] = credited[row[column]]
