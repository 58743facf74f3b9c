package dev.tally.server.pg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session statements a PostgreSQL client sends around its queries, answered without Tally's SQL: transaction
 * control (Tally is read-only, so {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK} are accepted and change nothing),
 * {@code SET}/{@code RESET}/{@code SHOW} of session settings, {@code DISCARD ALL}, {@code DEALLOCATE}, and a SELECT
 * without FROM of the functions drivers probe with ({@code version()}, {@code current_schema()},
 * {@code current_setting('x')}...). One per connection: it holds the connection's settings.
 */
final class PgCommands
{
    static final String SERVER_VERSION = "14.0 (Tally)";

    private static final Pattern SET = Pattern.compile("(?is)^set\\s+(?:session\\s+|local\\s+)?([\\w.]+)\\s*(?:=|to)" +
        "\\s*(.*?)\\s*$");
    private static final Pattern SET_TIME_ZONE = Pattern.compile("(?is)^set\\s+(?:session\\s+|local\\s+)?time\\s+zone" +
        "\\s+(.*?)\\s*$");
    private static final Pattern SHOW = Pattern.compile("(?is)^show\\s+(.+?)\\s*$");
    private static final Pattern CURRENT_SETTING = Pattern.compile("(?is)^(?:pg_catalog\\.)?current_setting\\s*\\(" +
        "\\s*'([^']*)'.*\\)$");
    private static final Pattern ARITHMETIC = Pattern.compile("(?s)^(.*?)\\s*/\\s*(\\d+)$");

    /** The defaults drivers check ({@code ParameterStatus} at startup) and more that they read with SHOW. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final String user;
    private boolean isInTransaction;

    PgCommands(final String user, final String applicationName)
    {
        this.user = user;
        settings.put("server_version", SERVER_VERSION);
        settings.put("server_version_num", "140000");
        settings.put("server_encoding", "UTF8");
        settings.put("client_encoding", "UTF8");
        settings.put("DateStyle", "ISO, MDY");
        settings.put("IntervalStyle", "postgres");
        settings.put("integer_datetimes", "on");
        settings.put("standard_conforming_strings", "on");
        settings.put("TimeZone", "UTC");
        settings.put("application_name", applicationName == null ? "" : applicationName);
        settings.put("is_superuser", "off");
        settings.put("session_authorization", user);
        settings.put("search_path", PgCatalog.SCHEMA);
        settings.put("transaction_isolation", "read committed");
        settings.put("default_transaction_read_only", "on");
        settings.put("transaction_read_only", "on");
        settings.put("max_identifier_length", "63");
        settings.put("extra_float_digits", "3");
        settings.put("lc_collate", "C");
        settings.put("lc_ctype", "C");
        settings.put("max_index_keys", "32");
        settings.put("statement_timeout", "0");
    }

    /** The settings {@code ParameterStatus} reports at startup. */
    Map<String, String> reported()
    {
        final Map<String, String> reported = new LinkedHashMap<>();
        for (final String name : List.of("server_version", "server_encoding", "client_encoding", "DateStyle",
            "IntervalStyle", "integer_datetimes", "standard_conforming_strings", "TimeZone", "application_name",
            "is_superuser", "session_authorization", "default_transaction_read_only"))
        {
            reported.put(name, settings.get(name));
        }
        return reported;
    }

    /** The user name the client connected as (with auth off, whatever it said). */
    String user()
    {
        return user;
    }

    Map<String, String> settings()
    {
        return settings;
    }

    /** The answer to a session statement, or null when {@code sql} is not one (Tally's SQL answers it). */
    PgResult answer(final String sql)
    {
        final String word = PgSqlText.firstWord(sql);
        return switch (word)
        {
            case "BEGIN", "START" -> transaction(true, "BEGIN");
            case "COMMIT", "END" -> transaction(false, "COMMIT");
            case "ROLLBACK", "ABORT" -> transaction(false, "ROLLBACK");
            case "SAVEPOINT", "RELEASE" -> PgResult.command(word);
            case "DISCARD" -> PgResult.command("DISCARD ALL");
            case "DEALLOCATE" -> PgResult.command("DEALLOCATE");
            case "LISTEN", "UNLISTEN", "RESET", "CLOSE" -> PgResult.command(word);
            case "SET" -> set(sql.trim());
            case "SHOW" -> show(sql.trim());
            case "SELECT" -> functions(sql.trim());
            default -> null;
        };
    }

    /**
     * The transaction status ReadyForQuery reports: 'T' inside a BEGIN block, else 'I'. Read-only, so a block only
     * tells the client where it is (drivers check it); a failed statement does not abort it.
     */
    byte transactionStatus()
    {
        return (byte)(isInTransaction ? 'T' : 'I');
    }

    private PgResult transaction(final boolean isIn, final String tag)
    {
        isInTransaction = isIn;
        return PgResult.command(tag);
    }

    private PgResult set(final String sql)
    {
        final Matcher zone = SET_TIME_ZONE.matcher(sql);
        final Matcher set = SET.matcher(sql);
        if (zone.matches())
        {
            settings.put("TimeZone", unquote(zone.group(1)));
        }
        else if (set.matches())
        {
            // a setting Tally does not act on is kept for SHOW: clients set them and read them back
            settings.put(canonical(set.group(1)), unquote(set.group(2)));
        }
        return PgResult.command("SET");
    }

    private PgResult show(final String sql)
    {
        final Matcher show = SHOW.matcher(sql);
        if (!show.matches())
        {
            return null;
        }
        final String name = show.group(1).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (name.equals("all"))
        {
            final List<Object[]> rows = new ArrayList<>();
            settings.forEach((key, value) -> rows.add(new Object[]{key, value, ""}));
            return PgResult.rows(List.of("name", "setting", "description"), List.of(PgType.TEXT, PgType.TEXT,
                PgType.TEXT), rows);
        }
        final String key = name.equals("transaction isolation level") ? "transaction_isolation" :
            name.equals("time zone") ? "TimeZone" : canonical(name);
        final String value = settings.get(key);
        if (value == null)
        {
            throw new PgException("42704", "unrecognized configuration parameter \"" + name + "\"");
        }
        return PgResult.rows(List.of(name.replace(' ', '_')), List.of(PgType.TEXT),
            List.<Object[]>of(new Object[]{value}));
    }

    /** A SELECT of probe functions and no FROM; null when any item is something else. */
    private PgResult functions(final String sql)
    {
        final PgSelect select = PgSelect.parse(sql);
        if (select == null || !select.relations.isEmpty() || PgSelect.indexOfTop(sql, "from", 0) >= 0)
        {
            return null;
        }
        final List<String> names = new ArrayList<>();
        final List<PgType> types = new ArrayList<>();
        final Object[] row = new Object[select.items.size()];
        for (int c = 0; c < row.length; c++)
        {
            final PgSelect.Item item = select.items.get(c);
            final Object value = function(item.expression().trim());
            if (value == null)
            {
                return null;
            }
            names.add(item.name());
            types.add(value instanceof Long ? PgType.INT8 : value instanceof Boolean ? PgType.BOOL : PgType.TEXT);
            row[c] = value;
        }
        return PgResult.rows(names, types, List.<Object[]>of(row));
    }

    /** A probe function's value, or null when the expression is not one. */
    private Object function(final String expression)
    {
        final Matcher divided = ARITHMETIC.matcher(expression);
        if (divided.matches())
        {
            final Object value = function(divided.group(1));
            return value == null ? null : Long.parseLong(value.toString().trim()) / Long.parseLong(divided.group(2));
        }
        final String bare = PgSelect.stripCasts(expression);
        final Matcher setting = CURRENT_SETTING.matcher(bare);
        if (setting.matches())
        {
            final String value = settings.get(canonical(setting.group(1)));
            if (value == null)
            {
                throw new PgException("42704", "unrecognized configuration parameter \"" + setting.group(1) + "\"");
            }
            return expression.contains("::int") ? (Object)Long.parseLong(value) : value;
        }
        final String name = bare.toLowerCase(Locale.ROOT).replaceFirst("^pg_catalog\\.", "").replaceAll("\\s", "");
        return switch (name)
        {
            case "version()" -> "PostgreSQL " + SERVER_VERSION + " on Java " + Runtime.version().feature() +
                ", compiled by javac, 64-bit";
            case "current_schema()", "current_schema" -> PgCatalog.SCHEMA;
            case "current_database()" -> PgCatalog.DATABASE;
            case "current_user", "session_user", "user", "current_role", "current_user()" -> user;
            case "pg_backend_pid()" -> 0L;
            case "current_schemas(false)", "current_schemas(true)" -> "{" + PgCatalog.SCHEMA + "}";
            case "pg_is_in_recovery()" -> false;
            case "txid_current()" -> 1L;
            default -> name.startsWith("has_") && name.contains("privilege(") ? (Object)true : null;
        };
    }

    /** A setting's name as the map keys it: PostgreSQL's names are case-insensitive. */
    private String canonical(final String name)
    {
        for (final String known : settings.keySet())
        {
            if (known.equalsIgnoreCase(name))
            {
                return known;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String unquote(final String value)
    {
        final String trimmed = value.trim();
        if (trimmed.length() >= 2 && (trimmed.startsWith("'") && trimmed.endsWith("'") ||
            trimmed.startsWith("\"") && trimmed.endsWith("\"")))
        {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }
}
