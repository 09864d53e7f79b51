"""Events and who took part in them."""

from pipeline.curated import Curated
from pipeline.dates import check_date_precision, date_group
from pipeline.entities import entity_reference
from pipeline.schema import Table


def build_events(curated: Curated, kinds: dict[str, str]) -> tuple[Table, Table]:
    events, participants = Table("events"), Table("event_participants")
    for record in curated["events"]:
        event_id = record["event_id"]
        check_date_precision(record, "start_date", "start_date_precision")
        events.add(
            {
                "event_id": event_id,
                "name": record["name"],
                "event_type": record["event_type"],
                "status": record["status"],
                **date_group(record, "start_date"),
                "place": record.get("place"),
                "place_id": record.get("place_id"),
                "parent_event_id": record.get("parent_event_id"),
                "description": record["description"],
                "notes": record.get("notes"),
            },
            record,
        )
        for participant in record.get("participants", []):
            reference = entity_reference(participant, "participant_id", kinds, ("people", "organizations"))
            participants.add(
                {
                    "event_id": event_id,
                    "participant_id": participant["participant_id"],
                    **reference,
                    "role": participant["role"],
                    "notes": participant.get("notes"),
                },
                participant,
            )
    return events, participants
