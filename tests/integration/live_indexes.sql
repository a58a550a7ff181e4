-- Every index of one table (:table): its key columns in order ('(expression)' for an expression),
-- whether it is unique and whether it is partial. INCLUDE columns are not keys.
SELECT
    i.indisunique AS is_unique,
    i.indpred IS NOT NULL AS is_partial,
    array(
        SELECT coalesce(a.attname::text, '(expression)')
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
        LEFT JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE k.position <= i.indnkeyatts
        ORDER BY k.position
    ) AS key_columns
FROM pg_index AS i
WHERE i.indrelid = to_regclass('public.' || quote_ident(:table))
