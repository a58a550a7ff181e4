-- Cross-company leaks: what row-level security hid in one place, another column, table or blob showed.

-- proof.similarity_check names the entries and proofs a document resembles, of any company:
-- exactly what matching_entries' policy hides from the company side. Company-side roles read
-- every other column of proof; the duplicates they may know of reach them through
-- matching_entries. Staff and worker nodes keep reading the whole row.
REVOKE SELECT ON proof FROM rd_app;
GRANT SELECT ON proof TO rd_staff;
DO $$
BEGIN
    EXECUTE (
        SELECT format(
            'GRANT SELECT (%s) ON proof TO rd_company_admin, rd_company_user, rd_property_manager,'
            ' rd_owner_admin, rd_owner_viewer',
            string_agg(quote_ident(attname), ', ' ORDER BY attnum)
        )
        FROM pg_attribute
        WHERE attrelid = 'public.proof'::regclass AND attnum > 0 AND NOT attisdropped
          AND attname <> 'similarity_check'
    );
END
$$;

-- A staff admin manages grants directly, but only the ones the account functions would make:
-- a company-side person's properties of their own company, owners only to owner-level people.
CREATE POLICY same_company_insert ON users_properties AS RESTRICTIVE FOR INSERT TO rd_admin
    WITH CHECK (EXISTS (
        SELECT FROM users AS u JOIN properties AS p ON p.company_id = u.company_id
        WHERE u.id = user_id AND p.id = property_id
    ));
CREATE POLICY same_company_update ON users_properties AS RESTRICTIVE FOR UPDATE TO rd_admin
    USING (true)
    WITH CHECK (EXISTS (
        SELECT FROM users AS u JOIN properties AS p ON p.company_id = u.company_id
        WHERE u.id = user_id AND p.id = property_id
    ));
CREATE POLICY owner_level_insert ON users_owners AS RESTRICTIVE FOR INSERT TO rd_admin
    WITH CHECK (EXISTS (
        SELECT FROM users AS u WHERE u.id = user_id AND u.role IN ('owner_admin', 'owner_viewer')
    ));

-- Report output is as private as its report row: staff read a document blob that is not a
-- report's, or that belongs to a report they can see (their own; every report for admins).
CREATE FUNCTION rd_report_blob_ids()
RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(array_agg(document_blob_id), '{}') FROM analytics_reports WHERE document_blob_id IS NOT NULL
$$;
REVOKE ALL ON FUNCTION rd_report_blob_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_report_blob_ids() TO rd_staff;

DROP POLICY staff_read ON document_blobs;
CREATE POLICY staff_read ON document_blobs FOR SELECT TO rd_staff
    USING (
        (SELECT rd_is_staff())
        AND (
            id <> ALL ((SELECT rd_report_blob_ids())::uuid[])
            OR id IN (SELECT document_blob_id FROM analytics_reports)
        )
    );
