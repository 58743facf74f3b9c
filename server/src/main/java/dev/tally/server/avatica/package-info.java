/**
 * The Avatica endpoint: the JDBC remote protocol (protobuf and JSON) on {@code POST /avatica} and Druid's documented
 * {@code /druid/v2/sql/avatica} and {@code /druid/v2/sql/avatica-protobuf}, served by the Netty HTTP server over
 * Avatica's {@code JdbcMeta}, with one Calcite connection per client connection that sees only the tables its user
 * may read; errors carry a SQLSTATE by class ({@link dev.tally.sql.SqlState}).
 */
package dev.tally.server.avatica;
