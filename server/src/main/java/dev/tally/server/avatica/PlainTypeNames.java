package dev.tally.server.avatica;

import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Type names as BI tools read them: {@code TIMESTAMP}, {@code VARCHAR}, {@code BIGINT}, not Calcite's full type strings
 * ({@code TIMESTAMP(3) NOT NULL}, {@code VARCHAR CHARACTER SET "UTF-16LE"}), which tools match against the type
 * names they know (Druid answers the plain ones). Precision, scale and nullability have columns of their own.
 */
final class PlainTypeNames
{
    private static final Pattern DECORATION = Pattern.compile(
        "\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\)| NOT NULL| CHARACTER SET \"[^\"]*\"| COLLATE \"[^\"]*\"");

    private PlainTypeNames()
    {
    }

    /** {@code TIMESTAMP(3) NOT NULL} as {@code TIMESTAMP}; a plain name stays as it is. */
    static String of(final String typeName)
    {
        return typeName == null ? null : DECORATION.matcher(typeName).replaceAll("").strip();
    }

    /** A {@code getColumns} answer (all of it in its first frame, as JdbcMeta makes it) with plain TYPE_NAMEs. */
    static Meta.MetaResultSet inColumns(final Meta.MetaResultSet columns)
    {
        final int typeName = column(columns.signature, "TYPE_NAME");
        if (typeName < 0 || columns.firstFrame == null)
        {
            return columns;
        }
        final List<Object> rows = new ArrayList<>();
        for (final Object row : columns.firstFrame.rows)
        {
            if (row instanceof Object[] values && values[typeName] instanceof String name)
            {
                final Object[] plain = values.clone();
                plain[typeName] = of(name);
                rows.add(plain);
            }
            else
            {
                rows.add(row);
            }
        }
        return Meta.MetaResultSet.create(columns.connectionId, columns.statementId, columns.ownStatement,
            columns.signature, Meta.Frame.create(columns.firstFrame.offset, columns.firstFrame.done, rows));
    }

    private static int column(final Meta.Signature signature, final String name)
    {
        if (signature == null)
        {
            return -1;
        }
        final List<ColumnMetaData> columns = signature.columns;
        for (int i = 0; i < columns.size(); i++)
        {
            if (name.equalsIgnoreCase(columns.get(i).label) || name.equalsIgnoreCase(columns.get(i).columnName))
            {
                return i;
            }
        }
        return -1;
    }
}
