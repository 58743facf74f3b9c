// The results grid (column names with their types, numbers right-aligned, nulls marked) and its CSV form.
import {el} from '../dom.js';

const SHOWN_ROWS = 1000;

export function resultGrid(result, id) {
  const numeric = result.columns.map(c => /^(BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|FLOAT|REAL|DECIMAL)/
    .test(c.sqlType || ''));
  const head = el('tr', {}, result.columns.map(c => el('th', {scope: 'col'},
    el('span.name', {}, c.name), el('span.type', {}, c.sqlType || c.type))));
  const rows = result.rows.slice(0, SHOWN_ROWS).map(row => el('tr', {}, row.map((value, i) =>
    value === null ? el('td.null', {}, 'null')
      : el(numeric[i] ? 'td.num' : 'td', {}, typeof value === 'object' ? JSON.stringify(value) : String(value)))));
  const table = el('table.grid', {id}, el('thead', {}, head), el('tbody', {}, rows));
  const more = result.rows.length > SHOWN_ROWS ?
    el('p.hint', {}, `Showing the first ${SHOWN_ROWS} of ${result.rows.length} rows; the CSV has them all.`) : null;
  return el('div.grid-scroll', {tabindex: 0, 'aria-label': 'Results'}, table, more);
}

export function toCsv(result) {
  const cell = value => {
    if (value === null || value === undefined) {
      return '';
    }
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  const lines = [result.columns.map(c => cell(c.name)).join(',')];
  for (const row of result.rows) {
    lines.push(row.map(cell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
