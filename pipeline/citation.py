"""CITATION.cff and the ready citations, made from the package metadata.

The title, version, date, licence, authors and the five source pages are
declared in package.yaml and the articles; CITATION.cff, the README's citation,
the workbook's and Croissant's citeAs are all written from the one CFF record
built here, so they cannot disagree.
"""
from __future__ import annotations

import json

import yaml

MESSAGE = "If you use this dataset, please cite it as below. The curators are not named; see the README's 'What is not known'."


def citation(package: dict, articles: list[dict]) -> dict:
    """The CFF 1.2.0 record of the package (package: the descriptor's metadata)."""
    return {
        "cff-version": "1.2.0",
        "message": MESSAGE,
        "type": "dataset",
        "title": package["title"],
        "abstract": package["description"],
        "authors": [{"name": contributor["title"]} for contributor in package["contributors"] if contributor["role"] == "author"],
        "version": package["version"],
        "date-released": package["created"][:10],
        "license": package["licenses"][0]["name"],
        **({"url": package["homepage"]} if "homepage" in package else {}),
        "keywords": package["keywords"],
        "references": [reference(row) for row in articles],
    }


def reference(article: dict) -> dict:
    """A source page. Only one byline names a reporter, so the outlet stands as the author of each."""
    publisher = article["outlet"]
    record = {
        "type": "newspaper-article",
        "title": article["title"],
        "authors": [{"name": publisher}],
        "publisher": {"name": publisher},
        "url": article["url"],
        "languages": ["ind"],
    }
    if article["published_date"] and article["published_date_precision"] == "day":
        record["date-published"] = article["published_date_iso"]
    notes = []
    if article["title_source"] != "text":
        notes.append("The title is the address slug read as words; the capitalisation is not known.")
    if "date-published" not in record:
        # The package's one dating rule: a printed date that the body contradicts is no publication date.
        notes.append(
            f"The page prints \"{article['page_date_printed']}\", which its own text contradicts; the publication date is not known."
            if article["page_date_printed"] else "The page prints no publication date."
        )
    if notes:
        record["notes"] = " ".join(notes)
    return record


def citation_file(record: dict) -> str:
    # Through JSON: the curated values arrive as the loader's list and mapping types, which safe_dump refuses.
    return yaml.safe_dump(json.loads(json.dumps(record)), sort_keys=False, allow_unicode=True, width=100)


def author_name(author: dict) -> str:
    """A CFF author as one name: an entity's name, or a person's names in reading order."""
    if "name" in author:
        return author["name"]
    parts = [author.get(part) for part in ("given-names", "name-particle", "family-names", "name-suffix")]
    return " ".join(part for part in parts if part)


def apa(record: dict, emphasis: str = "") -> str:
    """APA 7 style for a data set: Author. (Year). Title (Version x) [Data set]. Link. The title is
    italic in APA: emphasis="*" marks it for Markdown."""
    link = f"https://doi.org/{record['doi']}" if record.get("doi") else record.get("url")
    parts = [
        f"{', '.join(author_name(author) for author in record['authors'])}. ({str(record['date-released'])[:4]}).",
        f"{emphasis}{record['title']}{emphasis} (Version {record['version']}) [Data set].",
        link,
    ]
    return " ".join(part for part in parts if part)


def bibtex(record: dict, key: str) -> str:
    """@misc is what BibTeX styles print for a data set; double braces keep an entity's name whole."""
    authors = " and ".join("{" + author_name(author) + "}" if "name" in author else author_name(author)
                           for author in record["authors"])
    entries = {
        "author": authors,
        "title": record["title"],
        "year": str(record["date-released"])[:4],
        "version": str(record["version"]),
        "doi": record.get("doi"),
        "url": record.get("url"),
    }
    lines = [f"  {name} = {{{value}}}" for name, value in entries.items() if value]
    return f"@misc{{{key},\n" + ",\n".join(lines) + "\n}"
