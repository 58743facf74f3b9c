package dev.tally.sql;

import java.util.List;

/**
 * What a statement takes and gives, known once it is planned and before it runs: its dynamic parameters' types
 * ({@link java.sql.Types} codes, in order) and its result columns' names and SQL type names (as {@link SqlResult}
 * names them). Wire protocols that describe a prepared statement before binding it (PostgreSQL's extended query)
 * answer from this.
 */
public record SqlDescription(List<Integer> parameterTypes, List<String> columnNames, List<String> columnTypes)
{
    public SqlDescription
    {
        parameterTypes = List.copyOf(parameterTypes);
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
    }
}
