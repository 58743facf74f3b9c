/**
 * The PostgreSQL wire protocol (v3) listener, DESIGN §6. In the order a connection meets them:
 * {@link dev.tally.server.pg.PgServer} (Netty bootstrap, its own port), {@code PgFrameDecoder} (bounded messages),
 * {@code PgConnection} (startup, SSLRequest answered 'N', SCRAM-SHA-256 in {@code ScramSha256}, then a per-connection
 * queue drained by worker threads), {@code PgSession} (simple and extended query: statements, portals, Sync),
 * {@code PgQueries} (one statement: session commands in {@code PgCommands}, catalog statements in {@code PgCatalog}
 * with {@code PgSelect} and {@code PgWhere} reading their text, everything else through the same
 * {@link dev.tally.sql.SqlService}, slots and metrics as {@code /v1/sql}), and {@code PgWriter}/{@code PgType} (the
 * backend messages and the text and binary forms of values).
 */
package dev.tally.server.pg;
