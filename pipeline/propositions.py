"""Propositions shared by claims across outlets, and each promise's status history."""

from pathlib import Path

from pipeline.curated import check_keys, load_records, record_list, require
from pipeline.entities import entity_reference
from pipeline.schema import Table

PUBLISHED = "The supporting article's publication date."
EARLIEST = (
    "The supporting article's publication date is unknown; this is the earliest date it can have been "
    "written (articles.earliest_date_note)."
)


def build_propositions(
    root: Path, curated: Path, kinds: dict[str, str], claim_links: Table, claims: Table, articles: Table
) -> tuple[Table, Table]:
    path = curated / "propositions.yaml"
    propositions, statuses = Table("propositions"), Table("promise_statuses")
    article_of = {row["claim_id"]: row["article_id"] for row in claims.rows}
    published = {row["article_id"]: row for row in articles.rows}
    for record in load_records(path, root):
        check_keys(record, {"id", "kind", "statement_en", "promisor", "note", "status_history"})
        proposition_id = require(record, "id")
        linked = [row for row in claim_links.rows if row["proposition_id"] == proposition_id]
        if not linked:
            raise record.fail("no claim states this proposition; list it under a claim's 'propositions'")
        promisor = entity_reference(record, "promisor", kinds, ("people", "organizations"))
        propositions.add(
            {
                "proposition_id": proposition_id,
                "kind": record.get("kind"),
                "statement_en": record.get("statement_en"),
                "promisor_person_id": promisor["person_id"],
                "promisor_organization_id": promisor["organization_id"],
                "claim_count": len(linked),
                "article_count": len({row["article_id"] for row in linked}),
                "notes": record.get("note"),
            },
            record.where(),
        )
        history = record_list(record, "status_history", record.where())
        if record.get("kind") == "promise" and not history:
            raise record.fail("a promise needs a status_history with at least one entry")
        if record.get("kind") != "promise" and history:
            raise record.fail("only promises have a status_history; drop it or make the kind 'promise'")
        for entry in history:
            check_keys(entry, {"claim", "status", "rationale_en"})
            claim_id = require(entry, "claim")
            if claim_id not in article_of:
                raise entry.fail(f"claim {claim_id!r} does not exist")
            if claim_id not in {row["claim_id"] for row in linked}:
                raise entry.fail(f"claim {claim_id!r} does not state {proposition_id!r}; list it under its 'propositions'")
            article = published[article_of[claim_id]]
            prefix, note = ("published", PUBLISHED) if article["published_date"] else ("earliest", EARLIEST)
            statuses.add(
                {
                    "proposition_id": proposition_id,
                    "claim_id": claim_id,
                    "article_id": article["article_id"],
                    "status": entry.get("status"),
                    "as_of_date": article[f"{prefix}_date"],
                    "as_of_date_precision": article[f"{prefix}_date_precision"],
                    "as_of_date_note": note,
                    "rationale_en": entry.get("rationale_en"),
                },
                entry.where(),
            )
    return propositions, statuses
