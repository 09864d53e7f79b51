"""Events and who took part in them."""

from pathlib import Path

from pipeline.curated import check_keys, load_records, record_list, require
from pipeline.dates import check_date_order, check_date_precision
from pipeline.entities import entity_reference
from pipeline.schema import Table

EVENT_KEYS = {
    "id", "name", "type", "status", "start_date", "start_date_precision", "start_date_note",
    "end_date", "end_date_precision", "end_date_note", "place", "place_id", "parent", "description",
    "note", "participants",
}


def build_events(root: Path, curated: Path, kinds: dict[str, str]) -> tuple[Table, Table]:
    path = curated / "events.yaml"
    events, participants = Table("events"), Table("event_participants")
    for record in load_records(path, root):
        check_keys(record, EVENT_KEYS)
        event_id = require(record, "id")
        for edge in ("start", "end"):
            check_date_precision(record, f"{edge}_date", f"{edge}_date_precision")
        check_date_order(record, "start_date", "end_date")
        events.add(
            {
                "event_id": event_id,
                "name": record.get("name"),
                "event_type": record.get("type"),
                "status": record.get("status"),
                **{
                    f"{edge}_date{suffix}": record.get(f"{edge}_date{suffix}")
                    for edge in ("start", "end")
                    for suffix in ("", "_precision", "_note")
                },
                "place": record.get("place"),
                "place_id": record.get("place_id"),
                "parent_event_id": record.get("parent"),
                "description": record.get("description"),
                "notes": record.get("note"),
            },
            record.where(),
        )
        for participant in record_list(record, "participants", record.where()):
            check_keys(participant, {"who", "role", "note"})
            reference = entity_reference(participant, "who", kinds, ("people", "organizations"))
            participants.add(
                {
                    "event_id": event_id,
                    "participant_id": require(participant, "who"),
                    **reference,
                    "role": participant.get("role"),
                    "notes": participant.get("note"),
                },
                participant.where(),
            )
    return events, participants
