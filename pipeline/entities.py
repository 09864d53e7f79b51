"""People, organizations, places, their mentions in the bodies, and page credits."""

from pathlib import Path

from pipeline.curated import Record, check_keys, load_article_records, load_records, require
from pipeline.ids import NumberedIds
from pipeline.schema import Table
from pipeline.spans import locate, occurrences

NO_IDENTIFIER = "No identifier recorded: none of the sources (the five texts and docs/sources.md) gives one."
ALIAS_SEPARATOR = " | "


def _aliases(record: Record) -> str | None:
    aliases = record.get("aliases") or []
    if not isinstance(aliases, list):
        raise record.fail("'aliases' must be a list")
    return ALIAS_SEPARATOR.join(aliases) or None


def _identifier_note(record: Record) -> str:
    if record.get("wikidata"):
        return require(record, "wikidata_source")
    return NO_IDENTIFIER


def build_entities(root: Path, curated: Path) -> tuple[Table, Table, Table, dict[str, str]]:
    """people, organizations and places, and a map from every entity id to its table."""
    people, organizations, places = Table("people"), Table("organizations"), Table("places")
    kinds: dict[str, str] = {}

    def register(record: Record, table: str) -> str:
        entity_id = require(record, "id")
        if entity_id in kinds:
            raise record.fail(f"id {entity_id!r} is already used in {kinds[entity_id]}; ids are shared across entities")
        kinds[entity_id] = table
        return entity_id

    for record in load_records(curated / "people.yaml", root):
        check_keys(record, {"id", "name", "aliases", "description_en", "wikidata", "wikidata_source", "note"})
        people.add(
            {
                "person_id": register(record, "people"),
                "name": record.get("name"),
                "aliases": _aliases(record),
                "description_en": record.get("description_en"),
                "wikidata_id": record.get("wikidata"),
                "identifier_note": _identifier_note(record),
                "notes": record.get("note"),
            },
            record.where(),
        )
    for record in load_records(curated / "organizations.yaml", root):
        check_keys(
            record,
            {"id", "name", "kind", "aliases", "parent", "description_en", "wikidata", "wikidata_source", "note"},
        )
        organizations.add(
            {
                "organization_id": register(record, "organizations"),
                "name": record.get("name"),
                "kind": record.get("kind"),
                "aliases": _aliases(record),
                "parent_organization_id": record.get("parent"),
                "description_en": record.get("description_en"),
                "wikidata_id": record.get("wikidata"),
                "identifier_note": _identifier_note(record),
                "notes": record.get("note"),
            },
            record.where(),
        )
    for record in load_records(curated / "places.yaml", root):
        check_keys(record, {"id", "name", "name_id", "kind", "parent", "aliases", "note"})
        places.add(
            {
                "place_id": register(record, "places"),
                "name": record.get("name"),
                "name_id": record.get("name_id"),
                "kind": record.get("kind"),
                "parent_place_id": record.get("parent"),
                "aliases": _aliases(record),
                "notes": record.get("note"),
            },
            record.where(),
        )
    return people, organizations, places, kinds


ENTITY_COLUMNS = {"people": "person_id", "organizations": "organization_id", "places": "place_id"}


def entity_reference(record: Record, key: str, kinds: dict[str, str], allowed: tuple[str, ...]) -> dict:
    """Split a shared-namespace id into the column of its table."""
    columns = {ENTITY_COLUMNS[t]: None for t in allowed}
    value = record.get(key)
    if value is None:
        return columns
    table = kinds.get(value)
    if table is None:
        raise record.fail(f"{key} {value!r} is not a known person, organization or place id")
    if table not in allowed:
        raise record.fail(f"{key} {value!r} is in {table}, but only {', '.join(allowed)} may be named here")
    columns[ENTITY_COLUMNS[table]] = value
    return columns


def build_mentions(root: Path, curated: Path, texts: dict[str, str], kinds: dict[str, str]) -> Table:
    mentions = Table("mentions")
    for path in sorted((curated / "mentions").glob("*.yaml")):
        article_id, records = load_article_records(path, root, "mentions", texts)
        text = texts[article_id]
        candidates = []
        for record in records:
            check_keys(record, {"surface", "refers_to", "type", "occurrences", "note"})
            surface = require(record, "surface")
            mention_type = require(record, "type")
            starts = occurrences(text, surface, whole_word=True)
            if not starts:
                raise record.fail(f"surface not found as a whole word in the body of {article_id}: {surface!r}")
            wanted = record.get("occurrences")
            if wanted is None and mention_type == "pronoun":
                raise record.fail("pronoun mentions must list their 'occurrences'")
            if wanted is not None:
                if not isinstance(wanted, list) or not all(isinstance(n, int) and 1 <= n <= len(starts) for n in wanted):
                    raise record.fail(f"'occurrences' must list numbers from 1 to {len(starts)}")
                starts = [starts[n - 1] for n in wanted]
            require(record, "refers_to")
            reference = entity_reference(record, "refers_to", kinds, ("people", "organizations", "places"))
            for start in starts:
                candidates.append((start, start + len(surface), mention_type, reference, record, wanted is not None))
        names = [(s, e) for s, e, t, _, _, _ in candidates if t == "name"]
        for start, end, mention_type, reference, record, explicit in candidates:
            inside_longer_name = any(s <= start and end <= e and (s, e) != (start, end) for s, e in names)
            if mention_type == "name" and inside_longer_name and not explicit:
                continue
            entity = next(v for v in reference.values() if v)
            mentions.add(
                {
                    "mention_id": f"{article_id}-{entity}-{start}",
                    "article_id": article_id,
                    **{column: reference.get(column) for column in ("person_id", "organization_id", "place_id")},
                    "surface": text[start:end],
                    "char_start": start,
                    "char_end": end,
                    "mention_type": mention_type,
                },
                record.where(),
            )
    return mentions


def build_credits(root: Path, curated: Path, kinds: dict[str, str]) -> Table:
    credits = Table("credits")
    ids = NumberedIds()
    for record in load_records(curated / "credits.yaml", root):
        check_keys(
            record,
            {"article", "printed_line", "occurrence", "name_as_printed", "role", "role_as_printed",
             "person", "organization", "note"},
        )
        article_id = require(record, "article")
        raw_path = root / "data" / "raw" / f"{article_id}.txt"
        if not raw_path.exists():
            raise record.fail(f"unknown article {article_id!r}")
        raw = raw_path.read_text(encoding="utf-8")
        line_start, line_end = locate(record, require(record, "printed_line"), raw, f"the raw capture of {article_id}")
        name = require(record, "name_as_printed")
        line = raw[line_start:line_end]
        if line.count(name) != 1:
            raise record.fail(f"name_as_printed {name!r} must occur exactly once inside printed_line")
        start = line_start + line.index(name)
        person = entity_reference(record, "person", kinds, ("people",))
        organization = entity_reference(record, "organization", kinds, ("organizations",))
        credits.add(
            {
                "credit_id": ids.next(article_id, name),
                "article_id": article_id,
                "person_id": person["person_id"],
                "organization_id": organization["organization_id"],
                "name_as_printed": name,
                "role": record.get("role"),
                "role_as_printed": record.get("role_as_printed"),
                "printed_line": line,
                "raw_char_start": start,
                "raw_char_end": start + len(name),
                "notes": record.get("note"),
            },
            record.where(),
        )
    return credits


def count_references(entities: dict[str, Table], mentions: Table, credits: Table) -> None:
    """Fill each entity's mention and credit counts, so users can tell people in the story from bylines."""
    for table_name, table in entities.items():
        column = ENTITY_COLUMNS[table_name]
        for row in table.rows:
            row["mention_count"] = sum(m[column] == row[column] for m in mentions.rows)
            if table_name != "places":
                row["credit_count"] = sum(c[column] == row[column] for c in credits.rows)
