/**
 * The bodies of Tally's scalar functions, one implementation each, with Druid's semantics: time functions over epoch
 * milliseconds ({@link dev.tally.query.expr.TimeFunctions}) and string functions
 * ({@link dev.tally.query.expr.StringFunctions}). SQL evaluates them row by row today (dev.tally.sql.fn registers
 * them with Calcite); the engine's expressions call the same methods.
 */
package dev.tally.query.expr;
