"""Claims with their quantities and time expressions, and the claim–proposition links."""

from pathlib import Path

from pipeline.curated import Record, check_keys, load_article_records, record_list, require
from pipeline.dates import check_date_order, check_date_precision, parse_date
from pipeline.entities import entity_reference
from pipeline.ids import NumberedIds
from pipeline.schema import Table
from pipeline.spans import locate

CLAIM_KEYS = {
    "id", "quote", "occurrence", "attribution", "speaker", "source_organization", "reporting_verb", "type",
    "statement_en", "occasion", "reports", "said_date", "said_date_precision", "said_date_note",
    "propositions", "note", "quantities", "time_expressions", "copy_of",
}
QUANTITY_KEYS = {"text", "occurrence", "value", "value_max", "unit", "counted_en", "per", "qualifier", "note"}
TIME_KEYS = {"text", "occurrence", "date", "precision", "end_date", "end_precision", "weekday_printed", "event", "note"}

WEEKDAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def claim_row(record: Record, article_id: str, text: str, kinds: dict[str, str]) -> dict:
    check_keys(record, CLAIM_KEYS)
    claim_id = require(record, "id")
    if not claim_id.startswith(f"{article_id}-"):
        raise record.fail(f"claim ids of article {article_id} start with '{article_id}-'")
    start, end = locate(record, require(record, "quote"), text, f"the body of {article_id}")
    attribution = require(record, "attribution")
    speaker = entity_reference(record, "speaker", kinds, ("people", "organizations"))
    if attribution == "narration" and record.get("speaker"):
        raise record.fail("narration has no speaker; use source_organization for a credited institution")
    if attribution in ("direct", "indirect") and not record.get("speaker"):
        raise record.fail(f"a {attribution} claim needs a speaker")
    source = entity_reference(record, "source_organization", kinds, ("organizations",))
    check_date_precision(record, "said_date", "said_date_precision")
    return {
        "claim_id": claim_id,
        "article_id": article_id,
        "speaker_person_id": speaker["person_id"],
        "speaker_organization_id": speaker["organization_id"],
        "source_organization_id": source["organization_id"],
        "attribution": attribution,
        "reporting_verb": record.get("reporting_verb"),
        "quote": text[start:end],
        "char_start": start,
        "char_end": end,
        "statement_en": record.get("statement_en"),
        "claim_type": record.get("type"),
        "occasion_event_id": record.get("occasion"),
        "reported_event_id": record.get("reports"),
        "said_date": record.get("said_date"),
        "said_date_precision": record.get("said_date_precision"),
        "said_date_note": record.get("said_date_note"),
        "notes": record.get("note"),
        "copy_of_claim_id": record.get("copy_of"),
    }


def located_in_claim(item: Record, claim: dict) -> tuple[int, int]:
    """The span of a quantity's or time expression's words inside its claim's quote."""
    where = f"the quote of {claim['claim_id']}"
    return locate(item, require(item, "text"), claim["quote"], where, base=claim["char_start"])


def quantity_row(item: Record, claim: dict, ids: NumberedIds) -> dict:
    check_keys(item, QUANTITY_KEYS)
    start, end = located_in_claim(item, claim)
    return {
        "quantity_id": ids.next(claim["claim_id"], item["text"]),
        "claim_id": claim["claim_id"],
        "article_id": claim["article_id"],
        "text": item["text"],
        "value": item.get("value"),
        "value_max": item.get("value_max"),
        "unit": item.get("unit"),
        "counted_en": item.get("counted_en"),
        "per_period": item.get("per"),
        "qualifier": item.get("qualifier"),
        "char_start": start,
        "char_end": end,
        "notes": item.get("note"),
    }


def time_row(item: Record, claim: dict, ids: NumberedIds) -> dict:
    check_keys(item, TIME_KEYS)
    start, end = located_in_claim(item, claim)
    check_date_precision(item, "date", "precision")
    check_date_precision(item, "end_date", "end_precision")
    check_date_order(item, "date", "end_date")
    date = parse_date(item.get("date"), f"{item.where()}: date")
    computed = WEEKDAYS_ID[date.weekday()] if date and item.get("precision") == "day" else None
    printed = item.get("weekday_printed")
    return {
        "time_expression_id": ids.next(claim["claim_id"], item["text"]),
        "claim_id": claim["claim_id"],
        "article_id": claim["article_id"],
        "text": item["text"],
        "char_start": start,
        "char_end": end,
        "date": date,
        "date_precision": item.get("precision"),
        "end_date": item.get("end_date"),
        "end_date_precision": item.get("end_precision"),
        "weekday_printed": printed,
        "weekday_of_date": computed,
        "weekday_matches": (printed == computed) if printed and computed else None,
        "event_id": item.get("event"),
        "resolution_note": item.get("note"),
    }


def check_no_overlap(claims: list[dict], record: Record, claim: dict) -> None:
    for other in claims:
        if claim["char_start"] < other["char_end"] and other["char_start"] < claim["char_end"]:
            raise record.fail(f"its quote overlaps claim {other['claim_id']!r}; claims in one article never overlap")


def build_claims(root: Path, curated: Path, texts: dict[str, str], kinds: dict[str, str]) -> dict[str, Table]:
    claims, quantities = Table("claims"), Table("quantities")
    times, links = Table("time_expressions"), Table("claim_propositions")
    for path in sorted((curated / "claims").glob("*.yaml")):
        article_id, records = load_article_records(path, root, "claims", texts)
        article_claims: list[dict] = []
        ids = NumberedIds()
        for record in records:
            claim = claim_row(record, article_id, texts[article_id], kinds)
            check_no_overlap(article_claims, record, claim)
            article_claims.append(claim)
            claims.add(claim, record.where())
            for item in record_list(record, "quantities", record.where()):
                quantities.add(quantity_row(item, claim, ids), item.where())
            for item in record_list(record, "time_expressions", record.where()):
                times.add(time_row(item, claim, ids), item.where())
            propositions = record.get("propositions") or []
            if not isinstance(propositions, list):
                raise record.fail("'propositions' must be a list of proposition ids")
            for proposition_id in propositions:
                links.add(
                    {"proposition_id": proposition_id, "claim_id": claim["claim_id"], "article_id": article_id},
                    record.where(),
                )
    return {t.name: t for t in (claims, quantities, times, links)}
