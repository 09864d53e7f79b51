"""The documents a user reads agree with the package."""

import re

import yaml


def test_changelog_citation_and_descriptor_share_the_version(root, descriptor):
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.MULTILINE)
    assert released, "CHANGELOG.md needs '## [x.y.z] - YYYY-MM-DD' entries"
    latest_version, latest_date = released[0]
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert descriptor["version"] == latest_version == citation["version"]
    assert str(citation["date-released"]) == latest_date
    assert descriptor["created"].startswith(latest_date)


def test_readme_row_counts_are_current(root, tables):
    readme = (root / "README.md").read_text(encoding="utf-8")
    for name, frame in tables.items():
        assert f"| [`{name}`](docs/data-dictionary.md#{name}) | {len(frame)} |" in readme, name


def test_data_dictionary_lists_every_field(root, schemas):
    dictionary = (root / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for name, schema in schemas.items():
        assert f"## {name}\n" in dictionary
        for spec in schema["fields"]:
            assert f"| `{spec['name']}` | {spec['type']} |" in dictionary, (name, spec["name"])


def test_licensing_is_stated_in_all_three_places(root, descriptor):
    for path in ("LICENSE", "README.md"):
        text = (root / path).read_text(encoding="utf-8")
        assert "CC BY 4.0" in text and "MIT" in text and "publishers" in text, path
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "publishers" in descriptor["description"]


def test_readme_commands_are_the_ci_commands(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert (root / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")
