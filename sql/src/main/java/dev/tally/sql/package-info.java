/**
 * Tally sql module. Placeholder until its issue lands; see shared DESIGN.md for what it will hold.
 */
package dev.tally.sql;
