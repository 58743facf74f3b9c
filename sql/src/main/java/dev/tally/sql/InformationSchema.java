package dev.tally.sql;

import dev.tally.storage.schema.ColumnSpec;
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
 * {@code INFORMATION_SCHEMA} as BI tools and Druid SQL clients query it: {@code SCHEMATA}, {@code TABLES} and
 * {@code COLUMNS}, listing the tables of the {@link TableProvider} (so a caller sees only the tables its provider
 * shows it) with their SQL column types. Computed when queried, so it follows tables as they come and go.
 */
public final class InformationSchema extends AbstractSchema
{
    public static final String NAME = "INFORMATION_SCHEMA";
    private static final String CATALOG = "tally";

    private final TableProvider provider;

    public InformationSchema(final TableProvider provider)
    {
        this.provider = provider;
    }

    @Override
    protected Map<String, Table> getTableMap()
    {
        return Map.of(
            "SCHEMATA", new View(List.of("CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER"), this::schemataRows),
            "TABLES", new View(List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE"), this::tableRows),
            "COLUMNS", new View(List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME",
                "ORDINAL_POSITION", "IS_NULLABLE", "DATA_TYPE"), this::columnRows));
    }

    private List<Object[]> schemataRows()
    {
        return List.of(new Object[] {CATALOG, TallySchema.NAME, null}, new Object[] {CATALOG, NAME, null});
    }

    private List<Object[]> tableRows()
    {
        final List<Object[]> rows = new ArrayList<>();
        for (final String table : new TreeSet<>(provider.tableNames()))
        {
            rows.add(new Object[] {CATALOG, TallySchema.NAME, table, "TABLE"});
        }
        for (final String view : List.of("COLUMNS", "SCHEMATA", "TABLES"))
        {
            rows.add(new Object[] {CATALOG, NAME, view, "SYSTEM_TABLE"});
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
            rows.add(new Object[] {CATALOG, TallySchema.NAME, table, RowSchema.TIME_COLUMN, 1L, "NO", "TIMESTAMP"});
            long position = 2;
            for (final ColumnSpec column : schema.columns())
            {
                rows.add(new Object[] {CATALOG, TallySchema.NAME, table, column.name(), position++, "YES",
                    TallyTable.sqlType(column.type()).getName()});
            }
        }
        return rows;
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
                    column.equals("ORDINAL_POSITION") ? SqlTypeName.BIGINT : SqlTypeName.VARCHAR), true));
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
