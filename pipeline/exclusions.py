"""Body text deliberately left outside claims or quantities, each with a reason."""

from pathlib import Path

from pipeline.curated import check_keys, load_records, require
from pipeline.ids import NumberedIds
from pipeline.schema import Table
from pipeline.spans import locate


def build_exclusions(root: Path, curated: Path, texts: dict[str, str]) -> Table:
    path = curated / "exclusions.yaml"
    exclusions = Table("exclusions")
    ids = NumberedIds()
    for record in load_records(path, root):
        check_keys(record, {"article", "scope", "text", "occurrence", "reason"})
        article_id = require(record, "article")
        if article_id not in texts:
            raise record.fail(f"unknown article {article_id!r}")
        start, end = locate(record, require(record, "text"), texts[article_id], f"the body of {article_id}")
        exclusions.add(
            {
                "exclusion_id": ids.next(f"{article_id}-{record.get('scope')}", record["text"], limit=48),
                "article_id": article_id,
                "scope": record.get("scope"),
                "text": record["text"],
                "char_start": start,
                "char_end": end,
                "reason": record.get("reason"),
            },
            record.where(),
        )
    return exclusions
