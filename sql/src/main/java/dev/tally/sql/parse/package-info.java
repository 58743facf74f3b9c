/**
 * Druid's SQL dialect on Calcite's parser: double-quoted case-sensitive identifiers (backticks accepted too), reserved
 * words where BI tools use them as names, and Druid's function spellings rewritten to Tally's.
 */
package dev.tally.sql.parse;
