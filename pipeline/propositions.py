"""Propositions shared by claims across outlets, and the status of each promise as each article reports it.

A status row is an assessment of one article: what it reports about the
promise, earned by one of its claims and dated by the situation that claim
describes (its said_date, or a date the curator gives from the text). The
latest status is the status of the latest account, except that an account
reporting no step (not_yet_rated) never undoes a status an earlier account
earned: a later article that retells the old story is no news of regress.
"""

from collections import defaultdict

from pipeline.curated import Curated
from pipeline.dates import as_date, check_date_precision, iso
from pipeline.entities import entity_reference
from pipeline.errors import excerpt
from pipeline.schema import Table

STATING = {"states", "states_differently"}
NO_STEP = "not_yet_rated"


def _as_of(entry, claim: dict, article: dict) -> dict:
    """The date of the situation the status describes: given by the curator, else the claim's, else the article's."""
    if entry.get("as_of_date"):
        check_date_precision(entry, "as_of_date", "as_of_date_precision")
        if not entry.get("as_of_date_precision") or not entry.get("as_of_date_note"):
            raise entry.fail("an as_of_date needs its as_of_date_precision and an as_of_date_note")
        value, precision, note = as_date(entry["as_of_date"]), entry["as_of_date_precision"], entry["as_of_date_note"]
    elif claim["said_date"]:
        value, precision = claim["said_date"], claim["said_date_precision"]
        note = f"When the claim was said (claims.said_date of {claim['claim_id']})."
    elif article["published_date"]:
        value, precision = article["published_date"], article["published_date_precision"]
        note = "The claim gives no date of its own; the article's publication date."
    else:
        value, precision = article["earliest_date"], article["earliest_date_precision"]
        note = "The claim gives no date of its own and the article's publication date is unknown; the earliest date it can have been written."
    return {"as_of_date": value, "as_of_date_precision": precision, "as_of_date_iso": iso(value, precision), "as_of_date_note": note}


def latest(rows: list[dict]) -> tuple[str, list[dict]]:
    """The latest status of one promise and the rows that earn it (the rule in the module's docstring)."""
    current, evidence = None, []
    for row in sorted(rows, key=lambda r: (r["as_of_date"], r["article_id"])):
        if row["promise_status"] == NO_STEP and current not in (None, NO_STEP):
            continue
        if row["promise_status"] != current:
            current, evidence = row["promise_status"], []
        evidence.append(row)
    return current, evidence


def build_propositions(curated: Curated, kinds: dict[str, str], tables: dict[str, Table]) -> tuple[Table, Table]:
    propositions, statuses = Table("propositions"), Table("promise_statuses")
    links = defaultdict(list)
    for row in tables["claim_propositions"].rows:
        links[row["proposition_id"]].append(row)
    articles = {row["article_id"]: row for row in tables["articles"].rows}
    claims = {row["claim_id"]: row for row in tables["claims"].rows}
    for record in curated["propositions"]:
        proposition_id = record["proposition_id"]
        stating = [row for row in links[proposition_id] if row["relation"] in STATING]
        if not stating:
            raise record.fail("no claim states this proposition; list it under a claim's 'propositions'")
        for key, table in (("promisor_person_id", "people"), ("promisor_organization_id", "organizations")):
            entity_reference(record, key, kinds, (table,))
        is_promise = record["proposition_type"] == "promise"
        history = record.get("status_history", [])
        if is_promise and not history:
            raise record.fail("a promise needs a status_history with an entry for each article that states it")
        if not is_promise and history:
            raise record.fail("only promises have a status_history; drop it or make the type 'promise'")
        bearing = {row["claim_id"]: row for row in links[proposition_id]}
        rows = []
        for entry in history:
            link = bearing.get(entry["claim_id"])
            if link is None:
                raise entry.fail(
                    f"claim {excerpt(entry['claim_id'])} neither states nor reports on {excerpt(proposition_id)}; "
                    "list the proposition under the claim's 'propositions'"
                )
            article = articles[link["article_id"]]
            row = {
                "proposition_id": proposition_id,
                "article_id": article["article_id"],
                "promise_status": entry["promise_status"],
                "claim_id": entry["claim_id"],
                **_as_of(entry, claims[entry["claim_id"]], article),
                "rationale_en": entry["rationale_en"],
            }
            row["is_retrospective"] = row["as_of_date"] < article["earliest_date"]
            rows.append((row, entry))
        rated = [row["article_id"] for row, _ in rows]
        for article_id in sorted({row["article_id"] for row in stating} if is_promise else ()):
            if rated.count(article_id) != 1:
                raise record.fail(f"the status_history needs one entry for {article_id}, which states the promise; it has {rated.count(article_id)}")
        extra = set(rated) - {row["article_id"] for row in stating}
        if extra:
            raise record.fail(f"status entries for {', '.join(sorted(extra))}, which do not state the promise")
        status, evidence = latest([row for row, _ in rows]) if rows else (None, [])
        for row, entry in rows:
            row["is_latest"] = any(row is chosen for chosen in evidence)
            statuses.add(row, entry)
        propositions.add(
            {
                "proposition_id": proposition_id,
                "proposition_type": record["proposition_type"],
                "statement_en": record["statement_en"],
                "promisor_person_id": record.get("promisor_person_id"),
                "promisor_organization_id": record.get("promisor_organization_id"),
                "claim_count": len(stating),
                "article_count": len({row["article_id"] for row in stating}),
                "independent_article_count": len({row["article_id"] for row in stating if row["is_independent"]}),
                "agreeing_article_count": len(
                    {row["article_id"] for row in stating if row["is_independent"] and row["relation"] == "states"}
                ),
                "latest_status": status,
                "notes": record.get("notes"),
            },
            record,
        )
    return propositions, statuses
