/**
 * SQL over Tally tables through Apache Calcite: the schema ({@link dev.tally.sql.TallySchema}), the tables the server
 * and ingest plug in ({@link dev.tally.sql.TableProvider}) and {@link dev.tally.sql.SqlService}, which runs SQL text
 * with parameters and a query context over cached prepared statements. Rules in {@code dev.tally.sql.rel} push the
 * work into the native engine.
 */
package dev.tally.sql;
