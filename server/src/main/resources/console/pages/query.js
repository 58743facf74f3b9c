// Query: a SQL editor (Ctrl/Cmd-Enter runs, completion of tables, columns and functions), the results grid with
// column types, row count and time, EXPLAIN with the native query, history for this tab, CSV download, and the
// position a parse or validation error names marked in the editor.
import * as api from '../api.js';
import {el, errorBox} from '../dom.js';
import {clearSpan, markableTextarea, markSpan} from '../marks.js';
import {completer} from './completion.js';
import {resultGrid, toCsv} from './grid.js';

const HISTORY_KEY = 'tally.console.history';
const HISTORY_SIZE = 50;

/** The page on screen (its editor, output and running query); a new visit builds a new one. */
let page = null;

export async function enter(main, {params}) {
  const editor = el('textarea.sql', {spellcheck: 'false', rows: 8, autocomplete: 'off',
    'aria-describedby': 'query-hint', 'aria-autocomplete': 'list', 'aria-controls': 'completion'});
  editor.id = 'sql-editor';
  editor.value = params.get('sql') || lastHistory() || 'SELECT 1';
  const {backdrop, box} = markableTextarea(editor);
  const runButton = el('button#query-run', {type: 'button'}, 'Run');
  const cancelButton = el('button#query-cancel', {type: 'button', disabled: true}, 'Cancel');
  const explainButton = el('button#query-explain-button', {type: 'button'}, 'Explain');
  const csvButton = el('button#query-csv', {type: 'button', disabled: true}, 'Download CSV');
  const statusLine = el('p#query-status', {role: 'status', 'aria-live': 'polite'});
  const output = el('div#query-output');
  const history = el('ol#query-history');
  const state = {editor, backdrop, statusLine, output, history, csvButton, cancelButton, result: null, running: null};
  page = state;

  main.append(
    el('h1', {}, 'Query'),
    el('div.query-layout', {},
      el('section.query-main', {'aria-label': 'Editor and results'},
        el('label', {for: 'sql-editor'}, 'SQL'), box,
        el('p#query-hint.hint', {}, 'Ctrl-Enter (⌘-Enter) runs; Ctrl-Space completes table, column and function ' +
          'names; Escape closes the list.'),
        el('div.buttons', {}, runButton, cancelButton, explainButton, csvButton),
        statusLine, output),
      el('aside.query-history', {'aria-label': 'History'}, el('h2', {}, 'History'), history)));
  await completer(editor);
  renderHistory(state);
  editor.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(state, editor.value);
    }
  });
  runButton.addEventListener('click', () => run(state, editor.value));
  explainButton.addEventListener('click', () => explain(state, editor.value));
  cancelButton.addEventListener('click', () => cancel(state));
  csvButton.addEventListener('click', () => download(state));
  if (params.get('run') === '1') {
    run(state, editor.value);
  }
}

export function leave() {
  if (page && page.running) {
    cancel(page);
  }
  page = null;
}

/**
 * Cancels the running query by the id this page gave it. The server knows the id only once the query started, so a
 * 404 while the answer is still awaited means "not yet": ask again shortly, until the answer (the cancellation, or
 * the result if it won the race) arrives.
 */
async function cancel(state) {
  const queryId = state.running;
  state.cancelButton.disabled = true;
  while (state.running === queryId) {
    try {
      if (await api.cancel(queryId)) {
        return;
      }
    } catch (e) {
      console.warn('cancel failed', e);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function execute(state, sql, render) {
  if (state.running) {
    return;
  }
  clearMark(state);
  const queryId = api.newQueryId();
  state.running = queryId;
  state.cancelButton.disabled = false;
  state.statusLine.textContent = 'Running…';
  const start = performance.now();
  try {
    const result = await api.sql(sql, {queryId});
    const millis = Math.round(performance.now() - start);
    render(result, millis);
    addHistory(state, sql, true);
  } catch (e) {
    state.statusLine.textContent = '';
    state.output.replaceChildren(el('div#query-error', {}, errorBox(e)));
    markError(state, sql, e.message || '');
    addHistory(state, sql, false);
  } finally {
    state.running = null;
    state.cancelButton.disabled = true;
  }
}

function run(state, sql) {
  return execute(state, sql, (result, millis) => {
    state.result = result;
    state.csvButton.disabled = false;
    state.statusLine.textContent = `${result.rows.length.toLocaleString('en-US')} rows in ${millis} ms`;
    state.output.replaceChildren(resultGrid(result, 'query-result'));
  });
}

function explain(state, sql) {
  const text = 'EXPLAIN PLAN FOR ' + sql.trim().replace(/^EXPLAIN\s+PLAN\s+FOR\s+/i, '').replace(/;\s*$/, '');
  return execute(state, text, (result, millis) => {
    const plan = result.rows.map(row => row[0]).join('\n');
    state.statusLine.textContent = `Plan in ${millis} ms`;
    const natives = nativeQueries(plan);
    state.output.replaceChildren(el('div#query-explain', {},
      el('h2', {}, 'Plan'), el('pre.plan', {}, plan),
      natives.length ? el('h2', {}, 'Native query (what the engine runs)') :
        el('p.hint', {}, 'No part of this statement is pushed into the engine.'),
      natives.map(native => el('pre.native', {}, JSON.stringify(native, null, 2)))));
  });
}

/** The native queries a plan shows as query=[{...}], parsed (a brace-balanced scan: the JSON holds brackets). */
export function nativeQueries(plan) {
  const found = [];
  let from = 0;
  for (;;) {
    const at = plan.indexOf('query=[{', from);
    if (at < 0) {
      return found;
    }
    const start = at + 'query=['.length;
    let depth = 0;
    let inString = false;
    let end = start;
    for (; end < plan.length; end++) {
      const c = plan[end];
      if (inString) {
        if (c === '\\') {
          end++;
        } else if (c === '"') {
          inString = false;
        }
      } else if (c === '"') {
        inString = true;
      } else if (c === '{') {
        depth++;
      } else if (c === '}' && --depth === 0) {
        break;
      }
    }
    try {
      found.push(JSON.parse(plan.slice(start, end + 1)));
    } catch (e) {
      found.push(plan.slice(start, end + 1));
    }
    from = end;
  }
}

/**
 * The span an error message names, as offsets into the statement: Calcite says 'at line L, column C' (a token
 * follows in quotes: 'Encountered "AS" at line 2, column 10') or 'From line L, column C to line L2, column C2'.
 */
export function errorSpan(sql, message) {
  const offset = (line, column) => {
    const lines = sql.split('\n');
    let at = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) {
      at += lines[i].length + 1;
    }
    return Math.min(sql.length, at + column - 1);
  };
  const range = /from line (\d+), column (\d+) to line (\d+), column (\d+)/i.exec(message);
  if (range) {
    return {start: offset(+range[1], +range[2]), end: offset(+range[3], +range[4]) + 1,
      line: +range[1], column: +range[2]};
  }
  const at = /at line (\d+), column (\d+)/i.exec(message);
  if (!at) {
    return null;
  }
  const start = offset(+at[1], +at[2]);
  const token = /Encountered "([^"]*)"/.exec(message);
  const length = token && token[1] && !token[1].startsWith('<') ? token[1].length : 1;
  return {start, end: Math.min(sql.length, start + Math.max(1, length)), line: +at[1], column: +at[2]};
}

function markError(state, sql, message) {
  if (state.editor.value !== sql) {
    return; // an EXPLAIN prefixes the statement: its positions are not the editor's
  }
  const span = errorSpan(sql, message);
  if (!span) {
    return;
  }
  const mark = markSpan(state.editor, state.backdrop, span.start, span.end, message, 'query-error');
  mark.dataset.line = span.line;
  mark.dataset.column = span.column;
}

function clearMark(state) {
  clearSpan(state.editor, state.backdrop);
}

function download(state) {
  if (!state.result) {
    return;
  }
  const blob = new Blob([toCsv(state.result)], {type: 'text/csv'});
  const url = URL.createObjectURL(blob);
  const link = el('a', {href: url, download: 'tally-result.csv'});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// History: the statements run in this tab (sessionStorage: gone with the tab, never shared).
function readHistory() {
  try {
    return JSON.parse(sessionStorage.getItem(HISTORY_KEY) || '[]');
  } catch (e) {
    return [];
  }
}

function lastHistory() {
  const history = readHistory();
  return history.length ? history[0].sql : null;
}

function addHistory(state, sql, ok) {
  const history = readHistory().filter(entry => entry.sql !== sql);
  history.unshift({sql, ok, at: Date.now()});
  sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(0, HISTORY_SIZE)));
  renderHistory(state);
}

function renderHistory(state) {
  state.history.replaceChildren(...readHistory().map(entry => el('li', {},
    el('button.history-entry' + (entry.ok ? '' : '.failed'), {
      type: 'button', title: new Date(entry.at).toLocaleTimeString(),
      onclick: () => {
        state.editor.value = entry.sql;
        clearMark(state);
        state.editor.focus();
      },
    }, entry.sql.length > 120 ? entry.sql.slice(0, 120) + '…' : entry.sql))));
}
