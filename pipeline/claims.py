"""Claims with their quantities and time expressions, and the claim–proposition links."""

from pipeline.articles import Source
from pipeline.curated import Curated
from pipeline.dates import as_date, check_date_order, check_date_precision, date_group, iso
from pipeline.entities import entity_reference
from pipeline.errors import excerpt
from pipeline.ids import NumberedIds
from pipeline.printed import WEEKDAYS_ID, date_problem, number_problem, weekday_problem
from pipeline.safe_yaml import Record
from pipeline.schema import Table
from pipeline.spans import locate


def claim_row(record: Record, article_id: str, source: Source, kinds: dict[str, str]) -> dict:
    claim_id = record["claim_id"]
    if not claim_id.startswith(f"{source.outlet_id}-"):
        raise record.fail(f"claim ids of a {source.outlet_id} article start with '{source.outlet_id}-'")
    start, end = locate(record, record["quote"], source.text, f"the body of {article_id}")
    attribution = record["attribution"]
    speaker = entity_reference(record, "speaker", kinds, ("people", "organizations"))
    if attribution == "narration" and record.get("speaker"):
        raise record.fail("narration has no speaker; a medium the account is credited to goes in source_organization_id")
    if attribution in ("direct", "indirect") and not record.get("speaker"):
        raise record.fail(f"a {attribution} claim needs a speaker")
    source_organization = entity_reference(record, "source_organization_id", kinds, ("organizations",))
    check_date_precision(record, "said_date", "said_date_precision")
    return {
        "claim_id": claim_id,
        "article_id": article_id,
        "speaker_person_id": speaker["person_id"],
        "speaker_organization_id": speaker["organization_id"],
        "source_organization_id": source_organization["organization_id"],
        "attribution": attribution,
        "reporting_verb": record.get("reporting_verb"),
        "quote": source.text[start:end],
        "char_start": start,
        "char_end": end,
        "statement_en": record["statement_en"],
        "claim_type": record["claim_type"],
        "occasion_event_id": record.get("occasion_event_id"),
        "reported_event_id": record.get("reported_event_id"),
        **date_group(record, "said_date"),
        "copy_of_claim_id": record.get("copy_of_claim_id"),
        "notes": record.get("notes"),
    }


def located_in_claim(item: Record, claim: dict, seen: dict[tuple[int, int], Record]) -> tuple[int, int]:
    """The span of a quantity's or time expression's words inside its claim's quote, recorded once."""
    span = locate(item, item["text"], claim["quote"], f"the quote of {claim['claim_id']}", base=claim["char_start"])
    if span in seen:
        raise item.fail(f"these words are already recorded at {seen[span].where()}; keep one record (or give 'occurrence')")
    seen[span] = item
    return span


def quantity_row(item: Record, claim: dict, ids: NumberedIds, seen: dict) -> dict:
    start, end = located_in_claim(item, claim, seen)
    value, value_max = item.get("value"), item.get("value_max")
    if value is not None and value_max is not None and value_max < value:
        raise item.fail(f"value_max {value_max} is below value {value}")
    problem = number_problem(item["text"], value, value_max)
    if problem:
        raise item.fail(f"{problem}; correct the value")
    return {
        "quantity_id": ids.next(claim["claim_id"], item["text"]),
        "claim_id": claim["claim_id"],
        "article_id": claim["article_id"],
        "text": item["text"],
        "value": value,
        "value_max": value_max,
        "unit": item["unit"],
        "counted_en": item["counted_en"],
        "per_period": item.get("per_period"),
        "qualifier": item["qualifier"],
        "char_start": start,
        "char_end": end,
    }


def time_row(item: Record, claim: dict, ids: NumberedIds, seen: dict) -> dict:
    start, end = located_in_claim(item, claim, seen)
    check_date_precision(item, "date", "date_precision")
    check_date_precision(item, "end_date", "end_date_precision")
    check_date_order(item, "date", "end_date")
    date, precision = as_date(item.get("date")), item.get("date_precision")
    computed = WEEKDAYS_ID[date.weekday()] if date and precision == "day" else None
    printed = item.get("weekday_printed")
    problem = date_problem(item["text"], date, precision, as_date(item.get("end_date"))) or weekday_problem(item["text"], printed)
    if problem:
        raise item.fail(f"{problem}; correct it")
    return {
        "time_expression_id": ids.next(claim["claim_id"], item["text"]),
        "claim_id": claim["claim_id"],
        "article_id": claim["article_id"],
        "text": item["text"],
        "char_start": start,
        "char_end": end,
        "date": date,
        "date_precision": precision,
        "date_iso": iso(date, precision),
        "date_note": item["date_note"],
        "end_date": as_date(item.get("end_date")),
        "end_date_precision": item.get("end_date_precision"),
        "end_date_iso": iso(as_date(item.get("end_date")), item.get("end_date_precision")),
        "weekday_printed": printed,
        "weekday_of_date": computed,
        "is_weekday_correct": (printed == computed) if printed and computed else None,
        "event_id": item.get("event_id"),
    }


def proposition_link(entry, record: Record, claim: dict) -> dict:
    """A claim_propositions row: a plain id states the proposition; a record says how the claim bears on it."""
    if isinstance(entry, str):
        entry = {"proposition_id": entry, "relation": "states"}
    elif (entry["relation"] == "states_differently") != ("discrepancy_id" in entry):
        raise entry.fail("relation states_differently names the discrepancy that records the difference, and only it")
    return {
        "proposition_id": entry["proposition_id"],
        "claim_id": claim["claim_id"],
        "article_id": claim["article_id"],
        "relation": entry["relation"],
        "discrepancy_id": entry.get("discrepancy_id"),
        "is_independent": claim["copy_of_claim_id"] is None,
        "notes": entry.get("notes"),
    }


def check_no_overlap(claims: list[dict], record: Record, claim: dict) -> None:
    for other in claims:
        if claim["char_start"] < other["char_end"] and other["char_start"] < claim["char_end"]:
            raise record.fail(f"its quote overlaps claim {excerpt(other['claim_id'])}; claims in one article never overlap")


def build_claims(curated: Curated, sources: dict[str, Source], kinds: dict[str, str]) -> dict[str, Table]:
    claims, quantities = Table("claims"), Table("quantities")
    times, links = Table("time_expressions"), Table("claim_propositions")
    for article_id, files in curated.articles.items():
        article_claims: list[dict] = []
        ids = NumberedIds()
        for record in files.records["claims"]:
            claim = claim_row(record, article_id, sources[article_id], kinds)
            check_no_overlap(article_claims, record, claim)
            article_claims.append(claim)
            claims.add(claim, record)
            seen: dict[tuple[int, int], Record] = {}
            for item in record.get("quantities", []):
                quantities.add(quantity_row(item, claim, ids, seen), item)
            for item in record.get("time_expressions", []):
                times.add(time_row(item, claim, ids, seen), item)
            linked = set()
            for entry in record.get("propositions", []):
                link = proposition_link(entry, record, claim)
                if link["proposition_id"] in linked:
                    raise record.fail(f"proposition {excerpt(link['proposition_id'])} is listed twice under 'propositions'")
                linked.add(link["proposition_id"])
                links.add(link, entry if isinstance(entry, Record) else record)
    return {t.name: t for t in (claims, quantities, times, links)}
