"""The questions the README answers, as SQL on the SQLite edition: Datasette's canned queries.

The release writes them into the Datasette metadata beside the SQLite file, so
that `datasette <file>.sqlite --metadata <file>.metadata.json` offers them,
with or without `make serve`.
"""

# Each query orders its rows completely, so that the same package always answers in the same order.
QUERIES = {
    "promise_wordings": {
        "title": "Each outlet's wording of a promise",
        "description": "Every claim that bears on the proposition, with its outlet, its relation to it (states, "
        "states_differently, reports_on), whether it is an independent account or a copy, the Indonesian words "
        "and the English rendering. Try train-1000-technology-leaders-a-year.",
        "sql": """SELECT a.outlet, cp.article_id, cp.claim_id, cp.relation, cp.is_independent, c.copy_of_claim_id,
       cp.discrepancy_id, c.attribution, c.quote, c.statement_en
FROM claim_propositions AS cp
JOIN claims AS c ON c.claim_id = cp.claim_id
JOIN articles AS a ON a.article_id = cp.article_id
WHERE cp.proposition_id = :proposition_id
ORDER BY a.earliest_date, a.outlet, c.char_start, cp.claim_id""",
        "params": ["proposition_id"],
    },
    "nusa_dua_meeting_dates": {
        "title": "The dates each outlet gives for the Nusa Dua meeting and press conference",
        "description": "Every time expression that dates a meeting or press conference held in Nusa Dua (or a "
        "venue inside it), with the date it resolves to and the weekday check.",
        "sql": """WITH RECURSIVE nusa_dua(place_id) AS (
  SELECT 'nusa-dua'
  UNION
  SELECT p.place_id FROM places AS p JOIN nusa_dua AS n ON p.parent_place_id = n.place_id
)
SELECT e.event_id, e.name AS event, a.outlet, t.article_id, t.text, t.date_iso, t.date_precision,
       t.weekday_printed, t.weekday_of_date, t.is_weekday_correct, t.claim_id, t.time_expression_id
FROM time_expressions AS t
JOIN events AS e ON e.event_id = t.event_id
JOIN articles AS a ON a.article_id = t.article_id
WHERE e.event_type IN ('meeting', 'press_conference')
  AND e.place_id IN (SELECT place_id FROM nusa_dua)
ORDER BY e.event_id, a.earliest_date, a.outlet, t.char_start, t.time_expression_id""",
    },
    "jack_ma_numbers": {
        "title": "Every number Jack Ma gave",
        "description": "The quantities in the claims whose speaker is Jack Ma, ordinals (the second meeting) left "
        "out, with the words as printed and their normalised value.",
        "sql": """SELECT a.outlet, q.article_id, q.claim_id, q.quantity_id, q.text, q.value, q.value_max, q.unit,
       q.per_period, q.qualifier, q.counted_en
FROM quantities AS q
JOIN claims AS c ON c.claim_id = q.claim_id
JOIN articles AS a ON a.article_id = q.article_id
WHERE c.speaker_person_id = 'jack-ma' AND q.unit <> 'ordinal'
ORDER BY a.earliest_date, a.outlet, q.char_start, q.quantity_id""",
    },
    "discrepancies_by_type": {
        "title": "The discrepancies by type",
        "description": "Every discrepancy with its type and how many discrepancies share that type, the most "
        "frequent type first.",
        "sql": """SELECT d.discrepancy_type, COUNT(*) OVER (PARTITION BY d.discrepancy_type) AS type_count,
       d.discrepancy_id, d.description_en, d.link_count
FROM discrepancies AS d
ORDER BY type_count DESC, d.discrepancy_type, d.discrepancy_id""",
    },
}
