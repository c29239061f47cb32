package dev.nl2sql.domain.validation;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which functions a read-only statement may call. The denylist wins over everything, including functions a policy
 * allows; the allowlist is curated from PostgreSQL's immutable and stable built-ins, plus a few volatile ones that
 * neither write nor wait ({@code random}, {@code now}).
 */
final class FunctionPolicy {

    /** The verdict on one function name. */
    enum Decision { ALLOWED, DENIED, UNKNOWN }

    private static final Set<String> DENIED_PREFIXES = Set.of(
            "pg_read_", "pg_ls_", "pg_stat_file", "pg_file_", "lo_", "dblink", "query_to_xml", "table_to_xml",
            "cursor_to_xml", "database_to_xml", "schema_to_xml", "pg_sleep", "pg_advisory", "pg_try_advisory",
            "pg_cancel_", "pg_terminate_", "pg_reload_", "pg_rotate_", "pg_switch_", "pg_create_", "pg_drop_",
            "pg_logical_", "pg_replication_", "pg_start_backup", "pg_stop_backup", "pg_backup_", "pg_stat_reset",
            "pg_promote", "pg_wal_", "pg_import_", "txid_", "pg_current_xact", "pg_current_wal", "pg_export_snapshot",
            "pg_notify", "pg_log_", "xml", "xpath", "pg_get_", "pg_copy_", "pg_walfile", "pg_nextoid");

    private static final Set<String> DENIED = Set.of(
            "nextval", "setval", "currval", "lastval", "set_config", "current_setting", "pg_notify", "pg_backend_pid",
            "pg_blocking_pids", "pg_control_system", "pg_control_checkpoint", "pg_control_init", "pg_control_recovery",
            "pg_conf_load_time", "pg_postmaster_start_time", "pg_hba_file_rules", "pg_ident_file_mappings",
            "pg_show_all_settings", "pg_show_all_file_settings", "pg_config", "inet_server_addr", "inet_server_port",
            "inet_client_addr", "pg_tablespace_location", "pg_relation_filepath", "pg_relation_filenode",
            "pg_describe_object", "version", "current_user", "session_user", "current_role", "user",
            "pg_has_role", "has_table_privilege", "pg_jit_available", "pg_trigger_depth", "pg_listening_channels",
            "pg_notification_queue_usage", "pg_safe_snapshot_blocking_pids", "pg_isolation_test_session_is_blocked",
            "pg_stat_get_activity", "pg_stat_get_backend_activity", "pg_ls_waldir", "pg_truncate_visibility_map",
            "pg_visible_in_snapshot", "pg_snapshot_xip", "pg_xact_status", "pg_try_advisory_lock", "gen_random_uuid",
            "pg_collation_actual_version", "pg_database_size", "pg_tablespace_size", "repeat_forever");

    private static final Set<String> ALLOWED = Set.of(
            // aggregates and window functions
            "count", "sum", "avg", "min", "max", "string_agg", "array_agg", "bool_and", "bool_or", "every", "bit_and",
            "bit_or", "bit_xor", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop",
            "stddev_samp", "variance", "var_pop", "var_samp", "corr", "covar_pop", "covar_samp", "regr_slope",
            "regr_intercept", "regr_r2", "regr_count", "regr_avgx", "regr_avgy", "percentile_cont", "percentile_disc",
            "mode", "rank", "dense_rank", "percent_rank", "cume_dist", "row_number", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value", "grouping", "range_agg", "any_value",
            // syntax JSqlParser reads as calls: = ANY (array), GROUP BY ROLLUP (...) / CUBE (...)
            "any", "all", "some", "rollup", "cube", "grouping sets",
            // conditional
            "coalesce", "nullif", "greatest", "least", "num_nulls", "num_nonnulls",
            // math
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "mod", "power", "pow", "sqrt", "cbrt", "exp", "ln",
            "log", "log10", "sign", "pi", "degrees", "radians", "div", "gcd", "lcm", "factorial", "width_bucket",
            "random", "scale", "min_scale", "trim_scale", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "cot",
            "sinh", "cosh", "tanh", "setseed",
            // strings
            "length", "char_length", "character_length", "octet_length", "bit_length", "lower", "upper", "initcap",
            "substring", "substr", "position", "strpos", "trim", "btrim", "ltrim", "rtrim", "lpad", "rpad", "left",
            "right", "replace", "reverse", "repeat", "split_part", "concat", "concat_ws", "format", "translate",
            "ascii", "chr", "md5", "sha224", "sha256", "sha384", "sha512", "encode", "decode", "convert_to",
            "convert_from", "quote_ident", "quote_literal", "quote_nullable", "starts_with", "string_to_array",
            "array_to_string", "regexp_replace", "regexp_match", "regexp_matches", "regexp_split_to_array",
            "regexp_split_to_table", "regexp_count", "regexp_instr", "regexp_like", "regexp_substr", "overlay",
            "to_hex", "unistr", "normalize", "string_to_table", "casefold", "to_ascii",
            // date and time
            "now", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "statement_timestamp", "transaction_timestamp", "clock_timestamp", "date_trunc", "date_part", "extract",
            "age", "make_date", "make_time", "make_timestamp", "make_timestamptz", "make_interval", "justify_days",
            "justify_hours", "justify_interval", "to_timestamp", "to_date", "to_char", "to_number", "isfinite",
            "date_bin", "timezone", "date_add", "date_subtract",
            // json and jsonb, reading only
            "to_json", "to_jsonb", "row_to_json", "array_to_json", "json_build_object", "jsonb_build_object",
            "json_build_array", "jsonb_build_array", "json_object", "jsonb_object", "json_array_length",
            "jsonb_array_length", "json_each", "jsonb_each", "json_each_text", "jsonb_each_text", "json_extract_path",
            "jsonb_extract_path", "json_extract_path_text", "jsonb_extract_path_text", "json_object_keys",
            "jsonb_object_keys", "json_array_elements", "jsonb_array_elements", "json_array_elements_text",
            "jsonb_array_elements_text", "json_typeof", "jsonb_typeof", "jsonb_strip_nulls", "json_strip_nulls",
            "jsonb_pretty", "jsonb_set", "jsonb_insert", "jsonb_path_query", "jsonb_path_query_array",
            "jsonb_path_query_first", "jsonb_path_exists", "jsonb_path_match", "json_populate_record",
            "jsonb_populate_record", "json_to_record", "jsonb_to_record", "json_to_recordset", "jsonb_to_recordset",
            // arrays and sets
            "array_length", "cardinality", "array_append", "array_prepend", "array_cat", "array_position",
            "array_positions", "array_remove", "array_replace", "array_dims", "array_lower", "array_upper",
            "array_ndims", "array_fill", "unnest", "generate_series", "generate_subscripts", "array_sample",
            "array_shuffle", "trim_array",
            // type conversion and misc
            "cast", "pg_typeof", "int4", "int8", "numeric", "text", "bool", "float8",
            "date", "row", "isempty", "lower_inf", "upper_inf", "int4range", "int8range", "numrange", "daterange",
            "tsrange", "tstzrange", "host", "netmask", "network", "family", "abbrev", "broadcast",
            "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery", "ts_rank",
            "ts_headline", "similarity", "uuid_in");

    private FunctionPolicy() {}

    /**
     * {@return the decision on {@code name} (lower-case, unquoted), called in {@code schema} when qualified}
     *
     * @param extraAllowed names the policy allows besides the built-in list; the denylist still wins over them
     */
    static Decision decide(Optional<String> schema, String name, Set<String> extraAllowed) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isDenied(lower)) {
            return Decision.DENIED;
        }
        boolean builtInSchema = schema.isEmpty() || schema.get().equalsIgnoreCase("pg_catalog");
        if (builtInSchema && ALLOWED.contains(lower)) {
            return Decision.ALLOWED;
        }
        String qualified = schema.map(s -> s.toLowerCase(Locale.ROOT) + "." + lower).orElse(lower);
        return extraAllowed.contains(qualified) || (schema.isEmpty() && extraAllowed.contains(lower))
                ? Decision.ALLOWED
                : Decision.UNKNOWN;
    }

    /** {@return the built-in allowed names, for suggestions} */
    static Set<String> allowedNames() {
        return ALLOWED;
    }

    /** {@return whether a function of this (lower-case, unqualified) name is denied wherever it appears} */
    static boolean isDenied(String lowerName) {
        if (DENIED.contains(lowerName)) {
            return true;
        }
        for (String prefix : DENIED_PREFIXES) {
            if (lowerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
