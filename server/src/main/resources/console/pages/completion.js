// Completion in the SQL editor: table, column and function names (and keywords) matching the word at the caret,
// in a listbox below it. Arrow keys choose, Tab or Enter take, Escape closes, Ctrl-Space opens it on demand.
import * as api from '../api.js';
import {el} from '../dom.js';

const FUNCTIONS = ['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'APPROX_COUNT_DISTINCT', 'APPROX_QUANTILE', 'TIME_FLOOR',
  'TIME_CEIL', 'TIME_SHIFT', 'TIME_EXTRACT', 'TIME_FORMAT', 'TIME_PARSE', 'TIME_IN_INTERVAL', 'FLOOR', 'CEIL',
  'DATE_TRUNC', 'MILLIS_TO_TIMESTAMP', 'TIMESTAMP_TO_MILLIS', 'CURRENT_TIMESTAMP', 'CAST', 'COALESCE', 'NULLIF',
  'LOWER', 'UPPER', 'LENGTH', 'SUBSTRING', 'TRIM', 'BTRIM', 'LTRIM', 'RTRIM', 'CONCAT', 'STRPOS', 'REPLACE',
  'REGEXP_EXTRACT', 'REGEXP_LIKE', 'REGEXP_REPLACE', 'CONTAINS_STRING', 'ICONTAINS_STRING', 'STRING_FORMAT',
  'LPAD', 'RPAD', 'LEFT', 'RIGHT', 'ABS', 'ROUND', 'POWER', 'SQRT', 'PARSE_LONG'];
const KEYWORDS = ['SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'OFFSET', 'AND', 'OR',
  'NOT', 'IN', 'LIKE', 'BETWEEN', 'IS NULL', 'AS', 'DESC', 'ASC', 'DISTINCT', 'CASE', 'WHEN', 'THEN', 'ELSE',
  'END', 'INTERVAL', 'TIMESTAMP', 'EXPLAIN PLAN FOR', 'WITH', 'UNION ALL', 'JOIN', 'ON'];
const MAX_SHOWN = 12;

export async function completer(editor) {
  let specs = [];
  try {
    specs = await api.tables();
  } catch (e) {
    console.warn('completion has no table names', e);
  }
  const list = el('ul#completion.completion', {role: 'listbox', 'aria-label': 'Completions', hidden: true});
  editor.closest('.editor').append(list);
  let items = [];
  let chosen = 0;
  let word = {start: 0, end: 0};

  const candidates = () => {
    const text = editor.value;
    const named = specs.filter(s => text.includes(s.name));
    const columnsOf = spec => ['__time', ...spec.dimensions.map(d => typeof d === 'string' ? d : d.name),
      ...spec.metrics.map(m => m.name)].map(name => ({text: name, kind: 'column of ' + spec.name}));
    return [
      ...named.flatMap(columnsOf),
      ...specs.map(s => ({text: s.name, kind: 'table'})),
      ...specs.filter(s => !named.includes(s)).flatMap(columnsOf),
      ...FUNCTIONS.map(f => ({text: f, kind: 'function', suffix: '('})),
      ...KEYWORDS.map(k => ({text: k, kind: 'keyword'})),
    ];
  };

  const close = () => {
    list.hidden = true;
    items = [];
    editor.removeAttribute('aria-activedescendant');
  };

  const open = force => {
    const caret = editor.selectionStart;
    const before = editor.value.slice(0, caret);
    const match = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before);
    const prefix = match ? match[0] : '';
    if (!force && prefix.length < 1) {
      close();
      return;
    }
    word = {start: caret - prefix.length, end: caret};
    const lower = prefix.toLowerCase();
    const seen = new Set();
    items = candidates().filter(c => c.text.toLowerCase().startsWith(lower) && c.text !== prefix &&
      !seen.has(c.text) && seen.add(c.text)).slice(0, MAX_SHOWN);
    if (!items.length) {
      close();
      return;
    }
    chosen = 0;
    render();
  };

  const render = () => {
    list.replaceChildren(...items.map((item, i) => el('li', {
      id: 'completion-' + i, role: 'option', 'aria-selected': String(i === chosen),
      onmousedown: event => {
        event.preventDefault();
        chosen = i;
        take();
      },
    }, el('span.text', {}, item.text), el('span.kind', {}, item.kind))));
    list.hidden = false;
    editor.setAttribute('aria-activedescendant', 'completion-' + chosen);
  };

  const take = () => {
    const item = items[chosen];
    const text = /^[A-Za-z_][A-Za-z0-9_]*$/.test(item.text) || item.kind !== 'table' && !item.kind.startsWith('column')
      ? item.text : api.ident(item.text);
    const insert = text + (item.suffix || '');
    editor.setRangeText(insert, word.start, word.end, 'end');
    editor.dispatchEvent(new Event('input'));
    close();
  };

  editor.addEventListener('input', event => {
    if (event.inputType && event.inputType.startsWith('insert')) {
      open(false);
    } else if (event.inputType) {
      close();
    }
  });
  editor.addEventListener('blur', close);
  editor.addEventListener('keydown', event => {
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      open(true);
      return;
    }
    if (list.hidden) {
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      chosen = (chosen + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      render();
    } else if ((event.key === 'Tab' || event.key === 'Enter') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      take();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
}
