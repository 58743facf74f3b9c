/**
 * The Tally JDBC driver: {@code jdbc:tally://HOST[:PORT]}, the Avatica remote protocol (protobuf over HTTP) against
 * a Tally server's {@code /avatica} endpoint. Client side only: depends on avatica-core, never on the server.
 */
package dev.tally.jdbc;
