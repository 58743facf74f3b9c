package dev.tally.server.pg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the introspection statements PostgreSQL clients send ({@code pg_catalog.*} and lower-case
 * {@code information_schema.*}, as psql's {@code \dt} and {@code \d}, pgJDBC's DatabaseMetaData, Grafana's and
 * Metabase's sync and SQLAlchemy's inspector write them) from the tables the user may read. Tally has no catalog
 * tables to run them against, so a statement is read roughly ({@link PgSelect}): which catalog relation it lists (a
 * table, column, schema, type... per row), which table, column or schema names its WHERE clause asks for, and, per
 * select-list item, a literal or the catalog attribute its name or alias stands for ({@code relname},
 * {@code format_type}, {@code data_type}...). Relations with nothing in Tally (indexes, constraints, inheritance,
 * policies, triggers, publications...) give no rows when inner-joined. Catalog statements are cold: plain Java here.
 */
final class PgCatalog
{
    /** The schema Tally's tables are in, as {@code /v1/sql} names it (its default schema). */
    static final String SCHEMA = "druid";
    static final int SCHEMA_OID = 2200;
    static final String DATABASE = "tally";
    private static final int FIRST_TABLE_OID = 16384;

    /** A column of a table: its name, type and 1-based position. */
    record Column(String name, PgType type, int position)
    {
    }

    /** A table the user may read, with an OID stable while the table list is. */
    record Table(String name, int oid, List<Column> columns)
    {
    }

    private enum Entity
    {
        TABLE, COLUMN, SCHEMA, TYPE, DATABASE, SETTING, ROLE, NONE
    }

    private static final Set<String> ROW_RELATIONS = Set.of("pg_class", "pg_namespace", "pg_attribute", "pg_type",
        "pg_database", "pg_settings", "pg_roles", "pg_user", "pg_authid", "pg_tables", "tables", "columns",
        "schemata", "()");
    /**
     * PostgreSQL's catalog names. {@code information_schema} only in lower case: upper case
     * {@code INFORMATION_SCHEMA} is Tally's own (Druid's columns, case-sensitive) and answers as over {@code /v1/sql}.
     */
    private static final Pattern CATALOG = Pattern.compile("\\b(information_schema\\.|(?i:pg_catalog\\.|pg_class\\b|" +
        "pg_namespace\\b|pg_attribute\\b|pg_type\\b|pg_database\\b|pg_settings\\b|pg_roles\\b|pg_user\\b|" +
        "pg_tables\\b|pg_index\\b|pg_proc\\b|pg_extension\\b|pg_description\\b|pg_stat_\\w+|pg_am\\b|" +
        "pg_constraint\\b|pg_views\\b|pg_matviews\\b|pg_indexes\\b|pg_enum\\b))");
    private static final Pattern IN_SUBQUERY = Pattern.compile("(?is)(not\\s+)?\\bin\\s*\\(\\s*select\\b[^()]*?" +
        "\\bfrom\\s+(?:pg_catalog\\.|information_schema\\.)?(\\w+)");
    private static final Pattern JOIN_SUBQUERY = Pattern.compile("(?is)(left\\s+(?:outer\\s+)?)?\\bjoin\\s*\\(\\s*" +
        "select\\b.*?\\bfrom\\s+(?:pg_catalog\\.|information_schema\\.)?(\\w+)");
    private static final Pattern CASE_RELKIND_R = Pattern.compile("(?is)relkind\\s*(?:=\\s*'r'\\s*then|\\s+when\\s+" +
        "'r'\\s+then)\\s+'([^']*)'");

    private final List<Table> tables;
    private final String user;
    private final Map<String, String> settings;

    PgCatalog(final List<Table> tables, final String user, final Map<String, String> settings)
    {
        this.tables = tables;
        this.user = user;
        this.settings = settings;
    }

    /** Whether {@code sql} reads PostgreSQL's catalog (and so is answered here, not by Tally's SQL). */
    static boolean isCatalogQuery(final String sql)
    {
        return CATALOG.matcher(PgSqlText.unquoteLowerCase(PgSqlText.withoutLiterals(sql))).find();
    }

    /** Builds the table list from {@code (table, column, SQL type)} rows in table and position order. */
    static List<Table> tables(final List<Object[]> columns)
    {
        final List<Table> tables = new ArrayList<>();
        String current = null;
        List<Column> currentColumns = null;
        for (final Object[] row : columns)
        {
            final String table = (String)row[0];
            if (!table.equals(current))
            {
                current = table;
                currentColumns = new ArrayList<>();
                tables.add(new Table(table, FIRST_TABLE_OID + tables.size(), currentColumns));
            }
            currentColumns.add(new Column((String)row[1], PgType.ofSqlType((String)row[2]),
                currentColumns.size() + 1));
        }
        return tables;
    }

    /** The answer to a catalog statement (parameters already written in); zero rows when it is not understood. */
    PgResult answer(final String statement)
    {
        final String sql = PgSqlText.unquoteLowerCase(statement);
        final PgSelect select = PgSelect.parse(sql);
        if (select == null)
        {
            throw new PgException(PgException.FEATURE_NOT_SUPPORTED, "statement[" + PgSqlText.firstWord(sql) +
                "] on the PostgreSQL catalog is not supported: Tally answers catalog SELECTs only");
        }
        final String where = select.where;
        final List<Map<String, Object>> rows = new ArrayList<>();
        final Entity entity = entity(select);
        final boolean isInfoSchema = sql.contains("information_schema.");
        switch (entity)
        {
            case TABLE, COLUMN ->
            {
                if (!PgWhere.wantsSchema(where, SCHEMA) || !PgWhere.wantsOrdinaryTables(where))
                {
                    break;
                }
                for (final Table table : tables)
                {
                    if (!PgWhere.wantsTable(where, table))
                    {
                        continue;
                    }
                    if (entity == Entity.TABLE)
                    {
                        rows.add(tableRow(table, isInfoSchema));
                        continue;
                    }
                    for (final Column column : table.columns())
                    {
                        if (PgWhere.matchesAny(where, "(?:attname|column_name)", column.name()))
                        {
                            rows.add(columnRow(table, column, isInfoSchema));
                        }
                    }
                }
            }
            case SCHEMA ->
            {
                for (final String schema : List.of(SCHEMA, "pg_catalog", "information_schema"))
                {
                    if (schema.equals(SCHEMA) ? PgWhere.wantsSchema(where, schema) :
                        PgWhere.asksFor(where, PgWhere.SCHEMA_NAMES, schema))
                    {
                        rows.add(schemaRow(schema));
                    }
                }
            }
            case TYPE ->
            {
                for (final PgType type : PgType.values())
                {
                    if (PgWhere.matchesAny(where, "typname", type.typname) &&
                        PgWhere.matchesAny(where, "(?:t\\.)?oid", Integer.toString(type.oid)))
                    {
                        rows.add(typeRow(type));
                    }
                }
            }
            case DATABASE -> rows.add(Map.of("datname", DATABASE, "oid", 16383, "datdba", 10, "owner", user,
                "pg_get_userbyid", user, "encoding", 6, "pg_encoding_to_char", "UTF8", "datcollate", "C",
                "datctype", "C", "datallowconn", true));
            case SETTING ->
            {
                for (final Map.Entry<String, String> setting : settings.entrySet())
                {
                    if (PgWhere.matchesAny(where, "name", setting.getKey()))
                    {
                        rows.add(Map.of("name", setting.getKey(), "setting", setting.getValue(), "vartype",
                            "string", "context", "user", "source", "default", "category", "Tally",
                            "short_desc", setting.getKey()));
                    }
                }
            }
            case ROLE -> rows.add(Map.of("rolname", user, "usename", user, "oid", 10, "usesysid", 10,
                "rolsuper", false, "usesuper", false, "rolcanlogin", true, "rolinherit", true, "rolconnlimit", -1));
            default ->
            {
                // a relation Tally has no rows for (indexes, constraints, triggers...): the answer is empty
            }
        }
        return result(select, rows);
    }

    private static Entity entity(final PgSelect select)
    {
        // "x IN (SELECT ... FROM pg_enum)", "JOIN (SELECT ... FROM pg_index) k": nothing comes from a relation Tally
        // has no rows in
        for (final Matcher subquery : List.of(IN_SUBQUERY.matcher(select.where), JOIN_SUBQUERY.matcher(select.from)))
        {
            while (subquery.find())
            {
                if (subquery.group(1) == null && !ROW_RELATIONS.contains(subquery.group(2).toLowerCase(Locale.ROOT)))
                {
                    return Entity.NONE;
                }
            }
        }
        final List<String> inner = new ArrayList<>();
        for (final PgSelect.Relation relation : select.relations)
        {
            if (relation.isInner())
            {
                if (!ROW_RELATIONS.contains(relation.name()))
                {
                    return Entity.NONE;
                }
                inner.add(relation.name());
            }
        }
        if (inner.contains("pg_attribute") || inner.contains("columns"))
        {
            return Entity.COLUMN;
        }
        if (inner.contains("pg_class") || inner.contains("tables") || inner.contains("pg_tables"))
        {
            return Entity.TABLE;
        }
        if (inner.contains("pg_namespace") || inner.contains("schemata"))
        {
            return Entity.SCHEMA;
        }
        if (inner.contains("pg_type"))
        {
            return Entity.TYPE;
        }
        if (inner.contains("pg_database"))
        {
            return Entity.DATABASE;
        }
        if (inner.contains("pg_settings"))
        {
            return Entity.SETTING;
        }
        if (inner.contains("pg_roles") || inner.contains("pg_user") || inner.contains("pg_authid"))
        {
            return Entity.ROLE;
        }
        return Entity.NONE;
    }

    private PgResult result(final PgSelect select, final List<Map<String, Object>> rows)
    {
        final int width = select.items.size();
        final List<String> names = new ArrayList<>(width);
        final List<PgType> types = new ArrayList<>(width);
        final List<Object[]> values = new ArrayList<>(rows.size());
        for (final PgSelect.Item item : select.items)
        {
            names.add(item.name());
            types.add(null);
        }
        for (final Map<String, Object> row : rows)
        {
            final Object[] out = new Object[width];
            for (int c = 0; c < width; c++)
            {
                final PgSelect.Item item = select.items.get(c);
                out[c] = value(item, row);
                if (types.get(c) == null && out[c] != null)
                {
                    types.set(c, typeOf(out[c]));
                }
            }
            values.add(out);
        }
        for (int c = 0; c < width; c++)
        {
            if (types.get(c) == null)
            {
                types.set(c, PgType.TEXT);
            }
        }
        return PgResult.rows(names, types, values);
    }

    private static PgType typeOf(final Object value)
    {
        return value instanceof Boolean ? PgType.BOOL : value instanceof Integer ? PgType.INT4 :
            value instanceof Long ? PgType.INT8 : PgType.TEXT;
    }

    /** An item's value in a row: a literal's own value, else the attribute its alias or expression names. */
    private Object value(final PgSelect.Item item, final Map<String, Object> row)
    {
        final String expression = PgSelect.stripCasts(item.expression());
        final Object literal = literal(expression);
        if (literal != NOT_LITERAL)
        {
            return literal;
        }
        final Matcher relkind = CASE_RELKIND_R.matcher(expression);
        Object found = null;
        while (relkind.find())
        {
            found = relkind.group(1);
        }
        if (found != null)
        {
            return found;
        }
        // a column or a function call stands for the attribute of its name (a known function's name first:
        // pg_encoding_to_char(encoding) AS "Encoding"), else the alias does; other expressions are not evaluated
        final String name = SIMPLE.matcher(expression).matches() ?
            PgSelect.defaultName(expression).toLowerCase(Locale.ROOT) : null;
        final boolean isCall = name != null && expression.endsWith(")");
        if (isCall && row.containsKey(name))
        {
            return row.get(name);
        }
        final String alias = item.name().toLowerCase(Locale.ROOT);
        return row.containsKey(alias) ? row.get(alias) : name == null ? null : row.get(name);
    }

    private static final Object NOT_LITERAL = new Object();
    private static final Pattern SIMPLE = Pattern.compile("(?s)^[\\w.\"]+\\s*(\\(.*\\))?$");

    private static Object literal(final String expression)
    {
        final String text = expression.trim();
        if (text.matches("(?s)'(?:[^']|'')*'"))
        {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        if (text.matches("-?\\d+"))
        {
            return Long.parseLong(text);
        }
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "null" -> null;
            case "true" -> true;
            case "false" -> false;
            default -> NOT_LITERAL;
        };
    }

    private Map<String, Object> tableRow(final Table table, final boolean isInfoSchema)
    {
        final Map<String, Object> row = new HashMap<>();
        row.put("oid", table.oid());
        row.put("attrelid", table.oid());
        for (final String key : List.of("relname", "name", "table_name", "tablename", "table"))
        {
            row.put(key, table.name());
        }
        for (final String key : List.of("nspname", "schema", "schemaname", "table_schem", "table_schema"))
        {
            row.put(key, SCHEMA);
        }
        for (final String key : List.of("relowner", "owner", "tableowner", "pg_get_userbyid"))
        {
            row.put(key, user);
        }
        row.put("relnamespace", SCHEMA_OID);
        row.put("relkind", "r");
        row.put("type", "table");
        row.put("table_type", isInfoSchema ? "BASE TABLE" : "TABLE");
        row.put("table_catalog", DATABASE);
        row.put("table_cat", DATABASE);
        row.put("relam", 2);
        row.put("amname", "heap");
        row.put("relnatts", table.columns().size());
        row.put("relchecks", 0);
        row.put("reltablespace", 0);
        row.put("relpersistence", "p");
        row.put("relreplident", "d");
        row.put("reloftype", 0);
        row.put("is_insertable_into", "NO");
        row.put("is_typed", "NO");
        for (final String key : List.of("relhasindex", "relhasrules", "relhastriggers", "relrowsecurity",
            "relforcerowsecurity", "relhasoids", "relispartition", "hasindexes", "hasrules", "hastriggers",
            "rowsecurity"))
        {
            row.put(key, false);
        }
        for (final String key : List.of("has_table_privilege", "has_schema_privilege", "pg_table_is_visible",
            "has_any_column_privilege"))
        {
            row.put(key, true);
        }
        return row;
    }

    private Map<String, Object> columnRow(final Table table, final Column column, final boolean isInfoSchema)
    {
        final Map<String, Object> row = tableRow(table, isInfoSchema);
        for (final String key : List.of("attname", "column_name", "name", "column", "field"))
        {
            row.put(key, column.name());
        }
        final PgType type = column.type();
        row.put("attnum", column.position());
        row.put("ordinal_position", column.position());
        row.put("database-position", column.position() - 1);
        row.put("atttypid", type.oid);
        row.put("typid", type.oid);
        for (final String key : List.of("format_type", "data_type", "type"))
        {
            row.put(key, type.sqlName);
        }
        for (final String key : List.of("udt_name", "typname", "database-type"))
        {
            row.put(key, type.typname);
        }
        row.put("udt_schema", "pg_catalog");
        row.put("attlen", (int)type.size);
        row.put("atttypmod", -1);
        row.put("typtypmod", -1);
        row.put("typbasetype", 0);
        row.put("typtype", "b");
        row.put("attnotnull", false);
        row.put("is_nullable", "YES");
        row.put("attisdropped", false);
        row.put("attstorage", "p");
        row.put("atthasdef", false);
        row.put("attidentity", "");
        row.put("attgenerated", "");
        row.put("is_identity", "NO");
        row.put("is_generated", "NEVER");
        row.put("is_updatable", "NO");
        row.put("pk?", false);
        row.put("database-required", false);
        row.put("database-is-auto-increment", false);
        row.put("table-schema", SCHEMA);
        row.put("table-name", table.name());
        row.put("type", type.sqlName);
        return row;
    }

    private static Map<String, Object> schemaRow(final String schema)
    {
        final Map<String, Object> row = new HashMap<>();
        for (final String key : List.of("nspname", "schema_name", "table_schem", "schema", "name"))
        {
            row.put(key, schema);
        }
        row.put("oid", schema.equals(SCHEMA) ? SCHEMA_OID : schema.equals("pg_catalog") ? 11 : 13000);
        row.put("nspowner", 10);
        row.put("catalog_name", DATABASE);
        row.put("table_catalog", DATABASE);
        row.put("schema_owner", "tally");
        row.put("has_schema_privilege", true);
        return row;
    }

    private static Map<String, Object> typeRow(final PgType type)
    {
        final Map<String, Object> row = new HashMap<>();
        row.put("oid", type.oid);
        row.put("typname", type.typname);
        row.put("format_type", type.sqlName);
        row.put("typtype", "b");
        row.put("typlen", (int)type.size);
        row.put("typnamespace", 11);
        row.put("nspname", "pg_catalog");
        row.put("typelem", 0);
        row.put("typarray", 0);
        row.put("typbasetype", 0);
        row.put("typrelid", 0);
        row.put("typtypmod", -1);
        row.put("typnotnull", false);
        row.put("typdelim", ",");
        row.put("typinput", type.typname + "in");
        row.put("typoutput", type.typname + "out");
        return row;
    }
}
