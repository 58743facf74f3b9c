// The console's only way to the server: the public HTTP API (DESIGN §6), as any client uses it.
// Credentials live in this module's memory only (never localStorage or sessionStorage): a reload asks again.

let authorization = null;
let loginPrompt = null;

/** Called with a function that asks the user for credentials and resolves once they were set. */
export function onLoginNeeded(prompt) {
  loginPrompt = prompt;
}

export function setCredentials(user, password) {
  // Basic carries UTF-8 bytes in base64 (RFC 7617); btoa takes one character per byte
  authorization = user ? 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(user + ':' + password)))
    : 'Bearer ' + password;
}

export function isLoggedIn() {
  return authorization !== null;
}

/** An error answered by the server: its status and DESIGN §6's body (error category, errorMessage). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body.errorMessage || body.error || ('HTTP ' + status));
    this.status = status;
    this.category = body.error || '';
  }
}

async function send(method, path, body, signal) {
  const headers = {'X-Requested-With': 'XMLHttpRequest'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (authorization) {
    headers.Authorization = authorization;
  }
  const response = await fetch(path, {
    method, headers, signal, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = {errorMessage: text};
  }
  return {response, json};
}

/** Sends a request; while the server answers 401, asks for a login (saying why) and sends it again. */
export async function call(method, path, body, signal) {
  let {response, json} = await send(method, path, body, signal);
  while (response.status === 401 && loginPrompt) {
    await loginPrompt(json && json.errorMessage);
    ({response, json} = await send(method, path, body, signal));
  }
  if (!response.ok) {
    throw new ApiError(response.status, json || {});
  }
  return {json, headers: response.headers};
}

/** A query id this page chooses, so that it can cancel the query while it runs. */
export function newQueryId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return 'console-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Runs SQL; resolves to {columns: [{name, type, sqlType}], rows: [[...]], queryId}.
 * Asks for the array format with both type headers, so the grid can show each column's type.
 */
export async function sql(query, {queryId, signal, parameters} = {}) {
  const body = {query, resultFormat: 'array', header: true, typesHeader: true, sqlTypesHeader: true,
    context: {queryId: queryId || newQueryId()}};
  if (parameters) {
    body.parameters = parameters;
  }
  const {json, headers} = await call('POST', '/v1/sql', body, signal);
  const [names, types, sqlTypes, ...rows] = json;
  const columns = names.map((name, i) => ({name, type: types[i], sqlType: sqlTypes[i]}));
  return {columns, rows, queryId: headers.get('X-Tally-Query-Id')};
}

/** Rows of a query as objects keyed by column name. */
export async function sqlObjects(query, options) {
  const {columns, rows} = await sql(query, options);
  return rows.map(row => Object.fromEntries(columns.map((c, i) => [c.name, row[i]])));
}

/** Cancels a running query; false when the server knows no running query by that id (not started, or done). */
export async function cancel(queryId) {
  const {response} = await send('DELETE', '/v1/sql/' + encodeURIComponent(queryId));
  if (response.status === 404) {
    return false;
  }
  if (!response.ok) {
    throw new ApiError(response.status, {errorMessage: 'cancel answered ' + response.status});
  }
  return true;
}

export const tables = async () => (await call('GET', '/v1/tables')).json;
export const table = async name => (await call('GET', '/v1/tables/' + encodeURIComponent(name))).json;
export const status = async name => (await call('GET', '/v1/tables/' + encodeURIComponent(name) + '/status')).json;
export const createTable = async spec => (await call('POST', '/v1/tables', spec)).json;
export const dropTable = async name => (await call('DELETE', '/v1/tables/' + encodeURIComponent(name))).json;

/** An identifier quoted for SQL (double quotes, as Druid's dialect and Tally's parser want). */
export function ident(name) {
  return '"' + String(name).replace(/"/g, '""') + '"';
}

/** A string literal for SQL. */
export function literal(value) {
  return "'" + String(value).replace(/'/g, "''") + "'";
}

/** A TIMESTAMP literal of a UTC instant in milliseconds. */
export function timestamp(millis) {
  return "TIMESTAMP '" + new Date(millis).toISOString().replace('T', ' ').replace('Z', '') + "'";
}
