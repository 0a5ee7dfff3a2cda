package dev.airlock.it;

/**
 * Everything a bypass attempt on the corpus database could change, read as the superuser: rows,
 * sequences, objects, roles and their settings, privileges, comments, large objects, replication
 * slots, prepared transactions, statistics resets, advisory locks and files written by the server.
 */
final class ProductionState {
    private static final String SNAPSHOT = """
            SELECT concat_ws(' | ',
              (SELECT string_agg(id || ':' || v, ',' ORDER BY id) FROM t),
              (SELECT count(*) FROM audit_sink), (SELECT count(*) FROM rule_log),
              (SELECT count(*) FROM "delete"), (SELECT count(*) FROM trig_t), (SELECT n FROM mv),
              (SELECT last_value || '/' || is_called FROM s),
              (SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c
                 WHERE c.relnamespace IN ('public'::regnamespace, 'evil'::regnamespace)),
              (SELECT string_agg(p.proname || ':' || md5(p.prosrc) || ':' || p.provolatile::text, ',' ORDER BY p.proname)
                 FROM pg_proc p WHERE p.pronamespace IN ('public'::regnamespace, 'evil'::regnamespace)),
              (SELECT string_agg(pg_get_viewdef(c.oid), ',' ORDER BY c.relname) FROM pg_class c
                 WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace),
              (SELECT string_agg(tgname || tgenabled::text, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal),
              (SELECT string_agg(c.relname || '=' || coalesce(c.relacl::text, ''), ',' ORDER BY c.relname) FROM pg_class c
                 WHERE c.relnamespace = 'public'::regnamespace),
              (SELECT count(*) FROM pg_default_acl),
              (SELECT coalesce(string_agg(description, ','), '') FROM pg_description WHERE objoid = 't'::regclass),
              (SELECT string_agg(rolname || rolsuper::text || rolcanlogin::text, ',' ORDER BY rolname) FROM pg_roles),
              (SELECT coalesce(string_agg(array_to_string(setconfig, ','), ';'), '') FROM pg_db_role_setting),
              (SELECT count(*) FROM pg_largeobject_metadata), (SELECT count(*) FROM pg_replication_slots),
              (SELECT count(*) FROM pg_prepared_xacts),
              (SELECT coalesce(stats_reset::text, 'never') FROM pg_stat_database WHERE datname = current_database()),
              (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'),
              (SELECT count(*) FROM pg_rewrite WHERE rulename <> '_RETURN'),
              pg_stat_file('/var/tmp/lo_export.txt', true) IS NOT NULL,
              (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension))""";

    private ProductionState() {
    }

    static String of(TestProduction production) {
        return production.queryValue(TestProduction.CORPUS, SNAPSHOT);
    }
}
