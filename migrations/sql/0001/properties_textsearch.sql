-- ``properties.textsearchable_index_col`` (spec 001) is derived, never written by clients:
-- the ``simple`` configuration, because names, short ids and addresses are not prose.
CREATE FUNCTION properties_textsearch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.textsearchable_index_col := to_tsvector(
        'simple',
        concat_ws(' ', NEW.name, NEW.entity_name, NEW.short_id, NEW.pmc_name,
                  NEW.address, NEW.city, NEW.state, NEW.zip)
    );
    RETURN NEW;
END
$$;

CREATE TRIGGER properties_textsearch BEFORE INSERT OR UPDATE ON properties
    FOR EACH ROW EXECUTE FUNCTION properties_textsearch();
