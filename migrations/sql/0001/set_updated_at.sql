-- Every table with an ``updated_at`` column gets a BEFORE UPDATE trigger ``set_updated_at``
-- calling this (created per table by the revision, after the tables).
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := (now() AT TIME ZONE 'utc');
    RETURN NEW;
END
$$;
