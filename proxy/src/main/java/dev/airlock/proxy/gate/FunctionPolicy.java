package dev.airlock.proxy.gate;

import dev.airlock.proxy.catalog.FunctionInfo;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a function may be called by a proven read. The rules, in order:
 *
 * <ol>
 *   <li>Functions that reach outside the data (files, large objects, other connections through
 *       dblink, signals to backends, advisory locks, replication, WAL and backup control,
 *       statistics resets, set_config) are {@link FunctionSafety#FORBIDDEN}, built in or not.</li>
 *   <li>Built-in functions that write or run SQL they are given as text (nextval, setval,
 *       pg_notify, txid_current, query_to_xml, ts_stat, table_to_xml...) are {@link FunctionSafety#CHANGE}.</li>
 *   <li>Other built-in functions are SAFE when STABLE or IMMUTABLE, or when they are one of the
 *       VOLATILE functions known to only read (clock_timestamp, random, pg_sleep, size functions...).
 *       Any other VOLATILE built-in is a CHANGE.</li>
 *   <li>Functions that are not built in (user-defined, or from an extension) are SAFE only when
 *       the configuration allows them by {@code schema.name} or {@code extension:name}; the
 *       volatility a user declares is not trusted, since an IMMUTABLE declaration can lie.</li>
 * </ol>
 */
public final class FunctionPolicy {
    private static final Set<String> FORBIDDEN_BUILT_INS = Set.of(
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_rotate_logfile_old",
            "pg_switch_wal", "pg_create_restore_point", "pg_backup_start", "pg_backup_stop", "pg_start_backup",
            "pg_stop_backup", "pg_promote", "pg_wal_replay_pause", "pg_wal_replay_resume",
            "pg_create_physical_replication_slot", "pg_create_logical_replication_slot", "pg_drop_replication_slot",
            "pg_copy_physical_replication_slot", "pg_copy_logical_replication_slot", "pg_replication_slot_advance",
            "pg_logical_slot_get_changes", "pg_logical_slot_get_binary_changes", "pg_logical_slot_peek_changes",
            "pg_logical_slot_peek_binary_changes", "pg_logical_emit_message", "pg_stat_reset", "pg_stat_reset_shared",
            "pg_stat_reset_single_table_counters", "pg_stat_reset_single_function_counters", "pg_stat_reset_slru",
            "pg_stat_reset_replication_slot", "pg_stat_reset_subscription_stats", "pg_stat_force_next_flush",
            "pg_read_file", "pg_read_file_old", "pg_read_binary_file", "pg_stat_file", "pg_ls_dir", "pg_ls_logdir",
            "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalmapdir", "pg_ls_logicalsnapdir",
            "pg_ls_replslotdir", "pg_show_all_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings",
            "lo_import", "lo_export", "lo_create", "lo_creat", "lo_unlink", "lo_open", "lo_close", "loread", "lowrite",
            "lo_lseek", "lo_lseek64", "lo_tell", "lo_tell64", "lo_truncate", "lo_truncate64", "lo_get", "lo_put",
            "lo_from_bytea", "set_config", "setseed", "pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all", "pg_advisory_xact_lock",
            "pg_advisory_xact_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
            "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared", "pg_log_backend_memory_contexts",
            "pg_import_system_collations", "pg_extension_config_dump", "pg_nextoid", "pg_stop_making_pinned_objects",
            "pg_export_snapshot", "pg_replication_origin_create", "pg_replication_origin_drop",
            "pg_replication_origin_advance", "pg_replication_origin_session_setup",
            "pg_replication_origin_session_reset", "pg_replication_origin_xact_setup",
            "pg_replication_origin_xact_reset", "pg_replication_origin_session_progress",
            "pg_replication_origin_progress", "pg_replication_origin_session_is_setup");

    /** Extension functions forbidden wherever they are installed: other connections and files. */
    private static final List<String> FORBIDDEN_PREFIXES = List.of("dblink", "pg_file_", "pg_logdir_", "postgres_fdw_");

    private static final Set<String> CHANGE_BUILT_INS = Set.of(
            "nextval", "setval", "pg_notify", "txid_current", "pg_current_xact_id", "query_to_xml",
            "query_to_xml_and_xmlschema", "query_to_xmlschema", "cursor_to_xml", "cursor_to_xmlschema",
            "table_to_xml", "table_to_xml_and_xmlschema", "table_to_xmlschema", "schema_to_xml",
            "schema_to_xml_and_xmlschema", "schema_to_xmlschema", "database_to_xml", "database_to_xml_and_xmlschema",
            "database_to_xmlschema", "ts_stat", "ts_rewrite", "brin_summarize_new_values", "brin_summarize_range",
            "brin_desummarize_range", "gin_clean_pending_list");

    private static final Set<String> READ_ONLY_VOLATILE_BUILT_INS = Set.of(
            "clock_timestamp", "timeofday", "random", "gen_random_uuid", "pg_sleep", "pg_sleep_for",
            "pg_sleep_until", "currval", "lastval", "current_query", "pg_blocking_pids",
            "pg_safe_snapshot_blocking_pids", "pg_collation_actual_version", "pg_database_collation_actual_version",
            "pg_database_size", "pg_indexes_size", "pg_relation_size", "pg_table_size", "pg_tablespace_size",
            "pg_total_relation_size", "pg_is_in_recovery", "pg_is_wal_replay_paused", "pg_get_wal_replay_pause_state",
            "pg_jit_available", "pg_last_committed_xact", "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn",
            "pg_last_xact_replay_timestamp", "pg_current_wal_lsn", "pg_current_wal_flush_lsn",
            "pg_current_wal_insert_lsn", "pg_lock_status", "pg_partition_ancestors", "pg_partition_tree",
            "pg_prepared_xact", "pg_notification_queue_usage", "pg_sequence_last_value", "pg_stat_clear_snapshot",
            "pg_stat_get_xact_blocks_fetched", "pg_stat_get_xact_blocks_hit", "pg_stat_get_xact_function_calls",
            "pg_stat_get_xact_function_self_time", "pg_stat_get_xact_function_total_time",
            "pg_stat_get_xact_numscans", "pg_stat_get_xact_tuples_deleted", "pg_stat_get_xact_tuples_fetched",
            "pg_stat_get_xact_tuples_hot_updated", "pg_stat_get_xact_tuples_inserted",
            "pg_stat_get_xact_tuples_returned", "pg_stat_get_xact_tuples_updated", "pg_stat_get_recovery_prefetch",
            "pg_stat_have_stats", "pg_xact_commit_timestamp", "pg_xact_status", "txid_status",
            "pg_get_multixact_members", "pg_control_checkpoint", "pg_control_init", "pg_control_recovery",
            "pg_control_system", "pg_get_wal_resource_managers", "pg_current_logfile", "pg_get_backend_memory_contexts",
            "pg_get_shmem_allocations", "bernoulli", "system");

    private final Set<String> allowedFunctions;
    private final Set<String> allowedExtensions;

    /** @param allowed entries of gate.allowed_functions: {@code schema.name} or {@code extension:name} */
    public FunctionPolicy(List<String> allowed) {
        this.allowedFunctions = allowed.stream().filter(entry -> !entry.startsWith("extension:")).collect(java.util.stream.Collectors.toSet());
        this.allowedExtensions = allowed.stream().filter(entry -> entry.startsWith("extension:"))
                .map(entry -> entry.substring("extension:".length())).collect(java.util.stream.Collectors.toSet());
    }

    public FunctionSafety safety(FunctionInfo function) {
        String name = function.name();
        if (FORBIDDEN_BUILT_INS.contains(name) && function.builtIn() || isForbiddenExtensionFunction(function)) {
            return FunctionSafety.FORBIDDEN;
        }
        if (function.builtIn()) {
            if (CHANGE_BUILT_INS.contains(name)) {
                return FunctionSafety.CHANGE;
            }
            if (function.volatility() != 'v' || READ_ONLY_VOLATILE_BUILT_INS.contains(name)) {
                return FunctionSafety.SAFE;
            }
            return FunctionSafety.CHANGE;
        }
        if (allowedFunctions.contains(function.qualifiedName())
                || function.extension() != null && allowedExtensions.contains(function.extension())) {
            return FunctionSafety.SAFE;
        }
        return FunctionSafety.CHANGE;
    }

    private static boolean isForbiddenExtensionFunction(FunctionInfo function) {
        if ("dblink".equals(function.extension()) || "adminpack".equals(function.extension())
                || "postgres_fdw".equals(function.extension())) {
            return true;
        }
        return !function.builtIn() && FORBIDDEN_PREFIXES.stream().anyMatch(function.name()::startsWith);
    }
}
