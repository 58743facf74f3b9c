package dev.tally.query.exec;

import java.util.Iterator;
import java.util.List;

/** A query's rows handed out one at a time ({@link QueryEngine#stream}); owned by one thread. */
public record RowStream(List<String> columnNames, List<QueryResult.ColumnType> columnTypes, Iterator<Object[]> rows)
{
}
