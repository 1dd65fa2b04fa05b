"""Shared office server: who may see which persons, and an audit the clients cannot forge (issue 21)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:30:00

PostgreSQL only; a SQLite file has one user and stays as it was. The roles themselves (owner, coordinators per
Sozialregion, Geschäftsstelle, read-only) are made by `sozialkoordination server einrichten` (db/server_roles.py);
this revision gives the tables the rules those roles meet:

- Row-level security: persons and volunteers (and what is theirs: affiliations, consents, invitations, themes,
  memberships, relationships, availability, interests, placements) are visible and changeable for members of the
  role of their Sozialregion (sozk_region_<kürzel>) and for the Geschäftsstelle and read-only roles; persons
  without a Sozialraum for all. Organisations, meetings and everything else stay readable district-wide. The
  owner of the tables (who migrates) and superusers are not bound by the policies (PostgreSQL's rule), so a
  database set up with one owning login, as the README described before, works as before.
- The change history names the server's login (session_user), stamped by a trigger for every login that is not
  the owner; an entry can only lose text (erasure: values set to NULL or a name replaced), never be rewritten.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ERASED_NAME = "(Name gelöscht)"  # privacy/service.py writes it where an erased person was named


def visible_area(column: str) -> str:
    """The rule for a row with a Sozialraum: district-wide roles, the Sozialregion's role, or no Sozialraum."""
    # The scalar subqueries run once per statement, not once per row (100,000 persons).
    mine = "CAST((SELECT sozk_region_raeume(current_user)) AS integer[])"
    return f"((SELECT sozk_sees_all(current_user)) OR {column} IS NULL OR {column} = ANY ({mine}))"


def _exists(table: str, column: str, owner: str) -> str:
    return f"EXISTS (SELECT 1 FROM {table} t WHERE t.id = {owner}.{column})"


# table → rule; the subqueries on person and volunteer are themselves bound by those tables' policies.
POLICIES = {
    "person": visible_area("sozialraum_id"),
    "volunteer": f"{visible_area('sozialraum_id')} AND {_exists('person', 'person_id', 'volunteer')}",
    "affiliation": _exists("person", "person_id", "affiliation"),
    "consent": _exists("person", "person_id", "consent"),
    "invitation": _exists("person", "person_id", "invitation"),
    "person_theme": _exists("person", "person_id", "person_theme"),
    "network_membership": f"(person_id IS NULL OR {_exists('person', 'person_id', 'network_membership')})",
    "relationship": (
        f"(source_person_id IS NULL OR {_exists('person', 'source_person_id', 'relationship')}) AND "
        f"(target_person_id IS NULL OR {_exists('person', 'target_person_id', 'relationship')})"
    ),
    "volunteer_availability": _exists("volunteer", "volunteer_id", "volunteer_availability"),
    "volunteer_interest": _exists("volunteer", "volunteer_id", "volunteer_interest"),
    "placement": _exists("volunteer", "volunteer_id", "placement"),
}

FUNCTIONS = [
    # Members of these roles see every Sozialregion (the read-only role can still change nothing: no grants).
    """CREATE OR REPLACE FUNCTION sozk_sees_all(who name) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname IN ('sozk_geschaeftsstelle', 'sozk_lesen')
                       AND pg_has_role(who, r.oid, 'MEMBER'))
    $$""",
    # The Sozialräume of the Sozialregionen whose role (sozk_region_ + code, e.g. sozk_region_sr_a) the user has.
    """CREATE OR REPLACE FUNCTION sozk_region_raeume(who name) RETURNS integer[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(s.id), '{}') FROM sozialraum s
        JOIN sozialregion g ON g.id = s.sozialregion_id
        JOIN pg_roles r ON r.rolname = 'sozk_region_' || lower(regexp_replace(g.code, '[^A-Za-z0-9]+', '_', 'g'))
        WHERE pg_has_role(who, r.oid, 'MEMBER')
    $$""",
    # The read-only role (sozk_lesen) writes nothing but the settings of its own workstation (see SETTINGS).
    """CREATE OR REPLACE FUNCTION sozk_reads_only() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'sozk_lesen'
                       AND pg_has_role(current_user, r.oid, 'MEMBER'))
           AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'sozk_koordination'
                           AND pg_has_role(current_user, r.oid, 'MEMBER'))
    $$""",
    # Whether a person still exists, seen past the policies: the history of a deleted person is not hidden.
    """CREATE OR REPLACE FUNCTION sozk_gone(entity text, entity_id integer) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT CASE entity WHEN 'person' THEN NOT EXISTS (SELECT 1 FROM person WHERE id = entity_id)
                           WHEN 'volunteer' THEN NOT EXISTS (SELECT 1 FROM volunteer WHERE id = entity_id)
                           ELSE true END
    $$""",
    # The login that owns the tables (IT, migrations) or a superuser: not stamped, not limited.
    """CREATE OR REPLACE FUNCTION sozk_is_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
            OR pg_has_role(session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'audit_entry'::regclass),
                           'MEMBER')
    $$""",
    # The trigram index answers LIKE '%wort%' on the search texts in milliseconds, but under row-level security the
    # planner may not use it (LIKE is not "leakproof"): it would read every person. This function searches as the
    # owner, through the index, and keeps the persons the login may see (the rule of the policy, for the login:
    # session_user); the caller's query on person is bound by the policy again (db/search_index.py).
    """CREATE OR REPLACE FUNCTION sozk_person_search(patterns text[], most integer) RETURNS SETOF integer
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        everything boolean := sozk_is_owner() OR sozk_sees_all(session_user);
        mine integer[] := sozk_region_raeume(session_user);
        condition text := '';
        pattern text;
    BEGIN
        FOREACH pattern IN ARRAY patterns LOOP
            condition := condition || format(' AND search_text LIKE %L ESCAPE ''/''', pattern);
        END LOOP;
        RETURN QUERY EXECUTE 'SELECT id FROM person WHERE ($1 OR sozialraum_id IS NULL OR sozialraum_id = ANY ($2))'
            || condition || ' LIMIT ' || coalesce(most, 2147483647) USING everything, mine;
    END $$""",
    """CREATE OR REPLACE FUNCTION sozk_audit_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT sozk_is_owner() THEN
            NEW.user_name := session_user;
            NEW.changed_at := timezone('utc', now());
        END IF;
        RETURN NEW;
    END $$""",
    # True if `after` is `before` with parts removed or replaced by the erasure mark (or NULL).
    f"""CREATE OR REPLACE FUNCTION sozk_only_removes(before text, after text) RETURNS boolean LANGUAGE plpgsql
        IMMUTABLE AS $$
    DECLARE
        piece text;
        rest text := before;
        at integer;
    BEGIN
        IF after IS NULL OR after IS NOT DISTINCT FROM before THEN RETURN true; END IF;
        IF before IS NULL THEN RETURN false; END IF;
        FOREACH piece IN ARRAY string_to_array(after, '{ERASED_NAME}') LOOP
            IF piece <> '' THEN
                at := strpos(rest, piece);
                IF at = 0 THEN RETURN false; END IF;
                rest := substr(rest, at + length(piece));
            END IF;
        END LOOP;
        RETURN true;
    END $$""",
    """CREATE OR REPLACE FUNCTION sozk_audit_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF sozk_is_owner() THEN RETURN NEW; END IF;
        IF (NEW.id, NEW.changed_at, NEW.user_name, NEW.entity, NEW.entity_id, NEW.entity_uuid, NEW.action, NEW.field)
           IS DISTINCT FROM
           (OLD.id, OLD.changed_at, OLD.user_name, OLD.entity, OLD.entity_id, OLD.entity_uuid, OLD.action, OLD.field)
           OR NOT sozk_only_removes(OLD.old_value, NEW.old_value)
           OR NOT sozk_only_removes(OLD.new_value, NEW.new_value) THEN
            RAISE EXCEPTION 'permission denied: the change history can only lose values (erasure)'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$""",
]

AUDIT = [
    "CREATE TRIGGER sozk_audit_stamp BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION sozk_audit_stamp()",
    "CREATE TRIGGER sozk_audit_redact_only BEFORE UPDATE ON audit_entry FOR EACH ROW "
    "EXECUTE FUNCTION sozk_audit_redact_only()",
    "ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY",
    # What was changed in a person's or volunteer's record is theirs: visible as the record is (or once it is gone).
    "CREATE POLICY sozk_read ON audit_entry FOR SELECT USING ("
    "(SELECT sozk_sees_all(current_user)) OR entity NOT IN ('person', 'volunteer') "
    "OR (entity = 'person' AND EXISTS (SELECT 1 FROM person p WHERE p.id = audit_entry.entity_id)) "
    "OR (entity = 'volunteer' AND EXISTS (SELECT 1 FROM volunteer v WHERE v.id = audit_entry.entity_id)) "
    "OR sozk_gone(entity, entity_id))",
    "CREATE POLICY sozk_write ON audit_entry FOR INSERT WITH CHECK (true)",
    "CREATE POLICY sozk_redact ON audit_entry FOR UPDATE USING (true) WITH CHECK (true)",
]


# Settings: readable by all; a read-only login may write only the keys of a workstation (name@login@computer:
# its profile and form drafts), not the office's settings (retention period, small numbers, exchange keys).
WORKSTATION_KEY = "((SELECT NOT sozk_reads_only()) OR key LIKE '%@%')"
SETTINGS = [
    "ALTER TABLE setting ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY sozk_read ON setting FOR SELECT USING (true)",
    f"CREATE POLICY sozk_insert ON setting FOR INSERT WITH CHECK {WORKSTATION_KEY}",
    # USING (true): an office setting the reader tries to change is refused loudly, not skipped silently.
    f"CREATE POLICY sozk_update ON setting FOR UPDATE USING (true) WITH CHECK {WORKSTATION_KEY}",
    f"CREATE POLICY sozk_delete ON setting FOR DELETE USING {WORKSTATION_KEY}",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in FUNCTIONS:
        op.execute(statement)
    for table, rule in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY sozk_region ON {table} USING ({rule}) WITH CHECK ({rule})")
    for statement in AUDIT + SETTINGS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("sozk_read", "sozk_write", "sozk_redact"):
        op.execute(f"DROP POLICY IF EXISTS {name} ON audit_entry")
    op.execute("ALTER TABLE audit_entry DISABLE ROW LEVEL SECURITY")
    for name in ("sozk_read", "sozk_insert", "sozk_update", "sozk_delete"):
        op.execute(f"DROP POLICY IF EXISTS {name} ON setting")
    op.execute("ALTER TABLE setting DISABLE ROW LEVEL SECURITY")
    op.execute("DROP TRIGGER IF EXISTS sozk_audit_stamp ON audit_entry")
    op.execute("DROP TRIGGER IF EXISTS sozk_audit_redact_only ON audit_entry")
    for table in POLICIES:
        op.execute(f"DROP POLICY IF EXISTS sozk_region ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    functions = (
        "sozk_audit_redact_only()",
        "sozk_only_removes(text, text)",
        "sozk_audit_stamp()",
        "sozk_is_owner()",
        "sozk_gone(text, integer)",
        "sozk_person_search(text[], integer)",
        "sozk_region_raeume(name)",
        "sozk_sees_all(name)",
        "sozk_reads_only()",
    )
    for function in functions:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
