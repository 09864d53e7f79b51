"""croissant.json: Croissant 1.0 that mlcroissant validates and reads back as the CSVs say."""

import hashlib
import json
import logging
import shutil

import mlcroissant as mlc
import pandas as pd
import pytest
import yaml

from pipeline.croissant import croissant

# rdflib's JSON-LD parser, inside mlcroissant, warns about its own API whatever the document says.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

# The spec's atomic data types ("Data Types" section) for each Table Schema type.
CROISSANT_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
}
# How each Table Schema type reads from its CSV text (the package writes booleans as true/false).
CSV_PARSERS = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": {"true": True, "false": False}.__getitem__,
    "date": str,
}


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def generated(root):
    """croissant.json as the build publishes it, beside data/ (contentUrl is relative)."""
    return root / "croissant.json"


@pytest.fixture(scope="module")
def document(generated) -> dict:
    return json.loads(generated.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def citation(root) -> dict:
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture
def package_copy(root, tmp_path):
    """The package's descriptors, schemas and citation in tmp_path, with data/ linked, for editing."""
    for name in ("datapackage.json", "datapackage-parquet.json", "CITATION.cff"):
        shutil.copy(root / name, tmp_path / name)
    shutil.copytree(root / "schemas", tmp_path / "schemas")
    (tmp_path / "data").symlink_to(root / "data", target_is_directory=True)
    return tmp_path


def edit_descriptor(folder, edit) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def expected_records(root, resource: dict, schema: dict) -> list[dict]:
    """The CSV's rows typed by the schema, keyed the way Croissant names fields."""
    frame = pd.read_csv(root / resource["path"], dtype=str, keep_default_na=False)
    return [
        {
            f"{resource['name']}/{spec['name']}": CSV_PARSERS[spec["type"]](row[spec["name"]]) if row[spec["name"]] else None
            for spec in schema["fields"]
        }
        for row in frame.to_dict("records")
    ]


def plain(value):
    """mlcroissant yields text as bytes and dates as Timestamps."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def loaded_records(dataset, table: str) -> list[dict]:
    return [{key: plain(value) for key, value in record.items()} for record in dataset.records(record_set=table)]


def test_mlcroissant_validates_without_errors_or_warnings(generated, caplog):
    with caplog.at_level(logging.WARNING):
        dataset = mlc.Dataset(jsonld=generated)
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    # Some checks (a non-standard @context, for one) only log.
    assert [record.getMessage() for record in caplog.records] == []


@pytest.mark.slow
def test_every_record_set_loads_through_mlcroissant_as_the_csvs_say(root, generated, descriptor, schemas):
    """Each table from a fresh Dataset: mlcroissant joins a record set to those it references, and reading
    several joined record sets from one Dataset object is unreliable in mlcroissant 1.1.1."""
    for resource in descriptor["resources"]:
        dataset = mlc.Dataset(jsonld=generated)
        expected = expected_records(root, resource, schemas[resource["name"]])
        records = loaded_records(dataset, resource["name"])
        assert len(records) == len(expected), resource["name"]
        assert records == expected, resource["name"]


def test_every_table_and_field_is_described(document, descriptor, schemas):
    record_sets = {record_set["@id"]: record_set for record_set in document["recordSet"]}
    assert list(record_sets) == [resource["name"] for resource in descriptor["resources"]]
    for resource in descriptor["resources"]:
        table, schema = resource["name"], schemas[resource["name"]]
        record_set = record_sets[table]
        assert record_set["@type"] == "cr:RecordSet"
        assert record_set["name"] == table
        assert record_set["description"] == schema["description"]
        assert record_set["key"] == [{"@id": f"{table}/{column}"} for column in as_list(schema["primaryKey"])]
        assert [field["@id"] for field in record_set["field"]] == [f"{table}/{spec['name']}" for spec in schema["fields"]]
        for spec, field in zip(schema["fields"], record_set["field"]):
            assert field["@type"] == "cr:Field"
            assert field["name"] == spec["name"]
            assert field["description"] == spec["description"]
            assert field["dataType"] == CROISSANT_TYPES[spec["type"]], field["@id"]
            assert field["source"] == {"fileObject": {"@id": resource["path"]}, "extract": {"column": spec["name"]}}


def test_foreign_keys_into_other_tables_become_references(document, schemas):
    expected = {}
    for table, schema in schemas.items():
        for key in schema.get("foreignKeys", []):
            target = key["reference"]["resource"] or table
            if target == table:
                continue  # a self-join would make mlcroissant's loading plan a cycle
            for column, target_column in zip(as_list(key["fields"]), as_list(key["reference"]["fields"])):
                expected.setdefault(f"{table}/{column}", []).append(f"{target}/{target_column}")
    fields = [field for record_set in document["recordSet"] for field in record_set["field"]]
    found = {
        field["@id"]: [reference["field"]["@id"] for reference in as_list(field["references"])]
        for field in fields
        if "references" in field
    }
    assert found == expected
    assert {target for targets in found.values() for target in targets} <= {field["@id"] for field in fields}


def test_every_csv_and_parquet_file_is_distributed_with_its_checksum(root, document, descriptor, parquet_descriptor):
    files = {entry["@id"]: entry for entry in document["distribution"]}
    resources = descriptor["resources"] + parquet_descriptor["resources"]
    assert sorted(files) == sorted(resource["path"] for resource in resources)
    for resource in resources:
        entry = files[resource["path"]]
        content = (root / resource["path"]).read_bytes()
        assert entry["@type"] == "cr:FileObject"
        assert entry["contentUrl"] == resource["path"]
        assert entry["encodingFormat"] == resource["mediatype"]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["contentSize"] == f"{len(content)} B"
    for csv, parquet in zip(descriptor["resources"], parquet_descriptor["resources"]):
        assert files[csv["path"]]["sameAs"] == [parquet["path"]]
        assert files[parquet["path"]]["sameAs"] == [csv["path"]]


def test_dataset_metadata_comes_from_the_descriptor(document, descriptor):
    assert document["@type"] == "sc:Dataset"
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert document["name"] == descriptor["title"]
    assert document["description"] == descriptor["description"]
    assert document["version"] == descriptor["version"]
    assert document["datePublished"] == descriptor["created"]
    assert document["license"] == [entry["path"] for entry in descriptor["licenses"]]
    assert sorted(document["keywords"]) == sorted(descriptor["keywords"])
    assert document["inLanguage"] == descriptor["languages"]
    assert document["isAccessibleForFree"] is True
    assert [(source["name"], source["url"]) for source in document["isBasedOn"]] == [
        (source["title"], source["path"]) for source in descriptor["sources"]
    ]
    assert ("url" in document) == ("homepage" in descriptor)


def test_creators_and_citation_come_from_citation_cff(document, citation):
    entities = [author["name"] for author in citation["authors"] if "name" in author]
    persons = [author["family-names"] for author in citation["authors"] if "name" not in author]
    assert [creator["name"] for creator in document["creator"] if creator["@type"] == "sc:Organization"] == entities
    assert [creator["name"].split()[-1] for creator in document["creator"] if creator["@type"] == "sc:Person"] == persons
    cite = document["citeAs"]
    assert cite.startswith("@misc{") and cite.endswith("}")
    assert f"title = {{{citation['title']}}}" in cite
    assert f"year = {{{str(citation['date-released'])[:4]}}}" in cite
    assert f"version = {{{citation['version']}}}" in cite
    assert all(name in cite for name in entities + persons)


def test_the_published_document_is_the_generated_one(root, generated):
    assert json.loads(generated.read_text(encoding="utf-8")) == croissant(root)


def test_a_descriptor_hash_that_does_not_match_its_file_is_refused(package_copy):
    def corrupt(descriptor):
        descriptor["resources"][0]["hash"] = "sha256:" + "0" * 64

    edit_descriptor(package_copy, corrupt)
    with pytest.raises(ValueError, match="sha256 does not match"):
        croissant(package_copy)


def test_a_homepage_in_the_descriptor_becomes_the_url(package_copy):
    edit_descriptor(package_copy, lambda descriptor: descriptor.update(homepage="https://example.org/jack-ma"))
    assert croissant(package_copy)["url"] == "https://example.org/jack-ma"
