package dev.tally.query.exec;

import java.util.List;

/**
 * A query's answer: named, typed columns and rows of plain values (String, Long, Double, Boolean, or null;
 * TIMESTAMP columns hold epoch millis as Long).
 */
public record QueryResult(List<String> columnNames, List<ColumnType> columnTypes, List<Object[]> rows)
{
    public enum ColumnType
    {
        STRING,
        LONG,
        DOUBLE,
        TIMESTAMP,
        BOOLEAN
    }

    public QueryResult
    {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
    }

    public int rowCount()
    {
        return rows.size();
    }
}
