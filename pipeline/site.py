"""Build a static site to browse the published package without code.

    python -m pipeline.site [--root ROOT] [--out DIR]

Reads the published package at ROOT (datapackage.json, its schemas and CSV
tables) and writes into DIR (default ROOT/dist/site) a home page, one page
per article, and pages for the promises, the discrepancies, the people and
organizations, and the data dictionary. The pages are rendered by the
Jinja2 templates in pipeline/site_assets/templates; they work from file://
with no network (no CDN, no fetch), and the same package gives the same
bytes. Every table is read generically, so new rows need no code change.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

import jinja2
import pandas as pd

from pipeline.release import ReleaseError, basename, citation_text
from pipeline.site_marks import Mark, MarkError, tokens

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "site_assets"
TIMELINE = "docs/timeline.png"
# The README's image line gives the figure its alternative text.
TIMELINE_ALT = re.compile(r"!\[([^\]]+)\]\(docs/timeline\.png\)")
RELEASE_EDITIONS = ("zip", "sqlite", "xlsx")
TEXT_FREE = "text-free"

# Where each kind of row is shown: the page and the id of its element. A
# discrepancy or a reading names its target by table, so this is the one
# place that knows which tables have spans.
SPAN_ANCHORS = {
    "claims": "claim-",
    "quantities": "q-",
    "time_expressions": "t-",
    "mentions": "m-",
    "exclusions": "x-",
    "page_furniture": "f-",
}
# How a discrepancy link's target table is named beside its reading.
TARGET_LABELS = {"claims": "claim", "quantities": "number", "time_expressions": "date or time", "articles": "the page"}
# The tables drawn in an article's body, each as a layer of marks.
BODY_LAYERS = {
    "claims": "claim",
    "quantities": "quantity",
    "time_expressions": "time",
    "mentions": "mention",
    "exclusions": "exclusion",
}
ENTITY_ANCHORS = {"people": "person-", "organizations": "org-", "places": "place-"}
# How the tests and scripts/screenshots.py open the site: Debian's Chromium, headless (Playwright's own
# browser download is not used), at a desktop and a phone width.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def launch_chromium(playwright):
    """The system Chromium through a Playwright session."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
ENTITY_COLUMNS = {"people": "person_id", "organizations": "organization_id", "places": "place_id"}


class SiteError(Exception):
    """A problem the user can fix; main() prints it on one line."""


# ---------------------------------------------------------------- reading


def typed(cell: str, kind: str):
    """A CSV cell as the templates want it: None when empty, integers and booleans typed.

    Numbers stay the text the CSV prints (1000, not 1000.0): the site shows
    them, it never computes with them.
    """
    if cell == "":
        return None
    if kind == "integer":
        return int(cell)
    if kind == "boolean":
        return cell == "true"
    return cell


class Table:
    """One published table: its rows in file order, looked up by key or by any column."""

    def __init__(self, name: str, schema: dict, rows: list[dict]):
        self.name = name
        self.schema = schema
        self.rows = rows
        key = schema.get("primaryKey", [])
        self._key = key[0] if len(key) == 1 else None
        self._by_key = {row[self._key]: row for row in rows} if self._key else {}
        self._groups: dict[str, dict] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def get(self, key):
        return self._by_key.get(key)

    def where(self, column: str, value) -> list[dict]:
        """The rows whose column holds value, in file order."""
        if column not in self._groups:
            groups: dict = {}
            for row in self.rows:
                groups.setdefault(row[column], []).append(row)
            self._groups[column] = groups
        return self._groups[column].get(value, []) if value is not None else []


def read_table(root: Path, resource: dict) -> Table:
    schema = json.loads((root / resource["schema"]).read_text(encoding="utf-8"))
    kinds = {field["name"]: field["type"] for field in schema["fields"]}
    # dtype=str with keep_default_na=False: every cell exactly as printed, "" where empty.
    frame = pd.read_csv(root / resource["path"], dtype=str, keep_default_na=False)
    if list(frame.columns) != list(kinds):
        raise SiteError(f"{resource['path']}: columns differ from {resource['schema']}; run `make build`")
    rows = [{name: typed(cell, kinds[name]) for name, cell in row.items()} for row in frame.to_dict("records")]
    return Table(resource["name"], schema, rows)


def read_package(root: Path) -> tuple[dict, dict[str, Table]]:
    try:
        descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        tables = {resource["name"]: read_table(root, resource) for resource in descriptor["resources"]}
    except FileNotFoundError as error:
        raise SiteError(f"{error.filename}: missing; run `make build` to publish the package first") from None
    except json.JSONDecodeError as error:
        raise SiteError(f"a descriptor or schema is not valid JSON ({error}); run `make build`") from None
    return descriptor, tables


def code_meanings(field: dict) -> dict[str, str]:
    """A code field's meanings, read back from its description ("… Codes: a: meaning; b: meaning.")."""
    codes = field.get("constraints", {}).get("enum", [])
    description = field.get("description", "")
    start = description.find(" Codes: ")
    if not codes or start < 0:
        return {}
    listed = description[start + len(" Codes: ") :].removesuffix(".")
    meanings = {}
    for code, following in zip(codes, [*codes[1:], None]):
        head = f"{code}: "
        if not listed.startswith(head):
            return {}
        end = listed.find(f"; {following}: ") if following else len(listed)
        meanings[code] = listed[len(head) : end]
        listed = listed[end + 2 :]
    return meanings


# ---------------------------------------------------------------- the model the templates see


class Package:
    """The tables plus the few joins every page needs; templates do the rest with where()."""

    def __init__(self, descriptor: dict, tables: dict[str, Table]):
        self.descriptor = descriptor
        self.tables = tables
        # Each table is also an attribute, so that templates read db.claims.where(...).
        for name, table in tables.items():
            setattr(self, name, table)
        self.codes = {}
        for name, table in tables.items():
            for field in table.schema["fields"]:
                meanings = code_meanings(field)
                if meanings:
                    self.codes[(name, field["name"])] = meanings
        # Reading order for articles: the earliest date each can have been written, then the outlet.
        self.article_order = sorted(self.articles, key=lambda a: (a["earliest_date"], a["outlet"], a["article_id"]))
        self._article_rank = {a["article_id"]: rank for rank, a in enumerate(self.article_order)}

    def meaning(self, table: str, column: str, code) -> str:
        return self.codes.get((table, column), {}).get(code, "")

    def describe(self, table: str, column: str) -> str:
        fields = {field["name"]: field for field in self.tables[table].schema["fields"]}
        return fields[column].get("description", "")

    def by_article(self, rows: list[dict]) -> list[tuple[dict, list[dict]]]:
        """Rows grouped by their article, articles in reading order, rows in text order."""
        groups: dict[str, list[dict]] = {}
        for row in rows:
            groups.setdefault(row["article_id"], []).append(row)
        return [
            (self.articles.get(article_id), sorted(group, key=self._position))
            for article_id, group in sorted(groups.items(), key=lambda item: self._article_rank[item[0]])
        ]

    def _position(self, row: dict) -> tuple:
        """Where a row stands in its article: its own span, or its claim's for rows without one."""
        spanned = row if "char_start" in row else self.claims.get(row.get("claim_id")) or {}
        return (spanned.get("char_start") or 0, str(row.get("claim_id") or ""))

    def entity(self, row: dict) -> tuple[str, dict] | None:
        """The person, organization or place a mention or credit names, with its table."""
        for table, column in ENTITY_COLUMNS.items():
            if row.get(column):
                return table, self.tables[table].get(row[column])
        return None

    def promises(self) -> list[dict]:
        return self._propositions(lambda p: p["proposition_type"] == "promise")

    def other_propositions(self) -> list[dict]:
        return self._propositions(lambda p: p["proposition_type"] != "promise")

    def _propositions(self, keep) -> list[dict]:
        chosen = [p for p in self.propositions if keep(p)]
        return sorted(chosen, key=lambda p: (-p["independent_article_count"], -p["claim_count"], p["proposition_id"]))

    def statuses(self, proposition_id: str) -> list[dict]:
        """A promise's status rows in the order the articles were written, so that the last is the latest report.

        Not by as_of_date: a date known to the month (2018-10) would sort before the days of that month.
        """
        rows = self.promise_statuses.where("proposition_id", proposition_id)
        return sorted(rows, key=lambda s: (self._article_rank[s["article_id"]], s["as_of_date"]))

    def discrepancy_groups(self) -> list[tuple[str, list[dict]]]:
        """Discrepancies by type, the most frequent type first."""
        groups: dict[str, list[dict]] = {}
        for row in self.discrepancies:
            groups.setdefault(row["discrepancy_type"], []).append(row)
        return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))

    def link_rows(self, discrepancy_id: str) -> list[dict]:
        rows = self.discrepancy_links.where("discrepancy_id", discrepancy_id)
        return sorted(rows, key=lambda r: (self._article_rank[r["article_id"]], *self._position(r), r["target_id"]))

    def comparison_subjects(self) -> list[tuple[tuple, list[dict]]]:
        """Readings grouped by subject and dimension, in the order of the first reading of each."""
        groups: dict[tuple, list[dict]] = {}
        for row in self.comparison_readings:
            groups.setdefault((row["subject_table"], row["subject_id"], row["dimension"]), []).append(row)
        return [(key, sorted(rows, key=lambda r: self._article_rank[r["article_id"]])) for key, rows in groups.items()]

    def comparisons_of(self, subject: tuple) -> list[dict]:
        table, subject_id, dimension = subject
        return [
            row
            for row in self.comparisons.where("subject_id", subject_id)
            if row["subject_table"] == table and row["dimension"] == dimension
        ]

    def subject_label(self, table: str, subject_id: str) -> str:
        row = self.tables[table].get(subject_id) if table in self.tables else None
        if not row:
            return subject_id
        return row.get("name") or row.get("statement_en") or subject_id


# ---------------------------------------------------------------- links


def article_page(article_id: str) -> str:
    return f"article-{article_id}.html"


def span_href(table: str, row_id: str, article_id: str) -> str:
    """The article page anchor of a row with a span; the page's own facts (#about) for the article itself."""
    prefix = SPAN_ANCHORS.get(table)
    return f"{article_page(article_id)}#{prefix}{row_id}" if prefix else f"{article_page(article_id)}#about"


def link_href(link: dict) -> str:
    """Where a discrepancy link or a reading points: its own span, else its claim, else its article."""
    table, target = link.get("target_table"), link.get("target_id")
    if table in SPAN_ANCHORS:
        return span_href(table, target, link["article_id"])
    if link.get("claim_id"):
        return span_href("claims", link["claim_id"], link["article_id"])
    if link.get("furniture_id"):
        return span_href("page_furniture", link["furniture_id"], link["article_id"])
    return span_href("articles", link["article_id"], link["article_id"])


def entity_anchor(table: str, row_id: str) -> str:
    return f"{ENTITY_ANCHORS[table]}{row_id}"


def entity_href(table: str, row_id: str) -> str:
    return f"entities.html#{entity_anchor(table, row_id)}"


# ---------------------------------------------------------------- article bodies


def body_marks(package: Package, article_id: str) -> list[Mark]:
    marks = []
    for table, layer in BODY_LAYERS.items():
        key = package.tables[table].schema["primaryKey"][0]
        for row in package.tables[table].where("article_id", article_id):
            marks.append(Mark(layer, SPAN_ANCHORS[table] + row[key], row["char_start"], row["char_end"], row))
    return marks


def body_tokens(package: Package, article: dict):
    try:
        return tokens(article["text"], body_marks(package, article["article_id"]))
    except MarkError as error:
        raise SiteError(f"article {article['article_id']}: {error}; run `make build`") from None


# ---------------------------------------------------------------- rendering


def relative(target: Path, out: Path) -> str:
    """A link from the site folder to a file of the repository, so the site works from file://."""
    return Path(os.path.relpath(target, out)).as_posix()


def downloads(root: Path, out: Path, descriptor: dict) -> dict:
    """Relative links to every table's files and to the release editions that exist in ROOT/dist."""
    parquet_path = root / "datapackage-parquet.json"
    parquet = json.loads(parquet_path.read_text(encoding="utf-8")) if parquet_path.exists() else {"resources": []}
    parquet_paths = {resource["name"]: resource["path"] for resource in parquet["resources"]}
    tables = {}
    for resource in descriptor["resources"]:
        parquet_file = parquet_paths.get(resource["name"])
        tables[resource["name"]] = {
            "csv": relative(root / resource["path"], out),
            "parquet": relative(root / parquet_file, out) if parquet_file else None,
            "schema": relative(root / resource["schema"], out),
        }
    dist = root / "dist"
    editions = {
        edition: relative(dist / f"{basename(descriptor)}.{edition}", out)
        for edition in RELEASE_EDITIONS
        if (dist / f"{basename(descriptor)}.{edition}").exists()
    }
    if (dist / TEXT_FREE).is_dir():
        editions[TEXT_FREE] = relative(dist / TEXT_FREE, out) + "/"
    return {
        "tables": tables,
        "editions": editions,
        "descriptor": relative(root / "datapackage.json", out),
        "citation": relative(root / "CITATION.cff", out),
    }


def first_clause(text: str) -> str:
    """The opening words of a code's meaning, for a legend: up to the first comma, semicolon or bracket."""
    return re.split(r"[,;(]", text, maxsplit=1)[0].strip().rstrip(".")


def environment(package: Package) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["first_clause"] = first_clause
    env.globals.update(
        db=package,
        article_page=article_page,
        span_href=span_href,
        link_href=link_href,
        entity_href=entity_href,
        entity_anchor=entity_anchor,
        target_labels=TARGET_LABELS,
        site_title=package.descriptor.get("title", package.descriptor["name"]),
    )
    return env


def timeline_alt(root: Path) -> str:
    readme = root / "README.md"
    found = TIMELINE_ALT.search(readme.read_text(encoding="utf-8")) if readme.exists() else None
    return found.group(1) if found else "Timeline of the events the articles report"


def render_site(root: Path, out: Path) -> dict[str, bytes]:
    """Every file of the site, by its path inside the site folder."""
    descriptor, tables = read_package(root)
    package = Package(descriptor, tables)
    env = environment(package)
    pages = {
        "index.html": env.get_template("index.html").render(
            page="home",
            links=downloads(root, out, descriptor),
            timeline=(root / TIMELINE).exists(),
            timeline_alt=timeline_alt(root),
            citation=citation_text(root),
        ),
        "promises.html": env.get_template("promises.html").render(page="promises"),
        "discrepancies.html": env.get_template("discrepancies.html").render(page="discrepancies"),
        "entities.html": env.get_template("entities.html").render(page="entities"),
        "dictionary.html": env.get_template("dictionary.html").render(page="dictionary"),
    }
    article_template = env.get_template("article.html")
    for article in package.article_order:
        pages[article_page(article["article_id"])] = article_template.render(
            page="article", article=article, body=body_tokens(package, article)
        )
    files = {name: html.encode("utf-8") for name, html in pages.items()}
    for path in sorted((ASSETS / "static").iterdir()):
        files[f"static/{path.name}"] = path.read_bytes()
    if (root / TIMELINE).exists():
        files["static/timeline.png"] = (root / TIMELINE).read_bytes()
    return files


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Write every file, leaving unchanged ones untouched; remove what an earlier build wrote and this one did not."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / ".site-files"
    previous = manifest.read_text(encoding="utf-8").split() if manifest.exists() else []
    for name in previous:
        if name not in files:
            (out / name).unlink(missing_ok=True)
    for name, data in sorted(files.items()):
        path = out / name
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    manifest.write_text("".join(f"{name}\n" for name in sorted(files)), encoding="utf-8")


def build_site(root: Path, out: Path) -> list[str]:
    files = render_site(root, out)
    write_site(files, out)
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the published package (default: this repository)")
    parser.add_argument("--out", type=Path, help="directory to write the site to (default: ROOT/dist/site)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "dist" / "site").resolve()
    try:
        names = build_site(root, out)
    except (SiteError, ReleaseError, jinja2.TemplateError) as error:
        print(f"site failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"site failed: {error.filename or out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"site written to {out}: {len(names)} files; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
