// Small DOM helpers: elements are built with h() (text is never parsed as HTML), problems are rendered readably,
// and every action shows progress, then its result or its error.
import { ApiError, signInUrl } from './api.js';

export function h(tag, attrs, ...children) {
  const svg = ['svg', 'g', 'rect', 'line', 'polyline', 'circle', 'text', 'title', 'path'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.setAttribute('class', value);
    else if (key === 'text') node.textContent = value;
    else if (key in node && !svg && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export function fmtDate(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

export function fmtNumber(value, digits = 0) {
  return Number(value ?? 0).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function time(value) {
  return h('time', { datetime: value || '', title: value || '' }, fmtDate(value));
}

const tones = {
  Active: 'good', Succeeded: 'good', Resolved: 'good', Stored: 'good', Shipped: 'good', Completed: 'good', ReadyToFulfil: 'good',
  PendingActivation: 'warn', Paused: 'warn', Running: 'info', Skipped: 'muted', Pending: 'warn', OnHold: 'warn', Open: 'warn', Released: 'info',
  Failed: 'bad', ReauthorizationRequired: 'bad', Cancelled: 'muted', CancelledAfterRelease: 'bad',
};

export function badge(text, tone) {
  return h('span', { class: `badge ${tone || tones[text] || 'info'}` }, text ?? '—');
}

/** A problem+json (or any error) as a readable box; a 401 offers to sign in again. */
export function problemView(error) {
  const p = error instanceof ApiError ? error.problem || {} : { title: 'Something went wrong', detail: String(error?.message || error) };
  const status = error instanceof ApiError && error.status ? ` (${error.status})` : '';
  const errors = p.errors && typeof p.errors === 'object' ? Object.entries(p.errors) : [];
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', { class: 'problem-title' }, (p.title || 'Error') + status),
    p.detail ? h('p', { class: 'problem-detail' }, p.detail) : null,
    errors.length ? h('ul', { class: 'problem-errors' }, errors.map(([field, messages]) =>
      h('li', {}, field ? h('code', {}, field) : null, field ? ': ' : '', [].concat(messages).join('; ')))) : null,
    p.reference ? h('p', { class: 'problem-reference' }, 'Reference: ', h('code', {}, p.reference)) : null,
    error instanceof ApiError && error.status === 401 ? h('p', {}, h('a', { href: signInUrl(), class: 'button' }, 'Sign in again')) : null);
}

export function success(...children) {
  return h('div', { class: 'success', role: 'status' }, ...children);
}

/**
 * Runs an action from a button: the button is disabled and says what is happening while it runs, then `out` shows
 * the result (what `done` returns) or the problem. Returns the action's value, or undefined after an error.
 */
export async function act(button, out, action, done, busyText = 'Working…') {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyText;
  if (out) clear(out, h('p', { class: 'progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), busyText));
  try {
    const value = await action();
    if (out) clear(out, done ? done(value) : success('Done.'));
    return value;
  } catch (error) {
    if (out) clear(out, problemView(error));
    else throw error;
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/** Loads into `container`: "Loading…" first, then what `render` builds, or the problem. */
export async function load(container, fetcher, render) {
  clear(container, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
  try {
    const data = await fetcher();
    clear(container, render(data));
    return data;
  } catch (error) {
    clear(container, problemView(error));
    return undefined;
  }
}

/** A table that becomes a list of cards on a phone (each cell carries its column name). */
export function table(columns, rows, options = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, options.empty || 'Nothing here.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' + (options.class ? ' ' + options.class : '') },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map(row => {
      const tr = h('tr', options.rowAttrs ? options.rowAttrs(row) : {}, columns.map(c => h('td', { 'data-label': c.label }, c.value(row))));
      return options.after ? [tr, options.after(row)] : tr;
    }))));
}

export function copyButton(text, label = 'Copy') {
  const button = h('button', { type: 'button', class: 'secondary copy' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      // Without clipboard permission: select the text so Ctrl-C works.
      const field = button.parentElement?.querySelector('input, textarea');
      field?.select();
      button.textContent = 'Press Ctrl-C';
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
  return button;
}

export function jsonBlock(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

/** Key/value facts. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function field(label, input, hint) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2, 9));
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('small', { class: 'hint' }, hint) : null);
}

export function pageTitle(text, ...extra) {
  document.title = `${text} · Support console`;
  return h('div', { class: 'page-head' }, h('h1', {}, text), ...extra);
}
