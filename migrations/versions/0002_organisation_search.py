"""Organisation search: a full-text index over names, other names, summary and tags, kept in step
by triggers, plus a trigram index on names for typo tolerance.

SQLite: two FTS5 tables keyed by organisation id (rowid):
  organisation_search          unicode61 words (bm25 ranking, prefix queries) over name, other names,
                               summary and tags;
  organisation_search_trigram  trigram tokens over name and other names (candidates for typo matches).
  They hold their own copy of the text rather than being external-content tables: the indexed text
  is aggregated from three tables (aliases and tags live apart), and an external-content FTS5 table
  can only delete a row when given exactly the old values, which an AFTER trigger on an alias or tag
  row can no longer compute. Deleting by rowid from a table with its own content is always exact.

PostgreSQL: a table search.organisation_documents (one row per organisation: the names text and a
weighted tsvector, GIN-indexed) and search.organisation_words (the words of names, with a pg_trgm
index: the dictionary typos are corrected against), refreshed by triggers. They live in their own
schema so that autogenerate (which compares the default schema only) never sees them.

Triggers on organisations, organisation_aliases, organisation_tags and tags refresh the affected
organisations' rows, whatever writes them (the ORM, bulk Core inserts, psql). Note for later
migrations on SQLite: a batch ("move and copy") migration of one of those four tables drops its
triggers with the old table; re-run the trigger DDL of this revision afterwards.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# ---------------------------------------------------------------------------------------------
# SQLite
# ---------------------------------------------------------------------------------------------

SQLITE_TABLES = ("organisation_search", "organisation_search_trigram")


def _sqlite_refresh_statements(ids: str) -> list[str]:
    """Statements that rebuild both FTS rows of the organisations in `ids`, a SQL expression giving
    a set of organisation ids, e.g. "(NEW.organisation_id)"."""
    aliases = (
        "coalesce((SELECT group_concat(a.name, ' ; ') FROM "
        "(SELECT name FROM organisation_aliases WHERE organisation_id = o.id ORDER BY name, id) AS a), '')"
    )
    tags = (
        "coalesce((SELECT group_concat(t.name, ' ; ') FROM "
        "(SELECT tags.name FROM organisation_tags JOIN tags ON tags.id = organisation_tags.tag_id "
        "WHERE organisation_tags.organisation_id = o.id ORDER BY tags.name) AS t), '')"
    )
    # ids and the subqueries are fixed SQL written here, never user input.
    return [
        f"DELETE FROM organisation_search WHERE rowid IN {ids}",  # noqa: S608
        "INSERT INTO organisation_search (rowid, name, other_names, summary, tags)"  # noqa: S608
        f" SELECT o.id, o.name, {aliases}, o.summary, {tags} FROM organisations AS o WHERE o.id IN {ids}",
        f"DELETE FROM organisation_search_trigram WHERE rowid IN {ids}",  # noqa: S608
        "INSERT INTO organisation_search_trigram (rowid, names)"  # noqa: S608
        f" SELECT o.id, o.name || ' ; ' || {aliases} FROM organisations AS o WHERE o.id IN {ids}",
    ]


def _sqlite_refresh(ids: str) -> str:
    """The same statements as a trigger body."""
    return "".join(f"{statement}; " for statement in _sqlite_refresh_statements(ids))


SQLITE_TRIGGERS = {
    "organisation_search_after_insert": (
        "AFTER INSERT ON organisations",
        _sqlite_refresh("(NEW.id)"),
    ),
    "organisation_search_after_update": (
        "AFTER UPDATE OF name, summary ON organisations FOR EACH ROW"
        " WHEN OLD.name IS NOT NEW.name OR OLD.summary IS NOT NEW.summary",
        _sqlite_refresh("(NEW.id)"),
    ),
    "organisation_search_after_delete": (
        "AFTER DELETE ON organisations",
        "DELETE FROM organisation_search WHERE rowid = OLD.id;"
        " DELETE FROM organisation_search_trigram WHERE rowid = OLD.id;",
    ),
    "organisation_search_alias_insert": (
        "AFTER INSERT ON organisation_aliases",
        _sqlite_refresh("(NEW.organisation_id)"),
    ),
    "organisation_search_alias_update": (
        "AFTER UPDATE ON organisation_aliases",
        _sqlite_refresh("(OLD.organisation_id, NEW.organisation_id)"),
    ),
    "organisation_search_alias_delete": (
        "AFTER DELETE ON organisation_aliases",
        _sqlite_refresh("(OLD.organisation_id)"),
    ),
    "organisation_search_tag_link_insert": (
        "AFTER INSERT ON organisation_tags",
        _sqlite_refresh("(NEW.organisation_id)"),
    ),
    "organisation_search_tag_link_update": (
        "AFTER UPDATE ON organisation_tags",
        _sqlite_refresh("(OLD.organisation_id, NEW.organisation_id)"),
    ),
    "organisation_search_tag_link_delete": (
        "AFTER DELETE ON organisation_tags",
        _sqlite_refresh("(OLD.organisation_id)"),
    ),
    "organisation_search_tag_rename": (
        "AFTER UPDATE OF name ON tags FOR EACH ROW WHEN OLD.name IS NOT NEW.name",
        _sqlite_refresh("(SELECT organisation_id FROM organisation_tags WHERE tag_id = NEW.id)"),
    ),
}


def _upgrade_sqlite() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE organisation_search USING fts5("
        "name, other_names, summary, tags, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute("CREATE VIRTUAL TABLE organisation_search_trigram USING fts5(names, tokenize = 'trigram')")
    for name, (when, body) in SQLITE_TRIGGERS.items():
        for_each_row = "" if "FOR EACH ROW" in when else " FOR EACH ROW"
        op.execute(f"CREATE TRIGGER {name} {when}{for_each_row} BEGIN {body} END")
    # Index the organisations that already exist.
    for statement in _sqlite_refresh_statements("(SELECT id FROM organisations)"):
        op.execute(statement)


def _downgrade_sqlite() -> None:
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in SQLITE_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")


# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

POSTGRES_UPGRADE = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA IF NOT EXISTS search;

CREATE TABLE search.organisation_documents (
    organisation_id integer PRIMARY KEY REFERENCES public.organisations (id) ON DELETE CASCADE,
    names text NOT NULL,
    document tsvector NOT NULL
);
CREATE INDEX organisation_documents_document_idx ON search.organisation_documents USING gin (document);

-- Every word of four letters or more ever used in a name or other name: the dictionary that typos
-- are corrected against (pg_trgm similarity on short single words is fast and indexable). Words are
-- only added: a word no longer in use finds nothing when searched, which is harmless.
CREATE TABLE search.organisation_words (word text PRIMARY KEY);
CREATE INDEX organisation_words_word_trgm_idx ON search.organisation_words USING gin (word gin_trgm_ops);

-- Rebuild the search rows of some organisations: names A, other names B, tags C, summary D.
-- 'simple' configuration: names are not words of English, so no stemming and no stop words.
CREATE FUNCTION search.refresh_organisation_documents(ids integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search.organisation_documents WHERE organisation_id = ANY (ids);
    INSERT INTO search.organisation_documents (organisation_id, names, document)
    SELECT o.id,
           o.name || ' ; ' || coalesce(a.names, ''),
           setweight(to_tsvector('simple', o.name), 'A')
           || setweight(to_tsvector('simple', coalesce(a.names, '')), 'B')
           || setweight(to_tsvector('simple', coalesce(t.names, '')), 'C')
           || setweight(to_tsvector('simple', o.summary), 'D')
    FROM public.organisations AS o
    LEFT JOIN LATERAL (
        SELECT string_agg(name, ' ; ' ORDER BY name, id) AS names
        FROM public.organisation_aliases WHERE organisation_id = o.id
    ) AS a ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(tags.name, ' ; ' ORDER BY tags.name) AS names
        FROM public.organisation_tags JOIN public.tags ON tags.id = organisation_tags.tag_id
        WHERE organisation_tags.organisation_id = o.id
    ) AS t ON true
    WHERE o.id = ANY (ids);
    INSERT INTO search.organisation_words (word)
    SELECT DISTINCT word
    FROM search.organisation_documents,
         regexp_split_to_table(lower(names), '[\W_]+') AS word
    WHERE organisation_id = ANY (ids) AND length(word) >= 4
    ON CONFLICT (word) DO NOTHING;
END $$;

-- Statement-level triggers with transition tables: a bulk INSERT of thousands of rows refreshes
-- them in one set-based call instead of one call a row.
CREATE FUNCTION search.organisations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search.refresh_organisation_documents(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END $$;

CREATE FUNCTION search.organisation_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search.refresh_organisation_documents(ARRAY[NEW.id]);
    RETURN NULL;
END $$;

-- Aliases and tag links: the organisations before and after the change.
CREATE FUNCTION search.organisation_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM search.refresh_organisation_documents(ARRAY(SELECT DISTINCT organisation_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM search.refresh_organisation_documents(ARRAY(SELECT DISTINCT organisation_id FROM old_rows));
    ELSE
        PERFORM search.refresh_organisation_documents(ARRAY(
            SELECT organisation_id FROM old_rows UNION SELECT organisation_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION search.tag_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search.refresh_organisation_documents(
        ARRAY(SELECT organisation_id FROM public.organisation_tags WHERE tag_id = NEW.id));
    RETURN NULL;
END $$;

CREATE TRIGGER organisation_search_insert
    AFTER INSERT ON public.organisations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisations_inserted();
-- Column lists and transition tables do not mix: updates (one organisation at a time) go row by row.
CREATE TRIGGER organisation_search_update
    AFTER UPDATE OF name, summary ON public.organisations
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.summary IS DISTINCT FROM NEW.summary)
    EXECUTE FUNCTION search.organisation_renamed();
-- Deleted organisations leave the index through the foreign key's ON DELETE CASCADE.
CREATE TRIGGER organisation_search_insert
    AFTER INSERT ON public.organisation_aliases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisation_links_changed();
CREATE TRIGGER organisation_search_update
    AFTER UPDATE ON public.organisation_aliases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisation_links_changed();
CREATE TRIGGER organisation_search_delete
    AFTER DELETE ON public.organisation_aliases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisation_links_changed();
CREATE TRIGGER organisation_search_insert
    AFTER INSERT ON public.organisation_tags REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisation_links_changed();
CREATE TRIGGER organisation_search_update
    AFTER UPDATE ON public.organisation_tags REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisation_links_changed();
CREATE TRIGGER organisation_search_delete
    AFTER DELETE ON public.organisation_tags REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.organisation_links_changed();
CREATE TRIGGER organisation_search_update
    AFTER UPDATE OF name ON public.tags
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION search.tag_renamed();

SELECT search.refresh_organisation_documents(ARRAY(SELECT id FROM public.organisations));
"""

POSTGRES_TRIGGERS = {
    "public.organisations": ("organisation_search_insert", "organisation_search_update"),
    "public.organisation_aliases": (
        "organisation_search_insert",
        "organisation_search_update",
        "organisation_search_delete",
    ),
    "public.organisation_tags": (
        "organisation_search_insert",
        "organisation_search_update",
        "organisation_search_delete",
    ),
    "public.tags": ("organisation_search_update",),
}


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _upgrade_sqlite()
    elif dialect == "postgresql":
        op.execute(POSTGRES_UPGRADE)
    else:
        raise NotImplementedError(f"Organisation search supports SQLite and PostgreSQL, not {dialect}")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _downgrade_sqlite()
    elif dialect == "postgresql":
        for table, triggers in POSTGRES_TRIGGERS.items():
            for trigger in triggers:
                op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        # pg_trgm stays: other features may use it, and dropping an extension needs more rights.
        op.execute("DROP SCHEMA IF EXISTS search CASCADE")
