-- Every number Jack Ma gave: each quantity in a claim whose speaker is Jack Ma
-- (claims.speaker_person_id = 'jack-ma'), with the outlet that printed it,
-- the number as printed, its normalised value, unit and qualifier, and the
-- verbatim quote of the claim it stands in. Ordinals ("Pertama", "rapat
-- kedua") number a list or a meeting rather than state an amount, so they are
-- left out.
--
-- Runs on the typed Parquet files. Paths are relative to the repository root:
--   duckdb < examples/numbers_jack_ma_gave.sql               (from the root)
--   .venv/bin/python examples/numbers_jack_ma_gave.py        (from anywhere)
SELECT
    a.outlet,
    q.article_id,
    q.claim_id,
    q.quantity_id,
    q.text        AS quantity_text,
    q.value,
    q.value_max,
    q.unit,
    q.per_period,
    q.qualifier,
    q.counted_en,
    c.quote       AS claim_quote
FROM read_parquet('data/quantities.parquet') AS q
JOIN read_parquet('data/claims.parquet')     AS c ON c.claim_id = q.claim_id
JOIN read_parquet('data/articles.parquet')   AS a ON a.article_id = q.article_id
WHERE c.speaker_person_id = 'jack-ma'
  AND q.unit <> 'ordinal'
ORDER BY a.outlet, q.article_id, q.char_start, q.quantity_id;
