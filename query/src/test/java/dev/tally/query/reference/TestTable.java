package dev.tally.query.reference;

import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A table as plain rows, the model the reference evaluator reads. {@code row[0]} is {@code __time} (Long epoch
 * millis), then one cell per dimension (String, Long, Double or null), then one per metric (Long, Double or null), in
 * schema order. Rows are rolled-up rows: each stands for {@link #eventCount(Object[])} events.
 */
public final class TestTable
{
    private final RowSchema schema;
    private final List<Object[]> rows;
    private final List<String> columnNames = new ArrayList<>();
    private final int countColumn;

    public TestTable(final RowSchema schema, final List<Object[]> rows)
    {
        this.schema = schema;
        this.rows = List.copyOf(rows);
        columnNames.add(RowSchema.TIME_COLUMN);
        schema.dimensions().forEach(column -> columnNames.add(column.name()));
        schema.metrics().forEach(column -> columnNames.add(column.name()));
        int count = -1;
        for (int m = 0; m < schema.metrics().size() && count < 0; m++)
        {
            if (schema.metrics().get(m).metricType() == MetricType.COUNT)
            {
                count = 1 + schema.dimensions().size() + m;
            }
        }
        this.countColumn = count;
    }

    public RowSchema schema()
    {
        return schema;
    }

    public List<Object[]> rows()
    {
        return rows;
    }

    /** {@code __time}, dimensions, metrics: the order of a row's cells and of a scan's default columns. */
    public List<String> columnNames()
    {
        return columnNames;
    }

    /** Position of a column's cell in a row, -1 when the table has no such column. */
    public int columnIndex(final String name)
    {
        return columnNames.indexOf(name);
    }

    /** The type a column's values have: LONG for {@code __time}. */
    public ValueType columnType(final String name)
    {
        final int index = columnIndex(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("no column[" + name + "]");
        }
        return index == 0 ? ValueType.LONG : spec(index).type();
    }

    public boolean isMetric(final String name)
    {
        return columnIndex(name) > schema.dimensions().size();
    }

    public boolean isDimension(final String name)
    {
        final int index = columnIndex(name);
        return index > 0 && index <= schema.dimensions().size();
    }

    public ColumnSpec spec(final int cell)
    {
        final int dimensions = schema.dimensions().size();
        return cell <= dimensions ? schema.dimensions().get(cell - 1) : schema.metrics().get(cell - 1 - dimensions);
    }

    /** Events a row stands for: the first COUNT metric, or 1 when the schema has none. */
    public long eventCount(final Object[] row)
    {
        if (countColumn < 0)
        {
            return 1;
        }
        final Object count = row[countColumn];
        return count == null ? 0 : (Long)count;
    }

    public TestTable withRows(final List<Object[]> newRows)
    {
        return new TestTable(schema, newRows);
    }

    /** The rows dealt at random into {@code parts} tables (some possibly empty), so groups span sources. */
    public List<TestTable> split(final Random random, final int parts)
    {
        final List<List<Object[]>> dealt = new ArrayList<>();
        for (int i = 0; i < parts; i++)
        {
            dealt.add(new ArrayList<>());
        }
        final boolean contiguous = random.nextInt(3) == 0;
        for (int r = 0; r < rows.size(); r++)
        {
            final int part = contiguous ? (int)((long)r * parts / rows.size()) : random.nextInt(parts);
            dealt.get(part).add(rows.get(r));
        }
        final List<TestTable> tables = new ArrayList<>();
        dealt.forEach(part -> tables.add(withRows(part)));
        return tables;
    }

    /** The rows in a fresh buffer, in list order. */
    public RowBuffer toRowBuffer()
    {
        final RowBuffer buffer = new RowBuffer(schema);
        final int dimensions = schema.dimensions().size();
        for (final Object[] row : rows)
        {
            buffer.row((Long)row[0]);
            for (int d = 0; d < dimensions; d++)
            {
                final Object value = row[1 + d];
                if (value == null)
                {
                    buffer.nullDimension(d);
                }
                else if (value instanceof String text)
                {
                    buffer.dimension(d, text);
                }
                else if (value instanceof Long number)
                {
                    buffer.dimension(d, number.longValue());
                }
                else
                {
                    buffer.dimension(d, ((Double)value).doubleValue());
                }
            }
            for (int m = 0; m < schema.metrics().size(); m++)
            {
                final Object value = row[1 + dimensions + m];
                if (value instanceof Long number)
                {
                    buffer.metric(m, number.longValue());
                }
                else if (value instanceof Double number)
                {
                    buffer.metric(m, number.doubleValue());
                }
            }
            buffer.endRow();
        }
        return buffer;
    }

    /** Writes the rows as a segment of {@code blockRows} rows per block and maps it; the caller closes it. */
    public Segment toSegment(final Path file, final int blockRows) throws IOException
    {
        new SegmentWriter(toRowBuffer(), new SegmentWriter.Options(blockRows, 0.5)).write(file);
        return Segment.open(file);
    }
}
