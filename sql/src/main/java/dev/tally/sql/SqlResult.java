package dev.tally.sql;

import java.util.List;

/**
 * A statement's answer: column names, their SQL type names (VARCHAR, BIGINT, DOUBLE, TIMESTAMP...) and rows of
 * String, Long, Integer, Double, BigDecimal, Boolean, {@link java.time.Instant} (TIMESTAMP, UTC) or null.
 */
public record SqlResult(String queryId, List<String> columnNames, List<String> sqlTypes, List<Object[]> rows)
{
}
