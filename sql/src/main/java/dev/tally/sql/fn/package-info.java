/**
 * Tally's SQL functions beyond Calcite's: {@code TIME_FLOOR}, {@code DATE_TRUNC}, {@code REGEXP_LIKE} (scalar, on
 * Calcite's internal values) and {@code APPROX_QUANTILE} (aggregate). The rules recognize them and push them into the
 * native query; these bodies run only where Calcite computes them on top.
 */
package dev.tally.sql.fn;
