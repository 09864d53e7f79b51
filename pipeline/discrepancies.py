"""Disagreements between and within the sources, linked to the rows involved."""

from pathlib import Path

from pipeline.curated import check_keys, load_records, record_list, require
from pipeline.schema import Table

TARGETS = {
    "claim": ("claims", "claim_id"),
    "article": ("articles", "article_id"),
    "quantity": ("quantities", "quantity_id"),
    "time_expression": ("time_expressions", "time_expression_id"),
}


def build_discrepancies(root: Path, curated: Path, tables: dict[str, Table]) -> tuple[Table, Table]:
    path = curated / "discrepancies.yaml"
    discrepancies, links = Table("discrepancies"), Table("discrepancy_links")
    index = {
        key: {row[column]: row for row in tables[table].rows} for key, (table, column) in TARGETS.items()
    }
    for record in load_records(path, root):
        check_keys(record, {"id", "kind", "description_en", "note", "links"})
        discrepancy_id = require(record, "id")
        entries = record_list(record, "links", record.where())
        if not entries:
            raise record.fail("a discrepancy links at least one claim, article, quantity or time expression")
        discrepancies.add(
            {
                "discrepancy_id": discrepancy_id,
                "kind": record.get("kind"),
                "description_en": record.get("description_en"),
                "link_count": len(entries),
                "notes": record.get("note"),
            },
            record.where(),
        )
        for entry in entries:
            check_keys(entry, set(TARGETS) | {"reading_en"})
            given = [key for key in TARGETS if entry.get(key)]
            if len(given) != 1:
                raise entry.fail(f"name exactly one of {', '.join(TARGETS)}")
            key = given[0]
            table, column = TARGETS[key]
            row = index[key].get(entry[key])
            if row is None:
                raise entry.fail(f"{key} {entry[key]!r} refers to no row of {table}")
            links.add(
                {
                    "discrepancy_id": discrepancy_id,
                    "target_table": table,
                    "target_id": entry[key],
                    "claim_id": row.get("claim_id"),
                    "article_id": row["article_id"],
                    "quantity_id": row.get("quantity_id"),
                    "time_expression_id": row.get("time_expression_id"),
                    "reading_en": entry.get("reading_en"),
                },
                entry.where(),
            )
    return discrepancies, links
