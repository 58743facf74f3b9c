// Tables: the list with each schema; a table's status (ingest state, events/s, per-partition lag, parse errors with
// samples, segments, rollup ratio, retention, compaction); create from a pasted JSON spec with the error marked on
// the field it names; drop after typing the table's name.
import * as api from '../api.js';
import {ago, el, errorBox, formatNumber} from '../dom.js';
import {markableTextarea, markSpan} from '../marks.js';
import {createTableForm} from './createform.js';
import {fieldNamed, locate} from './jsonpath.js';

const TEMPLATE = {
  name: 'my_events',
  timestamp: {column: 'ts', format: 'iso'},
  dimensions: ['country', 'device'],
  metrics: [{name: 'count', type: 'count'}, {name: 'revenue', type: 'doubleSum', field: 'revenue'},
    {name: 'users', type: 'hllSketch', field: 'user_id'}],
  rollup: 'PT1M',
  segmentGranularity: 'PT1H',
  source: {type: 'push'},
};
const STATUS_REFRESH_MILLIS = 3000;

let timer = null;

export async function enter(main, {rest}) {
  if (rest.length) {
    await showTable(main, rest[0]);
  } else {
    await showList(main);
  }
}

export function leave() {
  clearInterval(timer);
}

const dimensionName = d => typeof d === 'string' ? d : d.name;
const text = value => value === null || value === undefined ? '—'
  : typeof value === 'object' ? JSON.stringify(value) : String(value);

function schema(spec) {
  return el('table.grid.schema', {},
    el('thead', {}, el('tr', {}, ['Column', 'Kind', 'Type', 'From field'].map(h => el('th', {scope: 'col'}, h)))),
    el('tbody', {},
      el('tr', {}, el('td', {}, '__time'), el('td', {}, 'time'), el('td', {}, 'TIMESTAMP'),
        el('td', {}, spec.timestamp.column + ' (' + spec.timestamp.format + ')')),
      spec.dimensions.map(d => el('tr', {}, el('td', {}, dimensionName(d)), el('td', {}, 'dimension'),
        el('td', {}, typeof d === 'string' ? 'string' : d.type || 'string'), el('td', {}, ''))),
      spec.metrics.map(m => el('tr', {}, el('td', {}, m.name), el('td', {}, 'metric'), el('td', {}, m.type),
        el('td', {}, m.field || '')))));
}

async function showList(main) {
  const specs = await api.tables();
  main.append(el('h1', {}, 'Tables'));
  for (const spec of specs) {
    const q = encodeURIComponent(spec.name);
    main.append(el('section.table-card', {'aria-label': 'Table ' + spec.name},
      el('h2', {}, el('a', {href: '#/tables/' + q}, spec.name)),
      el('p.hint', {}, `rollup ${text(spec.rollup)}, segments per ${text(spec.segmentGranularity)}, retention ` +
        `${text(spec.retention)}, source ${spec.source ? spec.source.type : '—'}`),
      schema(spec)));
  }
  const opened = created => {
    location.hash = '#/tables/' + encodeURIComponent(created.name);
  };
  main.append(createTableForm(opened), createForm(opened));
}

function createForm(onCreated) {
  const textarea = el('textarea.spec#create-spec', {rows: 16, spellcheck: 'false', 'aria-describedby': 'create-hint'});
  textarea.value = JSON.stringify(TEMPLATE, null, 2);
  const {backdrop, box} = markableTextarea(textarea);
  const message = el('div#create-error', {role: 'alert'});
  const submit = el('button#create-submit', {type: 'submit'}, 'Create table');
  const form = el('form.create', {'aria-labelledby': 'create-title'},
    el('h2#create-title', {}, 'Or paste a table spec'),
    el('label', {for: 'create-spec'}, 'Table spec (JSON)'),
    el('p#create-hint.hint', {}, 'Paste a spec as POST /v1/tables takes it. A field the server refuses is marked.'),
    box, message, submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    message.replaceChildren();
    let spec;
    try {
      spec = JSON.parse(textarea.value);
    } catch (e) {
      message.replaceChildren(errorBox({message: 'Not JSON: ' + e.message}));
      return;
    }
    try {
      onCreated(await api.createTable(spec));
    } catch (e) {
      message.replaceChildren(errorBox(e));
      const path = fieldNamed(e.message);
      const span = path && locate(textarea.value, path);
      if (span) {
        const mark = markSpan(textarea, backdrop, span.start, span.end, e.message, 'create-error');
        mark.dataset.field = path;
        message.prepend(el('p.field-named', {}, 'The field ', el('code', {}, path), ' is marked in the spec.'));
      }
    }
  });
  return form;
}

async function showTable(main, name) {
  const spec = await api.table(name);
  const statusBox = el('div#table-status', {'aria-live': 'polite'});
  const dropButton = el('button#drop-open.danger', {type: 'button'}, 'Drop table…');
  const q = encodeURIComponent(name);
  main.append(
    el('h1', {}, 'Table ', el('span.table-name', {}, name)),
    el('p', {}, el('a', {href: `#/explore?table=${q}`}, 'Explore'), ' · ',
      el('a', {href: `#/query?sql=${encodeURIComponent(`SELECT * FROM ${api.ident(name)} ORDER BY __time DESC ` +
        'LIMIT 100')}`}, 'Query'), ' · ', el('a', {href: '#/tables'}, 'All tables')),
    el('h2', {}, 'Status'), statusBox,
    el('h2', {}, 'Schema'), schema(spec),
    el('p.hint', {}, `rollup ${text(spec.rollup)}, segments per ${text(spec.segmentGranularity)}, retention ` +
      `${text(spec.retention)}, source ${text(spec.source)}`),
    spec.projections ? [el('h2', {}, 'Projections'), el('pre', {}, JSON.stringify(spec.projections, null, 2))] : null,
    el('h2', {}, 'Drop'), dropButton);
  dropButton.addEventListener('click', () => confirmDrop(main, name));
  let previous = null;
  const refresh = async () => {
    const status = await api.status(name);
    const now = performance.now();
    const rate = previous ? (status.eventsIn - previous.eventsIn) / ((now - previous.at) / 1000) : null;
    previous = {eventsIn: status.eventsIn, at: now};
    statusBox.replaceChildren(renderStatus(status, rate));
  };
  await refresh();
  timer = setInterval(() => refresh().catch(e => statusBox.replaceChildren(errorBox(e))), STATUS_REFRESH_MILLIS);
}

function renderStatus(status, rate) {
  const life = status.lifecycle || {};
  const facts = [
    ['Ingest', el('span.badge.' + status.ingestState, {}, status.ingestState),
      status.pauseReason ? ' (' + status.pauseReason + ')' : ''],
    ['Events/s', rate === null ? 'measuring…' : formatNumber(Math.max(0, rate))],
    ['Events in', formatNumber(status.eventsIn)],
    ['Committed events', formatNumber(status.committedEvents)],
    ['Rows', formatNumber(status.rows)],
    ['Rollup ratio', formatNumber(status.rollupRatio)],
    ['Segments', formatNumber(status.segments)],
    ['Last persist', status.lastPersist ? `${status.lastPersist} (${ago(Date.parse(status.lastPersist))})` : '—'],
    ['Persist failures', formatNumber(status.persistFailures)],
    ['Last compaction', text(life.lastCompaction) + `, ${formatNumber(life.segmentsCompacted)} segments, rollup ` +
      `ratio after ${formatNumber(life.rollupRatioAfterCompaction)}`],
    ['Last retention', text(life.lastRetention) + `, ${formatNumber(life.segmentsDropped)} segments dropped`],
  ];
  if (status.lastPersistError || life.lastError) {
    facts.push(['Error', status.lastPersistError || life.lastError]);
  }
  const reasons = Object.entries(status.parseErrors || {});
  return el('div', {},
    el('dl.facts', {}, facts.map(([term, ...value]) => [el('dt', {}, term), el('dd', {}, value)])),
    el('h3', {}, 'Partitions'),
    status.partitions && status.partitions.length ? el('table.grid#partitions', {},
      el('thead', {}, el('tr', {}, ['Partition', 'Committed offset', 'Latest offset', 'Lag']
        .map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, status.partitions.map(p => el('tr', {}, el('td', {}, p.partition),
        el('td.num', {}, formatNumber(p.committedOffset)), el('td.num', {}, formatNumber(p.latestOffset)),
        el('td.num', {}, formatNumber(p.lag))))))
      : el('p.hint', {}, 'No Kafka partitions (a push table takes events over HTTP).'),
    el('h3', {}, 'Parse errors'),
    reasons.length ? el('table.grid#parse-errors', {},
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Reason'), el('th', {scope: 'col'}, 'Events'))),
      el('tbody', {}, reasons.map(([reason, n]) => el('tr', {}, el('td', {}, reason), el('td.num', {}, n)))))
      : el('p.hint', {}, 'None.'),
    status.samples && status.samples.length ? [el('h3', {}, 'Samples'), el('table.grid#parse-samples', {},
      el('thead', {}, el('tr', {}, ['Reason', 'Position', 'Raw event'].map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, status.samples.map(s => el('tr', {}, el('td', {}, s.reason), el('td', {}, s.position),
        el('td', {}, el('code', {}, s.raw))))))] : null);
}

function confirmDrop(main, name) {
  const input = el('input#drop-name', {autocomplete: 'off'});
  const confirm = el('button#drop-confirm.danger', {type: 'submit', disabled: true}, 'Drop');
  const cancel = el('button', {type: 'button'}, 'Cancel');
  const error = el('div', {role: 'alert'});
  const dialog = el('dialog#drop-dialog', {'aria-labelledby': 'drop-title'}, el('form', {method: 'dialog'},
    el('h2#drop-title', {}, 'Drop table ' + name + '?'),
    el('p', {}, 'Its segments and ingest state are deleted. This cannot be undone.'),
    el('label', {for: 'drop-name'}, 'Type the table\'s name to confirm'), input, error,
    el('div.buttons', {}, confirm, cancel)));
  input.addEventListener('input', () => {
    confirm.disabled = input.value !== name;
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  dialog.querySelector('form').addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api.dropTable(name);
      dialog.close();
      location.hash = '#/tables';
    } catch (e) {
      error.replaceChildren(errorBox(e));
    }
  });
  main.append(dialog);
  dialog.showModal();
  input.focus();
}
