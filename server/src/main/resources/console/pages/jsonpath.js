// Where a field named like the server names it ('metrics[1].type', 'timestamp.column') sits in a JSON text, so an
// error about that field can be marked where the user wrote it. A small parser that records each value's span.

/** The field a table spec error names: 'metrics[1].type: unknown type' -> 'metrics[1].type'; null if none. */
export function fieldNamed(message) {
  const named = /^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*): /.exec(message || '');
  return named && named[1];
}

/** path, then each enclosing path: 'metrics[1].type', 'metrics[1]', 'metrics'. */
export function* pathAndParents(path) {
  for (let key = path; key; key = key.replace(/(\[\d+\]|\.?[^.[\]]+)$/, '')) {
    yield key;
  }
}

/** {start, end} of the value at path in text, or of its nearest enclosing value that exists; null if not JSON. */
export function locate(text, path) {
  const spans = new Map();
  try {
    parse(text, spans);
  } catch (e) {
    return null;
  }
  for (const key of pathAndParents(path)) {
    if (spans.has(key)) {
      return spans.get(key);
    }
  }
  return null;
}

function parse(text, spans) {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) {
      i++;
    }
  };
  const string = () => {
    const start = i++;
    while (text[i] !== '"') {
      if (i >= text.length) {
        throw new Error('unterminated string');
      }
      i += text[i] === '\\' ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const comma = () => {
    space();
    if (text[i] === ',') {
      i++;
    }
    space();
  };
  const value = path => {
    space();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      while (text[i] !== '}') {
        space();
        const name = string();
        space();
        i++; // ':'
        value(path ? path + '.' + name : name);
        comma();
      }
      i++;
    } else if (c === '[') {
      i++;
      let index = 0;
      space();
      while (text[i] !== ']') {
        value(path + '[' + index++ + ']');
        comma();
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      const literal = /^(-?\d[\d.eE+-]*|true|false|null)/.exec(text.slice(i));
      if (!literal) {
        throw new Error('unexpected ' + c);
      }
      i += literal[0].length;
    }
    if (path) {
      spans.set(path, {start, end: i});
    }
  };
  value('');
}
