"""The questions users ask first, each answered by the obvious query on the published tables (pandas).

    .venv/bin/python examples/questions.py                      # print every answer
    .venv/bin/python examples/questions.py --markdown docs/questions.md

Every answer is a DataFrame computed from data/*.csv, so it follows the data
as curation changes it. tests/test_questions.py checks each one against an
answer written from the texts, or against an independent computation; R and
DuckDB versions of some are in questions.R and meeting_dates.sql.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MEETING_EVENTS = ["steering-committee-meeting-2018-10-13", "press-conference-2018-10-13"]
STATING = ["states", "states_differently"]


class Tables:
    """The published tables, read the way the README tells pandas users to read them."""

    def __init__(self, data_dir: Path | str = DATA_DIR) -> None:
        self.data_dir = Path(data_dir)
        self.cache: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.cache:
            self.cache[name] = pd.read_csv(self.data_dir / f"{name}.csv", keep_default_na=False, na_values=[""])
        return self.cache[name].copy()

    def outlets(self) -> pd.DataFrame:
        return self["articles"][["article_id", "outlet"]]


@dataclass(frozen=True)
class Question:
    key: str
    who: str  # journalist, fact-checker, researcher, NLP
    text: str
    answer: Callable[[Tables], pd.DataFrame]


def promises_of_jack_ma(t: Tables) -> pd.DataFrame:
    p = t["propositions"]
    promises = p[(p.proposition_type == "promise") & (p.promisor_person_id == "jack-ma")]
    return promises[["proposition_id", "statement_en", "promisor_organization_id", "latest_status"]]


def leaders_a_year_by_outlet(t: Tables) -> pd.DataFrame:
    links = t["claim_propositions"].query("proposition_id == 'train-1000-technology-leaders-a-year'")
    q = t["quantities"].merge(links[["claim_id", "relation"]], on="claim_id")
    q = q[(q.unit == "person") & (q.per_period == "year")].merge(t.outlets(), on="article_id")
    return q[["outlet", "text", "value", "qualifier", "relation", "claim_id"]].sort_values(["outlet", "claim_id"])


def meeting_dates_by_outlet(t: Tables) -> pd.DataFrame:
    times = t["time_expressions"][t["time_expressions"].event_id.isin(MEETING_EVENTS)].merge(t.outlets(), on="article_id")
    return times[["outlet", "text", "date_iso", "weekday_printed", "event_id"]].sort_values(["outlet", "date_iso", "text"])


def wrong_weekdays(t: Tables) -> pd.DataFrame:
    times = t["time_expressions"].query("is_weekday_correct == False").merge(t.outlets(), on="article_id")
    return times[["outlet", "text", "weekday_printed", "weekday_of_date", "date_iso"]]


def jack_ma_quotations(t: Tables) -> pd.DataFrame:
    c = t["claims"].query("attribution == 'direct' and speaker_person_id == 'jack-ma'").merge(t.outlets(), on="article_id")
    return c[["outlet", "claim_id", "quote", "statement_en"]].sort_values(["outlet", "claim_id"])


def promises_by_independent_outlets(t: Tables) -> pd.DataFrame:
    p = t["propositions"].query("proposition_type == 'promise'")
    columns = ["proposition_id", "independent_article_count", "agreeing_article_count", "article_count", "statement_en"]
    return p[columns].sort_values(
        ["independent_article_count", "agreeing_article_count", "proposition_id"], ascending=[False, False, True]
    )


def latest_status_and_evidence(t: Tables) -> pd.DataFrame:
    evidence = t["promise_statuses"].query("is_latest == True").merge(t.outlets(), on="article_id")
    evidence = evidence.merge(t["claims"][["claim_id", "quote"]], on="claim_id")
    p = t["propositions"].query("proposition_type == 'promise'")[["proposition_id", "latest_status"]]
    table = p.merge(evidence[["proposition_id", "outlet", "as_of_date_iso", "is_retrospective", "claim_id", "quote", "rationale_en"]],
                    on="proposition_id")
    return table.sort_values(["proposition_id", "outlet"])


def who_copies_whom(t: Tables) -> pd.DataFrame:
    c = t["claims"].dropna(subset=["copy_of_claim_id"])
    original = t["claims"][["claim_id", "article_id"]].rename(columns={"claim_id": "copy_of_claim_id", "article_id": "original_article_id"})
    c = c.merge(original, on="copy_of_claim_id").merge(t.outlets(), on="article_id")
    c = c.merge(t.outlets().rename(columns={"article_id": "original_article_id", "outlet": "copies_outlet"}), on="original_article_id")
    return c.groupby(["outlet", "copies_outlet"]).size().rename("claims").reset_index()


def numbers_that_disagree(t: Tables) -> pd.DataFrame:
    d = t["discrepancies"].query("discrepancy_type == 'number'")
    links = t["discrepancy_links"].merge(d[["discrepancy_id", "description_en"]], on="discrepancy_id").merge(t.outlets(), on="article_id")
    return links[["discrepancy_id", "outlet", "reading_en"]].sort_values(["discrepancy_id", "outlet"])


def publication_dates(t: Tables) -> pd.DataFrame:
    a = t["articles"]
    return a[["outlet", "published_date_iso", "earliest_date_iso", "published_date_note"]].sort_values("earliest_date_iso")


def when_were_the_annual_meetings(t: Tables) -> pd.DataFrame:
    e = t["events"].query("event_id == 'imf-wb-annual-meetings-2018'")
    return e[["name", "start_date_iso", "start_date_precision", "place"]]


def where_was_the_press_conference(t: Tables) -> pd.DataFrame:
    return t["events"].query("event_id == 'press-conference-2018-10-13'")[["name", "place", "place_id", "notes"]]


def how_outlets_describe_jack_ma(t: Tables) -> pd.DataFrame:
    m = t["mentions"].query("person_id == 'jack-ma' and mention_type == 'title'").merge(t.outlets(), on="article_id")
    return m.drop_duplicates(["outlet", "surface"])[["outlet", "surface"]].sort_values(["outlet", "surface"])


def speakers_by_outlet(t: Tables) -> pd.DataFrame:
    c = t["claims"].merge(t.outlets(), on="article_id")
    c["speaker"] = c.speaker_person_id.fillna(c.speaker_organization_id)
    c = c.dropna(subset=["speaker"])
    return c.groupby(["outlet", "speaker"]).size().rename("claims").reset_index()


def normalised_numbers(t: Tables) -> pd.DataFrame:
    q = t["quantities"].merge(t.outlets(), on="article_id")
    return q[["outlet", "text", "value", "value_max", "unit", "qualifier", "counted_en"]].sort_values(["outlet", "text"])


def uncertain_attributions(t: Tables) -> pd.DataFrame:
    return t["discrepancies"].query("discrepancy_type == 'attribution'")[["discrepancy_id", "description_en"]]


def who_founds_the_institute(t: Tables) -> pd.DataFrame:
    links = t["discrepancy_links"].query("discrepancy_id == 'institute-founder'").merge(t.outlets(), on="article_id")
    return links[["outlet", "claim_id", "reading_en"]].sort_values(["outlet", "claim_id"])


def outlets_reporting_each_event(t: Tables) -> pd.DataFrame:
    c = t["claims"]
    pairs = pd.concat([
        c[["reported_event_id", "article_id"]].rename(columns={"reported_event_id": "event_id"}),
        c[["occasion_event_id", "article_id"]].rename(columns={"occasion_event_id": "event_id"}),
        t["time_expressions"][["event_id", "article_id"]],
    ]).dropna().drop_duplicates().merge(t.outlets(), on="article_id")
    table = t["events"][["event_id", "name", "start_date_iso"]].merge(pairs, on="event_id", how="left")
    return table.groupby(["event_id", "name"], dropna=False)["outlet"].apply(
        lambda s: ", ".join(sorted(set(s.dropna())))
    ).rename("outlets").reset_index()


def text_left_out(t: Tables) -> pd.DataFrame:
    return t["exclusions"].merge(t.outlets(), on="article_id")[["outlet", "scope", "text", "reason"]]


def outdated_passages(t: Tables) -> pd.DataFrame:
    d = t["discrepancies"].query("discrepancy_type == 'outdated'")
    links = t["discrepancy_links"].merge(d[["discrepancy_id"]], on="discrepancy_id").merge(t.outlets(), on="article_id")
    return links[["discrepancy_id", "outlet", "target_id", "reading_en"]]


def tempo_trainee_numbers(t: Tables) -> pd.DataFrame:
    q = t["quantities"].query("article_id == 'tempo-1135968' and unit == 'person'")
    return q[["text", "value", "per_period", "counted_en"]]


def spans_of_names(t: Tables) -> pd.DataFrame:
    m = t["mentions"].query("mention_type == 'name'")
    texts = dict(zip(t["articles"].article_id, t["articles"].text))
    m["span_text"] = [texts[a][s:e] for a, s, e in zip(m.article_id, m.char_start, m.char_end)]
    m["entity"] = m.person_id.fillna(m.organization_id).fillna(m.place_id)
    return m[["article_id", "entity", "surface", "char_start", "char_end", "span_text"]]


QUESTIONS = [
    Question("jack-ma-promises", "journalist", "What did Jack Ma promise Indonesia?", promises_of_jack_ma),
    Question("leaders-a-year", "journalist", "How many technology leaders a year does each outlet say Jack Ma offered to train?", leaders_a_year_by_outlet),
    Question("meeting-dates", "fact-checker", "Which dates does each outlet give for the Nusa Dua meeting and the press conference after it?", meeting_dates_by_outlet),
    Question("wrong-weekdays", "fact-checker", "Which printed weekdays do not match their dates?", wrong_weekdays),
    Question("jack-ma-quotations", "journalist", "Every direct quotation of Jack Ma, with its English rendering", jack_ma_quotations),
    Question("most-reported-promises", "journalist", "Which promises do the most outlets report in their own words, and how many of them agree on it?", promises_by_independent_outlets),
    Question("latest-status", "researcher", "What is the latest status the press reports for each promise, and on what evidence?", latest_status_and_evidence),
    Question("copies", "fact-checker", "Which outlet copies which?", who_copies_whom),
    Question("numbers-disagree", "fact-checker", "Which numbers disagree between or within the outlets?", numbers_that_disagree),
    Question("publication-dates", "researcher", "When was each article published, or, where that is unknown, written at the earliest?", publication_dates),
    Question("annual-meetings-date", "journalist", "When did the IMF–World Bank Annual Meetings take place, according to the texts?", when_were_the_annual_meetings),
    Question("press-conference-place", "journalist", "Where did Jack Ma speak to the press?", where_was_the_press_conference),
    Question("jack-ma-titles", "NLP", "How does each outlet describe Jack Ma?", how_outlets_describe_jack_ma),
    Question("speakers", "researcher", "Who speaks in each article, and in how many claims?", speakers_by_outlet),
    Question("normalised-numbers", "NLP", "Every number in the claims, normalised from Indonesian notation", normalised_numbers),
    Question("uncertain-attributions", "fact-checker", "Which statements are attributed uncertainly?", uncertain_attributions),
    Question("institute-founder", "journalist", "Who does each outlet say will found the Jack Ma Institute?", who_founds_the_institute),
    Question("events-by-outlet", "researcher", "Which outlets report each event?", outlets_reporting_each_event),
    Question("left-out", "NLP", "Which words of the bodies are left out of the claims, and why?", text_left_out),
    Question("outdated", "fact-checker", "Which passages were out of date when published?", outdated_passages),
    Question("tempo-numbers", "fact-checker", "What numbers of trainees does Tempo give, in its own words?", tempo_trainee_numbers),
    Question("name-spans", "NLP", "Every name in the bodies with its character span", spans_of_names),
]


def markdown(tables: Tables) -> str:
    """docs/questions.md: every question with the query's answer."""
    lines = [
        "# Questions and answers",
        "",
        "Generated by `make build` from the published tables with `examples/questions.py`; do not edit by hand.",
        "Each answer is the obvious pandas query on `data/*.csv` (the function named under the question), and",
        "`tests/test_questions.py` checks it against an answer written from the texts or computed independently.",
        "",
    ]
    for question in QUESTIONS:
        answer = question.answer(tables)
        lines += [f"## {question.text}", "", f"*{question.who}*; `{question.answer.__name__}` in `examples/questions.py`; {len(answer)} rows.", ""]
        shown = answer.head(25).astype(str).replace({"<NA>": "", "nan": ""})
        lines.append("| " + " | ".join(shown.columns) + " |")
        lines.append("|" + "---|" * len(shown.columns))
        for row in shown.itertuples(index=False):
            cells = [str(value).replace("|", "\\|").replace("\n", " ") for value in row]
            lines.append("| " + " | ".join(cell if len(cell) <= 160 else cell[:157] + "…" for cell in cells) + " |")
        if len(answer) > 25:
            lines.append(f"\n… and {len(answer) - 25} more rows.")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", type=Path, help="write the answers as Markdown to this file")
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    tables = Tables(args.data)
    if args.markdown:
        args.markdown.write_text(markdown(tables), encoding="utf-8")
        return 0
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.width", 200)
    for question in QUESTIONS:
        print(f"\n## {question.text}\n{question.answer(tables).to_string(index=False)}")
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main())
