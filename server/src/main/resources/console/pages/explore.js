// Explore: one table over a time range; a time series of a chosen aggregate at a chosen grain, and beside it the top
// values of every dimension with their share. Clicking a value adds a filter chip that every panel obeys. The whole
// state lives in the URL's hash (shareable); with live on, every panel refreshes every few seconds.
import * as api from '../api.js';
import {el, errorBox, formatNumber, replaceKeepingFocus} from '../dom.js';
import {timeSeriesChart} from './chart.js';

const RANGES = {'15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000};
const RANGE_LABELS = {'15m': 'Last 15 minutes', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days',
  custom: 'Custom'};
const GRAINS = {PT1M: 60_000, PT5M: 300_000, PT15M: 900_000, PT1H: 3_600_000, P1D: 86_400_000};
const TOP_VALUES = 10;
const LIVE_MILLIS = 5000;

let view = null;

export async function enter(main, {params}) {
  const specs = await api.tables();
  view = {main, specs, generation: 0, timer: null, chart: null};
  if (!specs.length) {
    main.append(el('h1', {}, 'Explore'), el('p', {}, 'No tables yet. ', el('a', {href: '#/tables'}, 'Create one')));
    return;
  }
  view.state = readState(params, specs);
  build();
  await refresh();
  schedule();
}

export function leave() {
  if (view) {
    clearTimeout(view.timer);
    view.generation++;
    if (view.chart) {
      view.chart.destroy();
    }
    window.removeEventListener('resize', onResize);
  }
  view = null;
}

/** Back, forward or a pasted URL: take the state from the hash and redraw in place. */
export function onHashChange(next) {
  if (!view || next.page !== 'explore' || !view.specs.length) {
    return false;
  }
  view.state = readState(next.params, view.specs);
  build();
  refresh();
  return true;
}

// ------------------------------------------------------------------ state <-> URL

function readState(params, specs) {
  const spec = specs.find(s => s.name === params.get('table')) || specs[0];
  const range = params.get('range') in RANGES || params.get('range') === 'custom' ? params.get('range') : '1h';
  const aggregates = aggregatesOf(spec);
  const agg = aggregates.some(a => a.key === params.get('agg')) ? params.get('agg') : 'count';
  const grain = params.get('grain') in GRAINS ? params.get('grain') : defaultGrain(RANGES[range] || RANGES['1h']);
  const filters = params.getAll('f').map(f => {
    const colon = f.indexOf(':');
    return {dimension: f.slice(0, colon), value: f.slice(colon + 1)};
  }).filter(f => dimensionsOf(spec).includes(f.dimension));
  return {table: spec.name, range, from: params.get('from') || '', to: params.get('to') || '', agg, grain, filters,
    live: params.get('live') !== '0'};
}

function writeState() {
  const s = view.state;
  const params = new URLSearchParams({table: s.table, range: s.range, agg: s.agg, grain: s.grain});
  if (s.range === 'custom') {
    params.set('from', s.from);
    params.set('to', s.to);
  }
  for (const f of s.filters) {
    params.append('f', f.dimension + ':' + f.value);
  }
  if (!s.live) {
    params.set('live', '0');
  }
  history.replaceState(null, '', '#/explore?' + params);
}

function change(partial) {
  Object.assign(view.state, partial);
  writeState();
  build();
  refresh();
  schedule();
}

// ------------------------------------------------------------------ what to ask

const spec = () => view.specs.find(s => s.name === view.state.table);
const dimensionsOf = s => s.dimensions.map(d => typeof d === 'string' ? d : d.name);

/** The aggregates a table offers: events, and per metric what makes sense of its type. */
function aggregatesOf(s) {
  // additive: parts sum to the whole, so a value has a share; emptyIsZero: a bucket without events counts 0, not a gap
  const aggregates = [{key: 'count', label: 'Events', sql: 'COUNT(*)', additive: true, emptyIsZero: true}];
  for (const m of s.metrics) {
    const column = api.ident(m.name);
    if (/Sum$/.test(m.type)) {
      aggregates.push({key: 'sum:' + m.name, label: 'Sum of ' + m.name, sql: `SUM(${column})`, additive: true,
        emptyIsZero: true});
    } else if (/Max$/.test(m.type)) {
      aggregates.push({key: 'max:' + m.name, label: 'Max of ' + m.name, sql: `MAX(${column})`});
    } else if (/Min$/.test(m.type)) {
      aggregates.push({key: 'min:' + m.name, label: 'Min of ' + m.name, sql: `MIN(${column})`});
    } else if (m.type === 'hllSketch') {
      aggregates.push({key: 'distinct:' + m.name, label: 'Distinct ' + m.name,
        sql: `APPROX_COUNT_DISTINCT(${column})`, emptyIsZero: true});
    }
  }
  return aggregates;
}

function defaultGrain(span) {
  return span <= 3 * 3_600_000 ? 'PT1M' : span <= 2 * 86_400_000 ? 'PT15M' : 'PT1H';
}

/** The interval [from, to) in milliseconds: relative ranges end now. */
function interval() {
  const s = view.state;
  if (s.range === 'custom') {
    const from = Date.parse(s.from);
    const to = Date.parse(s.to);
    if (Number.isFinite(from) && Number.isFinite(to) && from < to) {
      return {from, to};
    }
  }
  const to = Date.now();
  return {from: to - (RANGES[s.range] || RANGES['1h']), to};
}

function where({from, to}, filters) {
  const terms = [`__time >= ${api.timestamp(from)}`, `__time < ${api.timestamp(to)}`];
  const byDimension = new Map();
  for (const f of filters) {
    byDimension.set(f.dimension, [...(byDimension.get(f.dimension) || []), f.value]);
  }
  for (const [dimension, values] of byDimension) {
    terms.push(`${api.ident(dimension)} IN (${values.map(api.literal).join(', ')})`);
  }
  return 'WHERE ' + terms.join(' AND ');
}

// ------------------------------------------------------------------ drawing

function build() {
  const s = view.state;
  const main = view.main;
  const tableSelect = el('select', {}, view.specs.map(t => el('option', {value: t.name, selected: t.name === s.table},
    t.name)));
  tableSelect.addEventListener('change', () => change({table: tableSelect.value, filters: [], agg: 'count'}));
  const rangeSelect = el('select', {}, Object.entries(RANGE_LABELS).map(([key, label]) =>
    el('option', {value: key, selected: key === s.range}, label)));
  rangeSelect.addEventListener('change', () => {
    const partial = {range: rangeSelect.value};
    if (rangeSelect.value === 'custom' && !s.from) {
      const {from, to} = interval();
      Object.assign(partial, {from: new Date(from).toISOString(), to: new Date(to).toISOString()});
    } else if (RANGES[rangeSelect.value]) {
      partial.grain = defaultGrain(RANGES[rangeSelect.value]);
    }
    change(partial);
  });
  const aggSelect = el('select', {}, aggregatesOf(spec()).map(a => el('option', {value: a.key,
    selected: a.key === s.agg}, a.label)));
  aggSelect.addEventListener('change', () => change({agg: aggSelect.value}));
  const grainSelect = el('select', {}, Object.keys(GRAINS).map(g => el('option', {value: g, selected: g === s.grain},
    {PT1M: 'Minute', PT5M: '5 minutes', PT15M: '15 minutes', PT1H: 'Hour', P1D: 'Day'}[g])));
  grainSelect.addEventListener('change', () => change({grain: grainSelect.value}));
  const live = el('input', {type: 'checkbox', checked: s.live});
  live.addEventListener('change', () => change({live: live.checked}));
  const controls = el('div.controls', {role: 'group', 'aria-label': 'What to explore'},
    control('explore-table', 'Table', tableSelect), control('explore-range', 'Time range', rangeSelect),
    s.range === 'custom' ? [customTime('explore-from', 'From (UTC)', 'from'), customTime('explore-to', 'To (UTC)',
      'to')] : null,
    control('explore-agg', 'Measure', aggSelect), control('explore-grain', 'Grain', grainSelect),
    el('div.field.check', {}, live, el('label', {for: 'explore-live'}, `Live (every ${LIVE_MILLIS / 1000} s)`)));
  live.id = 'explore-live';
  const chips = el('div#filters.chips', {role: 'list', 'aria-label': 'Filters'},
    s.filters.length ? s.filters.map(f => el('span.chip', {role: 'listitem',
      dataset: {dimension: f.dimension, value: f.value}},
    `${f.dimension} = ${f.value}`, el('button.chip-remove', {type: 'button',
      'aria-label': `Remove filter ${f.dimension} = ${f.value}`,
      onclick: () => change({filters: s.filters.filter(g => g !== f)})}, '×')))
      : el('span.hint', {}, 'No filters: click a value on the right to add one.'));
  view.chartBox = el('div#explore-chart.chart', {role: 'img', 'aria-label': 'Time series'});
  view.totalBox = el('p#explore-total.total', {'aria-live': 'polite'});
  view.panels = el('div#explore-dimensions.dimensions');
  view.message = el('div#explore-message');
  view.sqlBox = el('pre#explore-sql');
  if (view.chart) {
    view.chart.destroy();
    view.chart = null;
  }
  main.replaceChildren(
    el('h1', {}, 'Explore'), controls, chips, view.message,
    el('div.explore-layout', {},
      el('section.explore-series', {'aria-label': 'Time series'}, view.totalBox, view.chartBox,
        el('details', {}, el('summary', {}, 'SQL of this view'), view.sqlBox)),
      el('section', {'aria-label': 'Top values by dimension'}, view.panels)));
  window.removeEventListener('resize', onResize);
  window.addEventListener('resize', onResize);
}

function control(id, label, input) {
  input.id = id;
  return el('div.field', {}, el('label', {for: id}, label), input);
}

function customTime(id, label, key) {
  const value = view.state[key] ? new Date(view.state[key]).toISOString().slice(0, 16) : '';
  const input = el('input', {type: 'datetime-local', value, step: 60});
  input.addEventListener('change', () => {
    const millis = Date.parse(input.value + 'Z');
    if (Number.isFinite(millis)) {
      change({[key]: new Date(millis).toISOString()});
    }
  });
  return control(id, label, input);
}

function onResize() {
  if (view && view.chart) {
    view.chart.setSize({width: view.chartBox.clientWidth, height: view.chart.height});
  }
}

function schedule() {
  clearTimeout(view.timer);
  if (view.state.live) {
    view.timer = setTimeout(async () => {
      if (!view) {
        return;
      }
      await refresh();
      if (view) {
        schedule();
      }
    }, LIVE_MILLIS);
  }
}

async function refresh() {
  const generation = ++view.generation;
  const s = view.state;
  const agg = aggregatesOf(spec()).find(a => a.key === s.agg);
  const range = interval();
  const table = api.ident(s.table);
  const filter = where(range, s.filters);
  const seriesSql = `SELECT TIME_FLOOR(__time, '${s.grain}') AS "t", ${agg.sql} AS "v" FROM ${table} ${filter} ` +
    'GROUP BY 1 ORDER BY 1';
  const totalSql = `SELECT ${agg.sql} AS "v" FROM ${table} ${filter}`;
  const topSql = d => `SELECT ${api.ident(d)} AS "value", ${agg.sql} AS "v" FROM ${table} ${filter} ` +
    `GROUP BY 1 ORDER BY 2 DESC LIMIT ${TOP_VALUES}`;
  try {
    const [series, total, ...tops] = await Promise.all([api.sqlObjects(seriesSql), api.sqlObjects(totalSql),
      ...dimensionsOf(spec()).map(d => api.sqlObjects(topSql(d)))]);
    if (!view || generation !== view.generation) {
      return; // a newer refresh (or another page) took over
    }
    const totalValue = total.length ? total[0].v : 0;
    view.message.replaceChildren();
    view.sqlBox.textContent = [seriesSql, totalSql, topSql('<dimension>')].join(';\n') + ';';
    const box = view.main.querySelector('.explore-layout');
    box.dataset.from = range.from;
    box.dataset.to = range.to;
    view.totalBox.replaceChildren(el('span.total-label', {}, agg.label + ' '),
      el('span.total-value', {dataset: {value: totalValue ?? 0}}, formatNumber(totalValue ?? 0)),
      el('span.hint', {}, ` from ${new Date(range.from).toISOString().slice(0, 16).replace('T', ' ')} to ` +
        `${new Date(range.to).toISOString().slice(0, 16).replace('T', ' ')} UTC`));
    drawChart(series, range, agg);
    // a share is a part of a sum: of a max, a min or a distinct count it would mislead
    replaceKeepingFocus(view.panels, dimensionsOf(spec()).map((d, i) => panel(d, tops[i],
      agg.additive ? totalValue : null)));
  } catch (e) {
    if (view && generation === view.generation) {
      view.message.replaceChildren(errorBox(e));
    }
  }
}

function drawChart(series, {from, to}, agg) {
  const step = GRAINS[view.state.grain];
  const values = new Map(series.map(row => [Date.parse(row.t), row.v]));
  const xs = [];
  const ys = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    xs.push(t / 1000);
    ys.push(values.has(t) ? values.get(t) : agg.emptyIsZero ? 0 : null);
  }
  view.chartBox.dataset.points = String(series.length);
  view.chartBox.dataset.sum = String(series.reduce((sum, row) => sum + (row.v || 0), 0));
  if (view.chart) {
    view.chart.setData([xs, ys]);
    return;
  }
  view.chart = timeSeriesChart(view.chartBox, agg.label, [xs, ys]);
}

function panel(dimension, rows, total) {
  const filtered = new Set(view.state.filters.filter(f => f.dimension === dimension).map(f => f.value));
  return el('section.dim-panel', {dataset: {dimension}, 'aria-label': 'Top ' + dimension},
    el('h2', {}, dimension),
    rows.length ? el('ol.top-values', {}, rows.map(row => {
      const max = rows.reduce((m, r) => Math.max(m, r.v || 0), 0);
      const share = total ? row.v / total : total === null && max ? row.v / max : 0;
      const label = row.value === null ? '(null)' : String(row.value);
      return el('li', {},
        el('button.value', {
          type: 'button', disabled: row.value === null, 'aria-pressed': String(filtered.has(label)),
          dataset: {value: label, v: row.v ?? 0, focusKey: dimension + '=' + label},
          title: row.value === null ? 'Events without a value' : `Filter on ${dimension} = ${label}`,
          onclick: () => {
            if (!filtered.has(label)) {
              change({filters: [...view.state.filters, {dimension, value: label}]});
            }
          },
        },
        el('span.bar', {style: `width: ${Math.round(Math.min(1, share) * 100)}%`}),
        el('span.label', {}, label),
        el('span.v', {}, formatNumber(row.v ?? 0)),
        el('span.share', {}, total === null ? '' : (share * 100).toFixed(1) + '%')));
    })) : el('p.hint', {}, 'No events.'));
}
