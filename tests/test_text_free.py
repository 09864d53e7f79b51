"""The text-free edition validates on its own and keeps every quote."""

import pandas as pd

from pipeline.text_free import main


def test_text_free_edition_is_valid_and_keeps_quotes(root, tables, tmp_path):
    out = tmp_path / "text-free"
    assert main([str(out)]) == 0
    articles = pd.read_csv(out / "data" / "articles.csv", keep_default_na=False, na_values=[""])
    assert articles["text"].isna().all()
    assert list(articles["text_sha256"]) == list(tables["articles"]["text_sha256"])
    assert list(articles["url"]) == list(tables["articles"]["url"])
    claims = pd.read_csv(out / "data" / "claims.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(claims, tables["claims"])
    assert not (out / "data" / "raw").exists()


def test_text_free_edition_refuses_to_replace_the_repository(root, capsys):
    assert main([str(root)]) == 1
    assert "refusing to replace" in capsys.readouterr().err
    assert (root / "datapackage.json").exists() and (root / "pipeline").is_dir()
