/**
 * The Avatica endpoint: the JDBC remote protocol (protobuf and JSON) on {@code POST /avatica}, served by the Netty
 * HTTP server over Avatica's {@code JdbcMeta}, with one Calcite connection per client connection that sees only the
 * tables its user may read.
 */
package dev.tally.server.avatica;
