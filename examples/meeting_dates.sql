-- Which dates does each outlet give for the Nusa Dua meeting and the press
-- conference after it? Every time expression that dates either event, with
-- the outlet, the words as printed and the date at its precision (date_iso).
--
--   duckdb < examples/meeting_dates.sql                  (from the repository root)
SELECT a.outlet, t.text, t.date_iso
FROM read_csv('data/time_expressions.csv', all_varchar = true) AS t
JOIN read_csv('data/articles.csv', all_varchar = true) AS a USING (article_id)
WHERE t.event_id IN ('steering-committee-meeting-2018-10-13', 'press-conference-2018-10-13')
ORDER BY a.outlet, t.date_iso, t.text;
