package dev.airlock.sandbox.catalog.read;

/**
 * The catalog queries, one per kind of object, each returning every object of that kind at once
 * (a snapshot is a few dozen round trips whatever the schema's size). Objects are keyed by OID
 * here only to assemble the snapshot; no OID reaches the model. Deparsing is left to PostgreSQL
 * ({@code pg_get_*def}, {@code format_type}) under {@code search_path = ''}, as pg_dump does, so
 * every name outside pg_catalog comes out schema-qualified.
 */
final class CatalogQueries {
    /** Where a reader puts the schemas its {@link ServerView} hides. */
    static final String HIDDEN_SCHEMAS = "/* hidden schemas */";

    /** Namespaces that hold user objects. */
    static final String USER_NAMESPACES = """
            (SELECT oid FROM pg_catalog.pg_namespace
              WHERE nspname NOT IN ('pg_catalog', 'information_schema' /* hidden schemas */)
                AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%')""";

    static final String ROLES = """
            SELECT r.oid, r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
                   r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil::text,
                   pg_catalog.shobj_description(r.oid, 'pg_authid')
              FROM pg_catalog.pg_roles r""";

    static final String MEMBERSHIPS = """
            SELECT roleid, member, admin_option FROM pg_catalog.pg_auth_members""";

    /** Extension members; an 'e' dependency always points at pg_extension, which lets the reference index find them. */
    static final String EXTENSION_MEMBERS = """
            SELECT classid::regclass::text, objid FROM pg_catalog.pg_depend
             WHERE refclassid = 'pg_catalog.pg_extension'::regclass AND deptype = 'e'""";

    /**
     * Comments on objects a snapshot can hold. Every object initdb makes (below FirstNormalObjectId,
     * 16384) lives in pg_catalog or information_schema, which a snapshot leaves out, except the
     * public schema; their thousands of built-in comments are not fetched.
     */
    static final String COMMENTS = """
            SELECT classoid::regclass::text, objoid, objsubid, description FROM pg_catalog.pg_description
             WHERE objoid >= 16384 OR classoid = 'pg_catalog.pg_namespace'::regclass""";

    /**
     * An ACL column exploded by aclexplode into "grantee-oid privilege grantable" items (see
     * {@link ReadContext#addAcl}); NULL when the column is NULL. Used inside the query of each kind
     * of object, so no catalog is scanned twice for its ACLs.
     */
    private static String exploded(String aclColumn) {
        return "CASE WHEN " + aclColumn + " IS NOT NULL THEN ARRAY(SELECT a.grantee::text || ' ' || a.privilege_type"
                + " || ' ' || a.is_grantable::text FROM pg_catalog.aclexplode(" + aclColumn + ") a) END";
    }

    /** ACLs of schemas, routines and default privileges (relations, columns and types carry theirs in their own rows). */
    static final String ACLS = """
            SELECT 'pg_namespace', n.oid, 0, a.grantee, a.privilege_type, a.is_grantable
              FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
            UNION ALL
            SELECT 'pg_proc', p.oid, 0, a.grantee, a.privilege_type, a.is_grantable
              FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
             WHERE p.pronamespace IN %1$s
            UNION ALL
            SELECT 'pg_default_acl', d.oid, 0, a.grantee, a.privilege_type, a.is_grantable
              FROM pg_catalog.pg_default_acl d, pg_catalog.aclexplode(d.defaclacl) a""".formatted(USER_NAMESPACES);

    static final String NAMESPACES = """
            SELECT n.oid, n.nspname, n.nspowner, n.nspacl IS NULL FROM pg_catalog.pg_namespace n
             WHERE n.oid IN %s""".formatted(USER_NAMESPACES);

    static final String EXTENSIONS = """
            SELECT e.extname, n.nspname, e.extversion
              FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace""";

    static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relowner, c.relpersistence, c.relacl IS NULL,
                   c.relrowsecurity, c.relforcerowsecurity,
                   CASE c.relreplident WHEN 'd' THEN 'DEFAULT' WHEN 'n' THEN 'NOTHING' WHEN 'f' THEN 'FULL'
                        ELSE 'USING INDEX ' || (SELECT pg_catalog.quote_ident(ic.relname) FROM pg_catalog.pg_index i
                                                  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                                                 WHERE i.indrelid = c.oid AND i.indisreplident) END,
                   c.reloptions, c.relispopulated,
                   CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
                   CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
                   c.relispartition, %s
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c') AND c.relnamespace IN %s"""
            .formatted(exploded("c.relacl"), USER_NAMESPACES);

    static final String INHERITANCE = """
            SELECT i.inhrelid, i.inhparent, i.inhseqno FROM pg_catalog.pg_inherits i ORDER BY i.inhrelid, i.inhseqno""";

    /**
     * Columns, in no particular order (the reader puts them in table order: sorting here spilled
     * to disk on large schemas). A default cannot refer to columns, so it is deparsed without its
     * table as context (opening each table for that made this the slowest query by ten times);
     * a generated column's expression does refer to columns and gets its table.
     */
    static final String COLUMNS = """
            SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_catalog.pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END),
                   a.attidentity, a.attgenerated,
                   CASE WHEN a.attcollation <> t.typcollation
                        THEN pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,
                   %s
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'c')
               AND c.relnamespace IN %s""".formatted(exploded("a.attacl"), USER_NAMESPACES);

    /**
     * Constraints, less the per-partition copies PostgreSQL derives on the referencing table when a
     * foreign key points at a partitioned table (they follow from the key and pg_dump omits them too).
     */
    static final String CONSTRAINTS = """
            SELECT con.oid, con.conrelid, con.contypid, con.conname, con.contype,
                   pg_catalog.pg_get_constraintdef(con.oid), con.convalidated
              FROM pg_catalog.pg_constraint con
             WHERE con.connamespace IN %s AND con.contype <> 't'
               AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint p
                                WHERE p.oid = con.conparentid AND p.conrelid = con.conrelid)""".formatted(USER_NAMESPACES);

    /** Indexes; one that backs a key or exclusion constraint has no definition of its own (the constraint's). */
    static final String INDEXES = """
            SELECT i.indexrelid, i.indrelid, ic.relname,
                   CASE WHEN con.conname IS NULL THEN pg_catalog.pg_get_indexdef(i.indexrelid) END, i.indisvalid,
                   con.conname
              FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              LEFT JOIN pg_catalog.pg_constraint con
                     ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
             WHERE ic.relnamespace IN %s""".formatted(USER_NAMESPACES);

    static final String TRIGGERS = """
            SELECT t.oid, t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled
              FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal""";

    static final String RULES = """
            SELECT r.oid, r.ev_class, r.rulename, pg_catalog.pg_get_ruledef(r.oid)
              FROM pg_catalog.pg_rewrite r WHERE r.rulename <> '_RETURN'""";

    static final String POLICIES = """
            SELECT p.oid, p.polrelid, p.polname, p.polcmd, p.polpermissive,
                   ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r)::text END
                           FROM pg_catalog.unnest(p.polroles) r),
                   pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
              FROM pg_catalog.pg_policy p""";

    static final String TYPES = """
            SELECT t.oid, n.nspname, t.typname, t.typtype, t.typowner, t.typrelid, t.typacl IS NULL,
                   pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                   pg_catalog.pg_get_expr(t.typdefaultbin, 0),
                   CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                        THEN pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,
                   %s
              FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
              LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
              LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             WHERE t.typnamespace IN %s
               AND (t.typtype IN ('e', 'd', 'r')
                    OR (t.typtype = 'c' AND t.typrelid IN (SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relkind = 'c')))"""
            .formatted(exploded("t.typacl"), USER_NAMESPACES);

    static final String ENUM_LABELS = """
            SELECT e.enumtypid, e.enumlabel FROM pg_catalog.pg_enum e ORDER BY e.enumtypid, e.enumsortorder""";

    static final String RANGES = """
            SELECT r.rngtypid, pg_catalog.format_type(r.rngsubtype, NULL),
                   CASE WHEN NOT opc.opcdefault
                        THEN pg_catalog.quote_ident(on_.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END,
                   CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
                        THEN pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,
                   NULLIF(r.rngcanonical, 0)::regproc::text, NULLIF(r.rngsubdiff, 0)::regproc::text,
                   pg_catalog.format_type(r.rngmultitypid, NULL)
              FROM pg_catalog.pg_range r
              JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
              JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
              JOIN pg_catalog.pg_namespace on_ ON on_.oid = opc.opcnamespace
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = r.rngcollation
              LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace""";

    /**
     * Sequences with the column that owns them ("a schema.table.column", OWNED BY). Identity
     * sequences (an internal dependency on their column, which PostgreSQL never combines with OWNED
     * BY) belong to their column and are left out here, before their owner is looked up.
     */
    static final String SEQUENCES = """
            SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
                   s.seqmax, s.seqcache, s.seqcycle,
                   (SELECT d.deptype::text || ' ' || pg_catalog.quote_ident(tn.nspname) || '.'
                           || pg_catalog.quote_ident(tc.relname) || '.' || pg_catalog.quote_ident(ta.attname)
                      FROM pg_catalog.pg_depend d
                      JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
                      JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
                      JOIN pg_catalog.pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.seqrelid
                       AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
                     LIMIT 1)
              FROM pg_catalog.pg_sequence s
             WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.seqrelid
                                  AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'i')""";

    static final String ROUTINES = """
            SELECT p.oid, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind,
                   p.proowner, l.lanname, p.prosecdef, p.proconfig, p.proacl IS NULL,
                   CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,
                   pg_catalog.pg_get_function_arguments(p.oid), p.proparallel
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_catalog.pg_language l ON l.oid = p.prolang
             WHERE p.pronamespace IN %s""".formatted(USER_NAMESPACES);

    static final String AGGREGATES = """
            SELECT a.aggfnoid::oid, a.aggkind, a.aggtransfn::regproc::text, pg_catalog.format_type(a.aggtranstype, NULL),
                   a.aggtransspace, NULLIF(a.aggfinalfn, 0)::regproc::text, a.aggfinalextra, a.aggfinalmodify,
                   NULLIF(a.aggcombinefn, 0)::regproc::text, NULLIF(a.aggserialfn, 0)::regproc::text,
                   NULLIF(a.aggdeserialfn, 0)::regproc::text, a.agginitval,
                   NULLIF(a.aggmtransfn, 0)::regproc::text, NULLIF(a.aggminvtransfn, 0)::regproc::text,
                   CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END,
                   a.aggmtransspace, NULLIF(a.aggmfinalfn, 0)::regproc::text, a.aggmfinalextra, a.aggmfinalmodify,
                   a.aggminitval, NULLIF(a.aggsortop, 0)::regoper::text
              FROM pg_catalog.pg_aggregate a""";

    static final String OPERATORS = """
            SELECT o.oid, n.nspname, o.oprname, o.oprowner,
                   CASE WHEN o.oprleft <> 0 THEN pg_catalog.format_type(o.oprleft, NULL) END,
                   CASE WHEN o.oprright <> 0 THEN pg_catalog.format_type(o.oprright, NULL) END,
                   o.oprcode::regproc::text, NULLIF(o.oprcom, 0)::regoper::text, NULLIF(o.oprnegate, 0)::regoper::text,
                   NULLIF(o.oprrest, 0)::regproc::text, NULLIF(o.oprjoin, 0)::regproc::text, o.oprcanhash, o.oprcanmerge
              FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
             WHERE o.oprnamespace IN %s""".formatted(USER_NAMESPACES);

    static final String DEFAULT_PRIVILEGES = """
            SELECT d.oid, d.defaclrole, n.nspname, d.defaclobjtype
              FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace""";

    /**
     * Objects of kinds the model does not cover, named by pg_identify_object; those internal to
     * another object (the casts a range type makes for its multirange) come with their owner. User
     * mappings are read through the pg_user_mappings view: the catalog itself is superuser-only.
     */
    static final String UNMODELED = """
            SELECT x.catalog::regclass::text, x.objid, o.type, o.identity
              FROM (SELECT 'pg_catalog.pg_collation'::regclass AS catalog, oid AS objid FROM pg_catalog.pg_collation
                     WHERE collnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_cast'::regclass, oid FROM pg_catalog.pg_cast WHERE oid >= 16384
                    UNION ALL SELECT 'pg_catalog.pg_conversion'::regclass, oid FROM pg_catalog.pg_conversion
                     WHERE connamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_ts_config'::regclass, oid FROM pg_catalog.pg_ts_config
                     WHERE cfgnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_ts_dict'::regclass, oid FROM pg_catalog.pg_ts_dict
                     WHERE dictnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_ts_parser'::regclass, oid FROM pg_catalog.pg_ts_parser
                     WHERE prsnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_ts_template'::regclass, oid FROM pg_catalog.pg_ts_template
                     WHERE tmplnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::regclass, oid FROM pg_catalog.pg_statistic_ext
                     WHERE stxnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_opclass'::regclass, oid FROM pg_catalog.pg_opclass
                     WHERE opcnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_opfamily'::regclass, oid FROM pg_catalog.pg_opfamily
                     WHERE opfnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_event_trigger'::regclass, oid FROM pg_catalog.pg_event_trigger
                    UNION ALL SELECT 'pg_catalog.pg_publication'::regclass, oid FROM pg_catalog.pg_publication
                    UNION ALL SELECT 'pg_catalog.pg_foreign_data_wrapper'::regclass, oid
                      FROM pg_catalog.pg_foreign_data_wrapper
                    UNION ALL SELECT 'pg_catalog.pg_foreign_server'::regclass, oid FROM pg_catalog.pg_foreign_server
                    UNION ALL SELECT 'pg_catalog.pg_user_mapping'::regclass, umid FROM pg_catalog.pg_user_mappings
                    UNION ALL SELECT 'pg_catalog.pg_transform'::regclass, oid FROM pg_catalog.pg_transform
                    UNION ALL SELECT 'pg_catalog.pg_am'::regclass, oid FROM pg_catalog.pg_am WHERE oid >= 16384
                    UNION ALL SELECT 'pg_catalog.pg_language'::regclass, oid FROM pg_catalog.pg_language
                     WHERE oid >= 16384
                    UNION ALL SELECT 'pg_catalog.pg_class'::regclass, oid FROM pg_catalog.pg_class
                     WHERE relkind = 'f' AND relnamespace IN %1$s
                    UNION ALL SELECT 'pg_catalog.pg_type'::regclass, oid FROM pg_catalog.pg_type
                     WHERE typtype IN ('b', 'p') AND typelem = 0 AND typnamespace IN %1$s) x,
                   LATERAL pg_catalog.pg_identify_object(x.catalog, x.objid, 0) o
             WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                WHERE d.classid = x.catalog AND d.objid = x.objid AND d.deptype = 'i')"""
            .formatted(USER_NAMESPACES);

    private CatalogQueries() {
    }
}
