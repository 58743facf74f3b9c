/**
 * The pushdown: {@link dev.tally.sql.rel.TallyQueryRel}, a logical node holding a growing {@link
 * dev.tally.sql.rel.QuerySpec}, one rule per operator it absorbs ({@link dev.tally.sql.rel.TallyRules}), the
 * conversion to the enumerable convention and the executor the generated code calls.
 */
package dev.tally.sql.rel;
