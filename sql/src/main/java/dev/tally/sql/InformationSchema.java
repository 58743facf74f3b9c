package dev.tally.sql;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code INFORMATION_SCHEMA} as Druid serves it, so Druid's SQL clients and BI tools introspect Tally unchanged:
 * {@code SCHEMATA}, {@code TABLES} (with Druid's {@code IS_JOINABLE} and {@code IS_BROADCAST}) and {@code COLUMNS}
 * (with {@code COLUMN_DEFAULT}, lengths, precisions and {@code JDBC_TYPE}), in Druid's column order. Tables are listed
 * in schema {@code druid}, where Druid's clients look ({@code tally} names the same tables in SQL but is not listed
 * twice). Lists only the tables of the {@link TableProvider} (so a caller sees only the tables its provider shows
 * it); computed when queried, so it follows tables as they come and go.
 */
public final class InformationSchema extends AbstractSchema
{
    public static final String NAME = "INFORMATION_SCHEMA";
    private static final String CATALOG = "druid";
    private static final List<String> SCHEMATA = List.of("CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER",
        "DEFAULT_CHARACTER_SET_CATALOG", "DEFAULT_CHARACTER_SET_SCHEMA", "DEFAULT_CHARACTER_SET_NAME", "SQL_PATH");
    private static final List<String> TABLES = List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE",
        "IS_JOINABLE", "IS_BROADCAST");
    private static final List<String> COLUMNS = List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME",
        "COLUMN_NAME", "ORDINAL_POSITION", "COLUMN_DEFAULT", "IS_NULLABLE", "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH",
        "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION", "NUMERIC_PRECISION_RADIX", "NUMERIC_SCALE",
        "DATETIME_PRECISION", "CHARACTER_SET_NAME", "COLLATION_NAME", "JDBC_TYPE");
    private static final java.util.Set<String> NUMBERS = java.util.Set.of("ORDINAL_POSITION",
        "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION", "NUMERIC_PRECISION_RADIX",
        "NUMERIC_SCALE", "DATETIME_PRECISION", "JDBC_TYPE");

    private final TableProvider provider;

    public InformationSchema(final TableProvider provider)
    {
        this.provider = provider;
    }

    @Override
    protected Map<String, Table> getTableMap()
    {
        return Map.of(
            "SCHEMATA", new View(SCHEMATA, this::schemataRows),
            "TABLES", new View(TABLES, this::tableRows),
            "COLUMNS", new View(COLUMNS, this::columnRows));
    }

    private List<Object[]> schemataRows()
    {
        return List.of(new Object[] {CATALOG, TallySchema.NAME, null, null, null, null, null},
            new Object[] {CATALOG, NAME, null, null, null, null, null});
    }

    private List<Object[]> tableRows()
    {
        final List<Object[]> rows = new ArrayList<>();
        for (final String table : new TreeSet<>(provider.tableNames()))
        {
            rows.add(new Object[] {CATALOG, TallySchema.NAME, table, "TABLE", "NO", "NO"});
        }
        for (final String view : List.of("COLUMNS", "SCHEMATA", "TABLES"))
        {
            rows.add(new Object[] {CATALOG, NAME, view, "SYSTEM_TABLE", "NO", "NO"});
        }
        return rows;
    }

    private List<Object[]> columnRows()
    {
        final List<Object[]> rows = new ArrayList<>();
        for (final String table : new TreeSet<>(provider.tableNames()))
        {
            final RowSchema schema = provider.schema(table);
            if (schema == null)
            {
                continue;
            }
            rows.add(column(table, RowSchema.TIME_COLUMN, 1, false, SqlTypeName.TIMESTAMP, "TIMESTAMP"));
            long position = 2;
            for (final ColumnSpec column : schema.columns())
            {
                final SqlTypeName type = TallyTable.sqlType(column.type());
                rows.add(column(table, column.name(), position++, true, type, type == SqlTypeName.VARBINARY ?
                    complexType(column.metricType()) : type.getName()));
            }
        }
        return rows;
    }

    /** Druid's name for a sketch column's type. */
    private static String complexType(final MetricType metric)
    {
        return metric == MetricType.HLL_SKETCH ? "COMPLEX<HLLSketch>" :
            metric == MetricType.QUANTILES_SKETCH ? "COMPLEX<quantilesDoublesSketch>" : "OTHER";
    }

    /** One {@code COLUMNS} row, with the precisions Druid reports for the type. */
    private static Object[] column(final String table, final String name, final long position,
        final boolean isNullable, final SqlTypeName type, final String dataType)
    {
        final boolean isText = type == SqlTypeName.VARCHAR;
        final Long precision = switch (type)
        {
            case BIGINT -> 19L;
            case DOUBLE -> 15L;
            case TIMESTAMP -> 3L;
            default -> null;
        };
        final boolean isNumber = type == SqlTypeName.BIGINT || type == SqlTypeName.DOUBLE;
        return new Object[] {CATALOG, TallySchema.NAME, table, name, position, "", isNullable ? "YES" : "NO",
            dataType, null, null, isNumber ? precision : null, isNumber ? (Object)10L : null, isNumber ? (Object)0L : null,
            type == SqlTypeName.TIMESTAMP ? precision : null, isText ? "UTF-16LE" : null,
            isText ? "UTF-16LE$en_US$primary" : null,
            (long)(type == SqlTypeName.VARBINARY ? java.sql.Types.OTHER : type.getJdbcOrdinal())};
    }

    /** A system table whose rows are computed at each scan. */
    private static final class View extends AbstractTable implements ScannableTable
    {
        private final List<String> columns;
        private final Supplier<List<Object[]>> rows;

        View(final List<String> columns, final Supplier<List<Object[]>> rows)
        {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public RelDataType getRowType(final RelDataTypeFactory factory)
        {
            final RelDataTypeFactory.Builder builder = factory.builder();
            for (final String column : columns)
            {
                builder.add(column, factory.createTypeWithNullability(factory.createSqlType(
                    NUMBERS.contains(column) ? SqlTypeName.BIGINT : SqlTypeName.VARCHAR), true));
            }
            return builder.build();
        }

        @Override
        public Enumerable<Object[]> scan(final DataContext root)
        {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
