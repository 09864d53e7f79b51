"""Body text deliberately left outside claims or quantities, each with a reason."""

from pipeline.articles import Source
from pipeline.curated import Curated
from pipeline.ids import NumberedIds
from pipeline.schema import Table
from pipeline.spans import locate

DATELINE_REASON = "Dateline: the outlet's name and the place of writing, recorded in articles.dateline; not a statement."


def build_exclusions(curated: Curated, sources: dict[str, Source]) -> Table:
    exclusions = Table("exclusions")
    for article_id, files in curated.articles.items():
        text = sources[article_id].text
        ids = NumberedIds()
        seen: dict[tuple[int, int, str], str] = {}

        def add(scope: str, words: str, start: int, end: int, reason: str, origin: str) -> None:
            if (start, end, scope) in seen:
                raise files.article.fail(f"{origin} leaves out the same words as {seen[start, end, scope]}; keep one")
            seen[start, end, scope] = origin
            exclusions.add(
                {
                    "exclusion_id": ids.next(f"{article_id}-{scope}", words),
                    "article_id": article_id,
                    "scope": scope,
                    "text": words,
                    "char_start": start,
                    "char_end": end,
                    "reason": reason,
                },
                origin,
            )

        # The dateline is stated once, in the article record; its exclusion follows from it.
        dateline = files.article.get("dateline")
        if dateline:
            add("claims", dateline, 0, len(dateline), DATELINE_REASON, files.article.where())
        for record in files.records["exclusions"]:
            start, end = locate(record, record["text"], text, f"the body of {article_id}")
            add(record["scope"], record["text"], start, end, record["reason"], record.where())
    return exclusions
