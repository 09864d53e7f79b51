"""croissant.json: Croissant 1.0 discovery metadata generated from the package descriptors.

The build writes it beside the descriptors. Everything comes from datapackage.json, datapackage-parquet.json, the Table
Schemas they point to and CITATION.cff, so the record follows the tables as
they change. Spec: http://mlcommons.org/croissant/1.0 (docs/croissant-spec.md
in mlcommons/croissant).
"""

import json
from pathlib import Path

import yaml

from pipeline.citation import author_name, bibtex
from pipeline.publish import DESCRIPTORS, file_sha256

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"

# The context of the spec's 1.0 example datasets (datasets/1.0/*/metadata.json),
# plus equivalentProperty and samplingRate: mlcroissant logs a "not standard"
# warning for any context that lacks a key of its own.
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# Table Schema type -> the spec's atomic data types ("Data Types" section).
DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
}


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def as_list(value) -> list:
    """Table Schema lets keys name one field as a string or several as a list."""
    return value if isinstance(value, list) else [value]


def ref(node_id: str) -> dict:
    return {"@id": node_id}


def file_object(root: Path, resource: dict, copies: list[str]) -> dict:
    """One file, with the descriptor's checksum confirmed against the bytes on disk."""
    path = resource["path"]
    algorithm, _, digest = resource["hash"].partition(":")
    if algorithm != "sha256":
        raise ValueError(f"{path}: the descriptor gives a {algorithm} hash; Croissant records sha256")
    if file_sha256(root / path) != digest:
        raise ValueError(f"{path}: the descriptor's sha256 does not match the file; rebuild the package")
    size = (root / path).stat().st_size
    if resource.get("bytes", size) != size:
        raise ValueError(f"{path}: the descriptor's byte count does not match the file; rebuild the package")
    entry = {
        "@type": "cr:FileObject",
        "@id": path,
        "name": Path(path).name,
        "contentUrl": path,
        "contentSize": f"{size} B",
        "encodingFormat": resource["mediatype"],
        "sha256": digest,
    }
    # The spec's sameAs on FileObject: "a FileObject with the same content, but in a different format".
    if copies:
        entry["sameAs"] = copies
    return entry


def distribution(root: Path, descriptors: list[dict]) -> list[dict]:
    """Every file of every edition, each pointing to its table's copies in the other editions."""
    resources = [resource for descriptor in descriptors for resource in descriptor["resources"]]
    objects = [
        file_object(
            root,
            resource,
            sorted(other["path"] for other in resources if other["name"] == resource["name"] and other is not resource),
        )
        for resource in resources
    ]
    return sorted(objects, key=lambda entry: entry["@id"])


def references(table: str, schema: dict) -> dict[str, list[str]]:
    """Column -> the fields it points to, one per foreign key it belongs to.

    Keys into the table itself (a parent event, a copied claim) are left out:
    mlcroissant turns every reference into a join, and a self-join makes its
    loading plan a cycle, so that no table with a key could be loaded.
    """
    targets = {}
    for key in schema.get("foreignKeys", []):
        reference = key["reference"]
        target = reference["resource"] or table
        if target == table:
            continue
        for column, target_column in zip(as_list(key["fields"]), as_list(reference["fields"]), strict=True):
            targets.setdefault(column, []).append(f"{target}/{target_column}")
    return targets


def data_type(table: str, spec: dict) -> str:
    if spec["type"] not in DATA_TYPES or spec.get("format", "default") != "default":
        raise ValueError(
            f"{table}.{spec['name']}: no Croissant data type for {spec['type']} with format {spec.get('format')}"
        )
    return DATA_TYPES[spec["type"]]


def field(table: str, spec: dict, file_id: str, targets: list[str]) -> dict:
    entry = {
        "@type": "cr:Field",
        "@id": f"{table}/{spec['name']}",
        "name": spec["name"],
        "description": spec["description"],
        "dataType": data_type(table, spec),
        "source": {"fileObject": ref(file_id), "extract": {"column": spec["name"]}},
    }
    # The {"field": ...} form of the 1.0 example datasets: mlcroissant 1.1.1 crashes on the
    # bare {"@id": ...} of the spec's prose.
    if targets:
        links = [{"field": ref(target)} for target in targets]
        entry["references"] = links[0] if len(links) == 1 else links
    return entry


def record_set(root: Path, resource: dict) -> dict:
    table = resource["name"]
    schema = read_json(root / resource["schema"])
    targets = references(table, schema)
    return {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": schema["description"],
        "key": [ref(f"{table}/{column}") for column in as_list(schema["primaryKey"])],
        "field": [field(table, spec, resource["path"], targets.get(spec["name"], [])) for spec in schema["fields"]],
    }


def creator(author: dict) -> dict:
    """CITATION.cff names an entity with `name` and a person with given and family names."""
    return {"@type": "sc:Organization" if "name" in author else "sc:Person", "name": author_name(author)}


def croissant(root: Path) -> dict:
    """The Croissant JSON-LD document for the package under root, with its CITATION.cff."""
    descriptors = [read_json(root / name) for name in DESCRIPTORS.values()]
    package = read_json(root / DESCRIPTORS["csv"])
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": package["title"],
        "alternateName": package["name"],
        # No invented address: url appears once the descriptor has a homepage.
        **({"url": package["homepage"]} if "homepage" in package else {}),
        "description": package["description"],
        "version": package["version"],
        "datePublished": package["created"],
        "license": [entry["path"] for entry in package["licenses"]],
        "creator": [creator(author) for author in citation["authors"]],
        "citeAs": bibtex(citation, package["name"]),
        "keywords": sorted(package["keywords"]),
        "inLanguage": package["languages"],
        "isAccessibleForFree": True,
        # schema.org's CreativeWork.isBasedOn, which Croissant 1.0 admits among its
        # "other schema.org properties": the pages the tables were read from.
        "isBasedOn": [
            {"@type": "sc:CreativeWork", "name": source["title"], "url": source["path"]}
            for source in package["sources"]
        ],
        "distribution": distribution(root, descriptors),
        "recordSet": [record_set(root, resource) for resource in package["resources"]],
    }
