/** Command-line entry points of Tally. */
package dev.tally.server.cli;
