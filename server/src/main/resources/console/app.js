// The console's shell: a hash router over the pages, the login dialog, and the navigation's current page.
import * as api from './api.js';
import {el, errorBox} from './dom.js';
import * as home from './pages/home.js';
import * as query from './pages/query.js';
import * as tables from './pages/tables.js';
import * as explore from './pages/explore.js';

const pages = {home, query, tables, explore};
const main = document.getElementById('main');
let current = null;

/** '#/tables/web?x=1' -> {page: 'tables', rest: ['web'], params: URLSearchParams('x=1')} */
export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search] = hash.split('?');
  const [page, ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return {page: pages[page] ? page : 'home', rest, params: new URLSearchParams(search || '')};
}

async function show() {
  const next = route();
  if (current && current.leave) {
    current.leave();
  }
  current = pages[next.page];
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === next.page) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  main.replaceChildren();
  document.title = 'Tally · ' + next.page[0].toUpperCase() + next.page.slice(1);
  try {
    await current.enter(main, next);
  } catch (e) {
    console.warn('page failed', e);
    main.append(errorBox(e));
  }
}

// The login dialog: shown when the server answers 401; one prompt serves every request waiting for it.
let pendingLogin = null;

function askLogin(message) {
  if (pendingLogin) {
    return pendingLogin;
  }
  const dialog = document.getElementById('login');
  const form = document.getElementById('login-form');
  const error = document.getElementById('login-error');
  error.textContent = api.isLoggedIn() ? (message || 'Those credentials were refused.') : '';
  pendingLogin = new Promise(resolve => {
    form.onsubmit = event => {
      event.preventDefault();
      const user = form.elements.user.value.trim();
      api.setCredentials(user, form.elements.password.value);
      document.getElementById('who').textContent = user ? 'Logged in as ' + user : 'Token';
      form.elements.password.value = '';
      dialog.close();
      pendingLogin = null;
      resolve();
    };
  });
  if (!dialog.open) {
    dialog.showModal();
  }
  form.elements.user.focus();
  return pendingLogin;
}

api.onLoginNeeded(askLogin);
document.getElementById('login').addEventListener('cancel', event => event.preventDefault());
window.addEventListener('hashchange', () => {
  if (!current || !current.onHashChange || !current.onHashChange(route())) {
    show();
  }
});
show();
