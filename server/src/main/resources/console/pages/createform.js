// Create a table from a form: each input says which spec field it fills (data-path), so the field a 400 names
// ('rollup: bad period…', 'metrics[1].field: …') gets the message under it.
import * as api from '../api.js';
import {el, errorBox} from '../dom.js';
import {fieldNamed, pathAndParents} from './jsonpath.js';

const METRIC_TYPES = ['count', 'longSum', 'doubleSum', 'longMin', 'longMax', 'doubleMin', 'doubleMax', 'hllSketch',
  'quantilesSketch'];
const FORMATS = ['iso', 'millis', 'seconds', 'auto'];

function input(id, label, path, attributes) {
  const control = el(attributes && attributes.options ? 'select' : 'input', {
    id, dataset: {path}, 'aria-describedby': id + '-error', ...(attributes && attributes.input)},
  attributes && attributes.options ? attributes.options.map(o => el('option', {value: o,
    selected: o === attributes.selected}, o)) : null);
  return el('div.field', {}, el('label', {for: id}, label), control, el('span.field-error', {id: id + '-error'}));
}

export function createTableForm(onCreated) {
  const metrics = el('div.metric-rows');
  let metricCount = 0;
  const addMetric = (name, type, field) => {
    const i = metricCount++;
    metrics.append(el('fieldset.metric', {}, el('legend', {}, 'Metric ' + (i + 1)),
      input(`form-metric-${i}-name`, 'Name', `metrics[${i}].name`, {input: {value: name}}),
      input(`form-metric-${i}-type`, 'Type', `metrics[${i}].type`, {options: METRIC_TYPES, selected: type}),
      input(`form-metric-${i}-field`, 'From field', `metrics[${i}].field`, {input: {value: field}})));
  };
  addMetric('count', 'count', '');
  const message = el('div#form-error', {role: 'alert'});
  const form = el('form.create#create-form', {'aria-labelledby': 'form-title'},
    el('h2#form-title', {}, 'Create a table'),
    el('div.form-grid', {},
      input('form-name', 'Name', 'name', {input: {required: true, placeholder: 'my_events'}}),
      input('form-ts-column', 'Timestamp field', 'timestamp.column', {input: {value: 'ts'}}),
      input('form-ts-format', 'Timestamp format', 'timestamp.format', {options: FORMATS, selected: 'iso'}),
      input('form-dimensions', 'Dimensions (comma-separated)', 'dimensions',
        {input: {placeholder: 'country, device'}}),
      input('form-rollup', 'Rollup', 'rollup', {input: {value: 'PT1M'}}),
      input('form-granularity', 'Segment granularity', 'segmentGranularity', {input: {value: 'PT1H'}}),
      input('form-retention', 'Retention (optional)', 'retention', {input: {placeholder: 'P30D'}})),
    metrics,
    el('div.buttons', {},
      el('button', {type: 'button', onclick: () => addMetric('', 'longSum', '')}, 'Add a metric'),
      el('button#form-submit.primary', {type: 'submit'}, 'Create table')),
    el('p.hint', {}, 'The table takes events pushed to POST /v1/tables/{name}/events; paste a JSON spec below for ' +
      'a Kafka source or anything the form does not offer.'),
    message);
  const value = path => form.querySelector(`[data-path="${path}"]`).value.trim();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    message.replaceChildren();
    for (const field of form.querySelectorAll('[aria-invalid]')) {
      field.removeAttribute('aria-invalid');
      document.getElementById(field.id + '-error').textContent = '';
    }
    const spec = {
      name: value('name'),
      timestamp: {column: value('timestamp.column'), format: value('timestamp.format')},
      dimensions: value('dimensions').split(',').map(d => d.trim()).filter(Boolean),
      metrics: [...Array(metricCount).keys()].map(i => {
        const metric = {name: value(`metrics[${i}].name`), type: value(`metrics[${i}].type`)};
        if (value(`metrics[${i}].field`)) {
          metric.field = value(`metrics[${i}].field`);
        }
        return metric;
      }).filter(m => m.name),
      rollup: value('rollup'),
      segmentGranularity: value('segmentGranularity'),
      source: {type: 'push'},
    };
    if (value('retention')) {
      spec.retention = value('retention');
    }
    try {
      onCreated(await api.createTable(spec));
    } catch (e) {
      message.replaceChildren(errorBox(e));
      markField(form, e.message || '');
    }
  });
  return form;
}

/** Puts the message under the input for the field it names ('metrics[0].type: …'), or its nearest parent's. */
function markField(form, message) {
  const named = fieldNamed(message);
  for (const path of named ? pathAndParents(named) : []) {
    const field = form.querySelector(`[data-path="${path}"]`);
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      document.getElementById(field.id + '-error').textContent = message;
      field.focus();
      return;
    }
  }
}
