"""Draw docs/timeline.png from the published CSVs (matplotlib, Agg backend).

Top: every event with a known start_date on a date axis, one labelled row per
event, in start_date order. A day-precision date is a marker; a month- or
year-precision date (start_date is the first day of the period) is a bar over
the whole month or year. Marker shape gives the event's status. The dot matrix
on the right shows which outlets' claims report each event (claims whose
reported_event_id or occasion_event_id is the event), with the number of claims.

Bottom: every proposition of type "promise", with a star for those made at the
October 2018 meeting, i.e. stated by at least one claim that was made at, or is
about, an event dated October 2018 (occasion_event_id / reported_event_id), or
whose said_date falls in October 2018; the dot matrix shows which outlets state
each promise.

    .venv/bin/python scripts/plot_timeline.py [--output docs/timeline.png] [--data-dir data]

The output is deterministic: fixed width and dpi, height from the row counts,
no Software/date metadata in the PNG.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
OUTPUT = ROOT / "docs" / "timeline.png"

MEETING_MONTH = "2018-10"  # the month of Jack Ma's meeting with the ministers in Nusa Dua
DPI = 150
WIDTH_IN = 16.0
EVENT_ROW_IN = 0.42
PROMISE_ROW_IN = 0.46

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OUTLET_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#000000"]
STATUS_MARKERS = {
    "happened": dict(marker="o", fillstyle="full"),
    "ongoing": dict(marker="s", fillstyle="full"),
    "scheduled": dict(marker="D", fillstyle="none"),
    "planned": dict(marker="^", fillstyle="none"),
    "promised": dict(marker="*", fillstyle="none"),
}
INK = "#333333"
MEETING_COLOUR = "#B22222"


def read_table(name: str, data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(Path(data_dir) / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The first day after the period that start opens."""
    if precision == "year":
        return start + pd.DateOffset(years=1)
    if precision == "month":
        return start + pd.DateOffset(months=1)
    return start + pd.DateOffset(days=1)


def date_label(start: pd.Timestamp, precision: str) -> str:
    return {"year": f"{start:%Y}", "month": f"{start:%b %Y}"}.get(precision, f"{start.day} {start:%b %Y}")


def load(data_dir: Path) -> dict:
    events = read_table("events", data_dir)
    claims = read_table("claims", data_dir)
    articles = read_table("articles", data_dir)
    propositions = read_table("propositions", data_dir)
    links = read_table("claim_propositions", data_dir)

    outlets = sorted(articles["outlet"].unique())
    outlet_of_article = dict(zip(articles["article_id"], articles["outlet"]))
    claims["outlet"] = claims["article_id"].map(outlet_of_article)

    events["start_date"] = pd.to_datetime(events["start_date"], format="%Y-%m-%d")
    events["start_date_precision"] = events["start_date_precision"].fillna("day")
    dated = events.dropna(subset=["start_date"]).sort_values(
        ["start_date", "event_id"], na_position="last", kind="mergesort"
    )

    # claims per (event, outlet): a claim counts for the event it reports, the event it was made at and
    # every event one of its time expressions dates
    times = read_table("time_expressions", data_dir)
    times["outlet"] = times["article_id"].map(outlet_of_article)
    pairs = pd.concat(
        [
            claims[["reported_event_id", "claim_id", "outlet"]].rename(columns={"reported_event_id": "event_id"}),
            claims[["occasion_event_id", "claim_id", "outlet"]].rename(columns={"occasion_event_id": "event_id"}),
            times[["event_id", "claim_id", "outlet"]],
        ]
    ).dropna(subset=["event_id"]).drop_duplicates(["event_id", "claim_id"])
    event_counts = pairs.groupby(["event_id", "outlet"])["claim_id"].nunique()

    meeting_events = set(dated.loc[dated["start_date"].dt.strftime("%Y-%m") == MEETING_MONTH, "event_id"])
    promises = propositions[propositions["proposition_type"] == "promise"].sort_values("proposition_id")
    stating = links[links["relation"].isin(["states", "states_differently"])]
    promise_claims = stating[stating["proposition_id"].isin(promises["proposition_id"])].merge(
        claims[["claim_id", "outlet", "occasion_event_id", "reported_event_id", "said_date"]], on="claim_id"
    )
    at_meeting_claim = (
        promise_claims["occasion_event_id"].isin(meeting_events)
        | promise_claims["reported_event_id"].isin(meeting_events)
        | promise_claims["said_date"].fillna("").str.startswith(MEETING_MONTH)
    )
    made_at_meeting = set(promise_claims.loc[at_meeting_claim, "proposition_id"])
    promise_counts = promise_claims.groupby(["proposition_id", "outlet"])["claim_id"].nunique()

    return dict(
        outlets=outlets,
        article_count=len(articles),
        undated_count=len(events) - len(dated),
        events=dated.reset_index(drop=True),
        event_counts=event_counts,
        meeting_events=meeting_events,
        promises=promises.reset_index(drop=True),
        promise_counts=promise_counts,
        made_at_meeting=made_at_meeting,
    )


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background colour."""
    r, g, b = matplotlib.colors.to_rgb(background)
    return "#111111" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def draw_matrix(ax, row_keys: list[str], counts: pd.Series, outlets: list[str], colours: dict, show_labels: bool):
    """Dots coloured by outlet, with the number of claims, for every (row, outlet) that has claims."""
    ax.set_xlim(-0.5, len(outlets) - 0.5)
    ax.set_ylim(len(row_keys) - 0.5, -0.5)
    for y, key in enumerate(row_keys):
        for x, outlet in enumerate(outlets):
            n = int(counts.get((key, outlet), 0))
            if n:
                ax.scatter([x], [y], s=230, color=colours[outlet], edgecolor="white", linewidth=0.8, zorder=3)
                ax.text(x, y, str(n), ha="center", va="center", fontsize=7.5, color=text_colour(colours[outlet]),
                        fontweight="bold", zorder=4)
            else:
                ax.scatter([x], [y], s=12, color="#DDDDDD", zorder=2)
    ax.set_xticks(range(len(outlets)))
    if show_labels:
        ax.xaxis.tick_top()
        ax.set_xticklabels(outlets, rotation=35, ha="left", fontsize=9)
        for label, outlet in zip(ax.get_xticklabels(), outlets):
            label.set_color(colours[outlet])
            label.set_fontweight("bold")
    else:
        ax.set_xticklabels([])
    ax.tick_params(length=0)
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def shade_rows(ax, n: int) -> None:
    for y in range(0, n, 2):
        ax.axhspan(y - 0.5, y + 0.5, color="#F4F4F4", zorder=0, linewidth=0)


def plot(data_dir: Path = DATA_DIR, output: Path = OUTPUT) -> Path:
    data = load(data_dir)
    outlets, events, promises = data["outlets"], data["events"], data["promises"]
    colours = {o: OUTLET_COLOURS[i % len(OUTLET_COLOURS)] for i, o in enumerate(outlets)}
    n_events, n_promises = max(len(events), 1), max(len(promises), 1)

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "timeline"})
    # vertical layout in inches, top to bottom
    top_margin, events_h, gap, promises_h, bottom_margin = (
        1.35, n_events * EVENT_ROW_IN, 1.9, n_promises * PROMISE_ROW_IN, 0.6)
    height = top_margin + events_h + gap + promises_h + bottom_margin
    fig = plt.figure(figsize=(WIDTH_IN, height), dpi=DPI)

    def rect(left, top_in, width, height_in):
        return [left, 1 - (top_in + height_in) / height, width, height_in / height]

    left, timeline_w, matrix_left, matrix_w = 0.31, 0.47, 0.80, 0.145
    ax_t = fig.add_axes(rect(left, top_margin, timeline_w, events_h))
    ax_te = fig.add_axes(rect(matrix_left, top_margin, matrix_w, events_h))
    promises_top = top_margin + events_h + gap
    ax_p = fig.add_axes(rect(0.02, promises_top, matrix_left - 0.03, promises_h))
    ax_pe = fig.add_axes(rect(matrix_left, promises_top, matrix_w, promises_h))

    fig.text(0.02, 1 - 0.3 / height,
             f"What Jack Ma promised Indonesia, as {data['article_count']} Indonesian news articles reported it",
             fontsize=15, fontweight="bold", va="top")
    fig.text(0.02, 1 - 0.62 / height,
             "Events with a known start date, in date order. Dots on the right: outlets whose claims report the "
             "event, were made at it or date it (number = claims).",
             fontsize=9.5, color=INK, va="top")

    # ---- timeline -------------------------------------------------------------------------------
    shade_rows(ax_t, len(events))
    ax_t.set_ylim(len(events) - 0.5, -0.5)
    starts = events["start_date"]
    ends = [period_end(s, p) for s, p in zip(starts, events["start_date_precision"])]
    if len(events):
        lo = min(starts).to_period("Y").to_timestamp() - pd.DateOffset(months=2)
        hi = max(ends).to_period("Y").to_timestamp() + pd.DateOffset(years=1, months=2)
        ax_t.set_xlim(lo, hi)
    for y, (event, end) in enumerate(zip(events.itertuples(), ends)):
        style = STATUS_MARKERS.get(event.status, dict(marker="o", fillstyle="none"))
        at_meeting = event.event_id in data["meeting_events"]
        colour = MEETING_COLOUR if at_meeting else INK
        if event.start_date_precision in ("month", "year"):
            ax_t.plot([event.start_date, end], [y, y], color=colour, alpha=0.35, linewidth=7,
                      solid_capstyle="butt", zorder=2)
            middle = event.start_date + (end - event.start_date) / 2
            ax_t.plot([middle], [y], color=colour, markersize=7, zorder=3, linestyle="none", **style)
        else:
            ax_t.plot([event.start_date], [y], color=colour, markersize=8, zorder=3, linestyle="none", **style)
        ax_t.annotate(date_label(event.start_date, event.start_date_precision), xy=(end, y), xytext=(7, 0),
                      textcoords="offset points", ha="left", va="center", fontsize=8, color=colour)
    labels = ["\n".join(textwrap.wrap(name, 60, max_lines=2, placeholder=" …")) for name in events["name"]]
    ax_t.set_yticks(range(len(events)))
    ax_t.set_yticklabels(labels, fontsize=9, linespacing=1.1)
    for label, event_id in zip(ax_t.get_yticklabels(), events["event_id"]):
        if event_id in data["meeting_events"]:
            label.set_color(MEETING_COLOUR)
            label.set_fontweight("bold")
    ax_t.tick_params(axis="y", length=0)
    ax_t.xaxis.set_major_locator(mdates.YearLocator())
    ax_t.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax_t.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax_t.grid(axis="x", which="major", color="#CCCCCC", linewidth=0.8)
    ax_t.grid(axis="x", which="minor", color="#EEEEEE", linewidth=0.6)
    ax_t.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax_t.spines[side].set_visible(False)

    meeting_start = pd.Timestamp(f"{MEETING_MONTH}-01")
    meeting_dates = events.loc[events["event_id"].isin(data["meeting_events"]), "start_date"]
    if len(meeting_dates):
        meeting_day = min(meeting_dates)
        ax_t.axvline(meeting_day, color=MEETING_COLOUR, linewidth=1, linestyle="--", zorder=1)
        ax_t.annotate(
            f"{meeting_day.day} {meeting_day:%b %Y}: meeting in Nusa Dua;\n"
            f"{len(data['made_at_meeting'])} of {len(promises)} promises made here (★ below)",
            xy=(meeting_day, -0.5), xytext=(6, 4), textcoords="offset points", ha="left", va="bottom",
            fontsize=8.5, color=MEETING_COLOUR, fontweight="bold", annotation_clip=False,
        )
    elif len(events):
        ax_t.axvspan(meeting_start, period_end(meeting_start, "month"), color=MEETING_COLOUR, alpha=0.08)

    status_handles = [
        Line2D([], [], color=INK, linestyle="none", markersize=7, label=status, **style)
        for status, style in STATUS_MARKERS.items()
        if status in set(events["status"])
    ]
    status_handles.append(Line2D([], [], color=INK, alpha=0.35, linewidth=7, label="month / year precision"))
    status_handles.append(Line2D([], [], color=MEETING_COLOUR, marker="o", linestyle="none", markersize=7,
                                 label=f"dated {meeting_start:%B %Y} (the meeting)"))
    ax_t.legend(handles=status_handles, loc="upper left", bbox_to_anchor=(0, -0.35 / events_h),
                ncol=len(status_handles), frameon=False, fontsize=8.5, handlelength=1.6, columnspacing=1.4)

    shade_rows(ax_te, len(events))
    draw_matrix(ax_te, list(events["event_id"]), data["event_counts"], outlets, colours, show_labels=True)
    ax_te.set_ylim(len(events) - 0.5, -0.5)

    # ---- promises ------------------------------------------------------------------------------------
    ax_p.set_xlim(0, 1)
    ax_p.set_ylim(len(promises) - 0.5, -0.5)
    shade_rows(ax_p, len(promises))
    ax_p.axis("off")
    fig.text(0.02, 1 - (promises_top - 0.55) / height, "Jack Ma's promises (the propositions of type promise)",
             fontsize=12, fontweight="bold", va="bottom")
    fig.text(0.02, 1 - (promises_top - 0.12) / height,
             f"★ = made at the {meeting_start:%B %Y} meeting: a claim stating it was made at, or is about, "
             f"an event dated {meeting_start:%B %Y}, or was said then.  Dots: outlets stating the promise "
             "(number = claims).", fontsize=9, color=MEETING_COLOUR, va="bottom")
    for y, promise in enumerate(promises.itertuples()):
        starred = promise.proposition_id in data["made_at_meeting"]
        ax_p.plot([0.008], [y], marker="*", markersize=12, linestyle="none",
                  color=MEETING_COLOUR if starred else "#BBBBBB", fillstyle="full" if starred else "none")
        ax_p.text(0.022, y, textwrap.shorten(promise.statement_en, 150, placeholder="…"), va="center",
                  fontsize=9.5, color=INK)
    shade_rows(ax_pe, len(promises))
    draw_matrix(ax_pe, list(promises["proposition_id"]), data["promise_counts"], outlets, colours,
                show_labels=True)
    ax_pe.set_ylim(len(promises) - 0.5, -0.5)
    fig.text(0.02, 0.3 / height,
             "Source: data/events.csv, claims.csv, time_expressions.csv, articles.csv, propositions.csv, claim_propositions.csv "
             f"(scripts/plot_timeline.py). {data['undated_count']} events without a known start date are left out.",
             fontsize=8, color="#777777", va="bottom")

    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output, dpi=DPI, metadata={"Software": None}, pil_kwargs={"optimize": True})
    plt.close(fig)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="PNG to write (default docs/timeline.png)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="directory of the published CSVs")
    args = parser.parse_args()
    print(plot(args.data_dir, args.output))


if __name__ == "__main__":
    main()
