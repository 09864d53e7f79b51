"""Body text deliberately left outside claims or quantities, each with a reason."""

from pathlib import Path

from pipeline.curated import CurationError, check_keys, load_records, require
from pipeline.entities import slugify
from pipeline.schema import Table
from pipeline.spans import locate


def build_exclusions(root: Path, curated: Path, texts: dict[str, str]) -> Table:
    path = curated / "exclusions.yaml"
    exclusions = Table("exclusions")
    seen: dict[str, int] = {}
    for record in load_records(path, root):
        check_keys(record, {"article", "scope", "text", "occurrence", "reason"})
        article_id = require(record, "article")
        if article_id not in texts:
            raise CurationError(f"{record.where()}: unknown article {article_id!r}")
        start, end = locate(record, require(record, "text"), texts[article_id], f"the body of {article_id}")
        base = f"{article_id}-{record.get('scope')}-{slugify(record['text'])[:48].strip('-')}"
        seen[base] = seen.get(base, 0) + 1
        exclusions.add(
            {
                "exclusion_id": base if seen[base] == 1 else f"{base}-{seen[base]}",
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
