// Talking to the gateway's admin API: JSON calls, problem+json errors and SSE read with fetch.
// SSE goes through fetch() rather than EventSource because EventSource cannot send a bearer token.

const TOKEN_KEY = 'herald.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A refusal or failure, carrying the problem's detail to show to the user. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title);
    this.status = status;
    this.title = title;
  }
}

function headers(accept, withBody) {
  const result = { Accept: accept };
  const bearer = token();
  if (bearer) result.Authorization = `Bearer ${bearer}`;
  if (withBody) result['Content-Type'] = 'application/json';
  return result;
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Network error', `Cannot reach the gateway (${path}).`);
  }
}

async function refusal(response, path) {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail = `${path} answered ${response.status}.`;
  try {
    const problem = await response.json();
    title = problem.title || title;
    detail = problem.detail || problem.title || detail;
  } catch {
    // Not problem+json: keep the status line.
  }
  if (response.status === 401 || response.status === 403) {
    window.dispatchEvent(new CustomEvent('herald:auth', { detail }));
  }
  return new ApiError(response.status, title, detail);
}

/** Calls an admin endpoint and answers its JSON; throws ApiError on refusal. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const withBody = body !== undefined;
  const response = await send(path, {
    method,
    headers: headers('application/json', withBody),
    body: withBody ? JSON.stringify(body) : undefined,
    signal,
  });
  if (!response.ok) throw await refusal(response, path);
  return response.json();
}

/**
 * Reads a server-sent event stream, calling onEvent(name, data) per frame, until the stream
 * ends or the signal aborts. onOpen runs once the gateway has accepted the request.
 */
export async function stream(path, { signal, onOpen, onEvent }) {
  const response = await send(path, { headers: headers('text/event-stream'), signal });
  if (!response.ok) throw await refusal(response, path);
  onOpen?.();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(frame, onEvent);
    }
  }
}

function dispatch(frame, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // comments are heartbeats
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length) onEvent(name, data.join('\n'));
}

export const enc = encodeURIComponent;
