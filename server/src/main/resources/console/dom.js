// Small DOM helpers: build elements without innerHTML, so no value from the server is ever parsed as markup.

/** el('a#id.link', {href: '#/'}, 'text', child, ...): a tag with an optional #id, .classes, attributes, children. */
export function el(spec, attributes, ...children) {
  const [tag, ...parts] = spec.split(/(?=[.#])/);
  const node = document.createElement(tag || 'div');
  const classes = parts.filter(p => p[0] === '.').map(p => p.slice(1));
  const id = parts.find(p => p[0] === '#');
  if (classes.length) {
    node.className = classes.join(' ');
  }
  if (id) {
    node.id = id.slice(1);
  }
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key in node && typeof value !== 'string') {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child instanceof Node ? child : String(child));
    }
  }
}

/** A labelled form control: <label for=id>text</label> then the control. */
export function field(id, text, control) {
  control.id = id;
  return el('div.field', {}, el('label', {for: id}, text), control);
}

const numbers = new Intl.NumberFormat('en-US', {maximumFractionDigits: 2});

export function formatNumber(value) {
  return typeof value === 'number' ? numbers.format(value) : String(value ?? '');
}

/** "12 s ago", "3 min ago", "2 h ago" for an instant in milliseconds. */
export function ago(millis) {
  const seconds = Math.max(0, Math.round((Date.now() - millis) / 1000));
  if (seconds < 120) {
    return seconds + ' s ago';
  }
  if (seconds < 7200) {
    return Math.round(seconds / 60) + ' min ago';
  }
  if (seconds < 172800) {
    return Math.round(seconds / 3600) + ' h ago';
  }
  return Math.round(seconds / 86400) + ' days ago';
}

/** A message block for an error, with role=alert so screen readers announce it. */
export function errorBox(error) {
  return el('div.error', {role: 'alert'}, error.category ? el('strong', {}, error.category + ': ') : null,
    error.message);
}

/**
 * Replaces a container's children (a live refresh) without taking the keyboard focus away: the focused element's
 * data-focus-key names its successor in the new children.
 */
export function replaceKeepingFocus(container, children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  container.replaceChildren(...children);
  if (key !== undefined) {
    const successor = container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (successor) {
      successor.focus();
    }
  }
}
