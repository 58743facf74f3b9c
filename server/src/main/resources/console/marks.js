// Marks a span of a textarea's text: a backdrop behind the (transparent) textarea mirrors its text, with the span
// in a <mark>. Used for the SQL error position and for the field a table spec error names.
import {el} from './dom.js';

/** Marks text[start, end) in the backdrop, puts the caret at start and says the textarea is invalid. */
export function markSpan(textarea, backdrop, start, end, title, errorId) {
  const text = textarea.value;
  const mark = el('mark.error-mark', {title}, text.slice(start, end) || ' ');
  backdrop.replaceChildren(text.slice(0, start), mark, text.slice(end) + '\n');
  textarea.classList.add('has-error');
  textarea.setAttribute('aria-invalid', 'true');
  textarea.setAttribute('aria-errormessage', errorId);
  textarea.focus();
  textarea.setSelectionRange(start, start);
  backdrop.scrollTop = textarea.scrollTop;
  return mark;
}

export function clearSpan(textarea, backdrop) {
  backdrop.replaceChildren();
  textarea.classList.remove('has-error');
  textarea.removeAttribute('aria-invalid');
}

/** A textarea over its backdrop, scrolling together. */
export function markableTextarea(textarea) {
  const backdrop = el('div.backdrop', {'aria-hidden': 'true'});
  textarea.addEventListener('scroll', () => {
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  });
  textarea.addEventListener('input', () => clearSpan(textarea, backdrop));
  return {backdrop, box: el('div.editor', {}, backdrop, textarea)};
}
