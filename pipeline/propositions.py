"""Propositions shared by claims across outlets, and each promise's status history."""

from collections import defaultdict

from pipeline.curated import Curated
from pipeline.entities import entity_reference
from pipeline.schema import Table

PUBLISHED = "The supporting article's publication date."
EARLIEST = (
    "The supporting article's publication date is unknown; this is the earliest date it can have been "
    "written (articles.earliest_date_note)."
)


def build_propositions(curated: Curated, kinds: dict[str, str], tables: dict[str, Table]) -> tuple[Table, Table]:
    propositions, statuses = Table("propositions"), Table("promise_statuses")
    linked = defaultdict(list)
    for row in tables["claim_propositions"].rows:
        linked[row["proposition_id"]].append(row)
    articles = {row["article_id"]: row for row in tables["articles"].rows}
    for record in curated["propositions"]:
        proposition_id = record["proposition_id"]
        links = linked[proposition_id]
        if not links:
            raise record.fail("no claim states this proposition; list it under a claim's 'propositions'")
        for key, table in (("promisor_person_id", "people"), ("promisor_organization_id", "organizations")):
            entity_reference(record, key, kinds, (table,))
        propositions.add(
            {
                "proposition_id": proposition_id,
                "proposition_type": record["proposition_type"],
                "statement_en": record["statement_en"],
                "promisor_person_id": record.get("promisor_person_id"),
                "promisor_organization_id": record.get("promisor_organization_id"),
                "claim_count": len(links),
                "article_count": len({row["article_id"] for row in links}),
                "notes": record.get("notes"),
            },
            record,
        )
        history = record.get("status_history", [])
        if record["proposition_type"] == "promise" and not history:
            raise record.fail("a promise needs a status_history with at least one entry")
        if record["proposition_type"] != "promise" and history:
            raise record.fail("only promises have a status_history; drop it or make the type 'promise'")
        stating = {row["claim_id"]: row["article_id"] for row in links}
        for entry in history:
            claim_id = entry["claim_id"]
            if claim_id not in stating:
                raise entry.fail(f"claim {claim_id!r} does not state {proposition_id!r}; list it under its 'propositions'")
            article = articles[stating[claim_id]]
            prefix, note = ("published", PUBLISHED) if article["published_date"] else ("earliest", EARLIEST)
            statuses.add(
                {
                    "proposition_id": proposition_id,
                    "claim_id": claim_id,
                    "article_id": article["article_id"],
                    "promise_status": entry["promise_status"],
                    "as_of_date": article[f"{prefix}_date"],
                    "as_of_date_precision": article[f"{prefix}_date_precision"],
                    "as_of_date_iso": article[f"{prefix}_date_iso"],
                    "as_of_date_note": note,
                    "rationale_en": entry["rationale_en"],
                },
                entry,
            )
    return propositions, statuses
