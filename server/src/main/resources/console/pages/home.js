// Home: every table with its event count, ingest state and freshness, linking to its status, Query and Explore.
import * as api from '../api.js';
import {ago, el, errorBox, formatNumber, replaceKeepingFocus} from '../dom.js';

let timer = null;

export async function enter(main) {
  const body = el('tbody');
  main.append(
    el('h1', {}, 'Tables'),
    el('p.hint', {}, 'Events are ingested events (COUNT(*)), freshness the newest event time. Refreshes every 5 s.'),
    el('table.grid#home-tables', {}, el('thead', {}, el('tr', {},
      ['Table', 'Events', 'Ingest', 'Newest event', 'Source', ''].map(h => el('th', {scope: 'col'}, h)))), body));
  await refresh(body);
  timer = setInterval(() => refresh(body).catch(e => console.warn('home refresh failed', e)), 5000);
}

export function leave() {
  clearInterval(timer);
}

async function refresh(body) {
  const specs = await api.tables();
  const rows = await Promise.all(specs.map(row));
  replaceKeepingFocus(body, rows);
  if (!specs.length) {
    body.append(el('tr', {}, el('td', {colspan: 6}, 'No tables yet. ', el('a', {href: '#/tables'}, 'Create one'))));
  }
}

async function row(spec) {
  const name = spec.name;
  let events = '';
  let newest = '';
  let state = '';
  let problem = null;
  try {
    const [counts] = await api.sqlObjects(
      `SELECT COUNT(*) AS "events", MAX(__time) AS "newest" FROM ${api.ident(name)}`);
    events = formatNumber(counts.events);
    newest = counts.newest && counts.events > 0 ? ago(Date.parse(counts.newest)) : 'no events';
    state = (await api.status(name)).ingestState || '';
  } catch (e) {
    problem = errorBox(e);
  }
  const q = encodeURIComponent(name);
  const sql = encodeURIComponent(`SELECT * FROM ${api.ident(name)} ORDER BY __time DESC LIMIT 100`);
  return el('tr', {dataset: {table: name}},
    el('th', {scope: 'row'}, el('a', {href: `#/tables/${q}`, dataset: {focusKey: name}}, name)),
    el('td.num.events', {}, events),
    el('td.state', {}, el('span.badge.' + state, {}, state), problem),
    el('td.fresh', {}, newest),
    el('td', {}, spec.source ? spec.source.type : ''),
    el('td.links', {},
      el('a', {href: `#/tables/${q}`, dataset: {focusKey: name + ' status'}}, 'Status'), ' ',
      el('a', {href: `#/query?sql=${sql}`, dataset: {focusKey: name + ' query'}}, 'Query'), ' ',
      el('a', {href: `#/explore?table=${q}`, dataset: {focusKey: name + ' explore'}}, 'Explore')));
}
