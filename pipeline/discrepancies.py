"""Disagreements between and within the sources, linked to the rows involved."""

from pipeline.curated import Curated
from pipeline.errors import excerpt
from pipeline.schema import Table

TARGETS = {
    "claim_id": "claims",
    "article_id": "articles",
    "quantity_id": "quantities",
    "time_expression_id": "time_expressions",
}


def build_discrepancies(curated: Curated, tables: dict[str, Table]) -> tuple[Table, Table]:
    discrepancies, links = Table("discrepancies"), Table("discrepancy_links")
    index = {key: {row[key]: row for row in tables[table].rows} for key, table in TARGETS.items()}
    for record in curated["discrepancies"]:
        discrepancy_id = record["discrepancy_id"]
        entries = record["links"]
        if not entries:
            raise record.fail("a discrepancy links at least one claim, article, quantity or time expression")
        discrepancies.add(
            {
                "discrepancy_id": discrepancy_id,
                "discrepancy_type": record["discrepancy_type"],
                "description_en": record["description_en"],
                "link_count": len(entries),
                "notes": record.get("notes"),
            },
            record,
        )
        for entry in entries:
            given = [key for key in TARGETS if key in entry]
            if len(given) != 1:
                raise entry.fail(f"name exactly one of {', '.join(TARGETS)}")
            key = given[0]
            row = index[key].get(entry[key])
            if row is None:
                raise entry.fail(f"{key} {excerpt(entry[key])} refers to no row of {TARGETS[key]}")
            links.add(
                {
                    "discrepancy_id": discrepancy_id,
                    "target_table": TARGETS[key],
                    "target_id": entry[key],
                    "claim_id": row.get("claim_id"),
                    "article_id": row["article_id"],
                    "quantity_id": row.get("quantity_id"),
                    "time_expression_id": row.get("time_expression_id"),
                    "reading_en": entry["reading_en"],
                },
                entry,
            )
    linked = {(row["discrepancy_id"], row["claim_id"]) for row in links.rows}
    known = {row["discrepancy_id"] for row in discrepancies.rows}
    for row, origin in zip(tables["claim_propositions"].rows, tables["claim_propositions"].origins):
        if row["relation"] != "states_differently":
            continue
        if row["discrepancy_id"] not in known:
            raise origin.fail(f"discrepancy_id {excerpt(row['discrepancy_id'])} is not in discrepancies.yaml")
        if (row["discrepancy_id"], row["claim_id"]) not in linked:
            raise origin.fail(
                f"{row['claim_id']} states {row['proposition_id']} differently by {row['discrepancy_id']}, which does "
                f"not link it; add the claim to that discrepancy's links"
            )
    types = {row["discrepancy_id"]: row["discrepancy_type"] for row in discrepancies.rows}
    flagged = {row["time_expression_id"] for row in links.rows if types[row["discrepancy_id"]] == "weekday"}
    for row, origin in zip(tables["time_expressions"].rows, tables["time_expressions"].origins):
        if row["is_weekday_correct"] is False and row["time_expression_id"] not in flagged:
            raise origin.fail(
                f"{excerpt(row['text'])} prints {row['weekday_printed']}, but {row['date']} was a {row['weekday_of_date']}; "
                "record it in discrepancies.yaml as a weekday discrepancy that links this time expression"
            )
    return discrepancies, links
