// Task center: every shop's runs (GET /api/admin/runs), by kind, outcome, shop and time, newest first, with each
// run's counts, details and error (TikTok's message and request id).
import { get, query } from '../api.js';
import { h, clear, pageTitle, field, table, badge, time, facts, problemView } from '../ui.js';

const kinds = ['OrderPull', 'InventoryPush', 'ProductSync', 'TokenRefresh', 'Webhook'];
const outcomes = ['Running', 'Succeeded', 'Failed', 'Skipped'];

const toLocalInput = (iso) => iso ? new Date(iso).toISOString().slice(0, 16) : '';
const fromLocalInput = (value) => value ? new Date(value + 'Z').toISOString() : '';

function duration(run) {
  if (!run.endedAt) return run.outcome === 'Running' ? 'running' : '—';
  const ms = new Date(run.endedAt) - new Date(run.startedAt);
  return ms < 1000 ? `${ms} ms` : ms < 120000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60000)} min`;
}

function runDetails(run) {
  return h('details', { class: 'run-details' }, h('summary', {}, 'Details'), facts([
    ['Run id', h('code', {}, run.runId)], ['Trigger', run.trigger], ['Ended', time(run.endedAt)],
    ...Object.entries(run.counts || {}).map(([k, v]) => [k, String(v)]),
    ...Object.entries(run.details || {}).map(([k, v]) => [k, String(v)]),
    run.errorType ? ['Error type', run.errorType] : null,
    run.error ? ['Error', run.error] : null,
    run.requestId ? ['TikTok request id', h('code', {}, run.requestId)] : null,
  ]));
}

export async function render(main, params) {
  const kind = h('select', { name: 'kind' }, h('option', { value: '' }, 'Any kind'), kinds.map(k => h('option', { value: k, selected: params.kind === k }, k)));
  const outcome = h('select', { name: 'outcome' }, h('option', { value: '' }, 'Any outcome'), outcomes.map(o => h('option', { value: o, selected: params.outcome === o }, o)));
  const shop = h('input', { name: 'shopId', placeholder: 'Shop id', value: params.shopId || '' });
  const from = h('input', { type: 'datetime-local', name: 'from', value: toLocalInput(params.from) });
  const to = h('input', { type: 'datetime-local', name: 'to', value: toLocalInput(params.to) });
  const list = h('div', { class: 'results' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const form = h('form', { class: 'filters' }, field('Kind', kind), field('Outcome', outcome), field('Shop', shop),
    field('From (UTC)', from, 'default: 7 days ago'), field('To (UTC)', to, 'default: now'), h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Show')));
  clear(main, pageTitle('Task center'), form, list, more);

  let rows = [];
  let token = null;
  const filters = () => ({ kind: kind.value, outcome: outcome.value, shopId: shop.value.trim(), from: fromLocalInput(from.value), to: fromLocalInput(to.value) });
  const fetchPage = async (append) => {
    more.disabled = true;
    if (!append) clear(list, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
    try {
      const page = await get('runs' + query({ ...filters(), pageSize: 50, continuationToken: append ? token : null }));
      rows = append ? rows.concat(page.runs) : page.runs;
      token = page.continuationToken;
      clear(list, h('p', { class: 'muted', role: 'status' }, `${rows.length} run(s) from ${time(page.from).textContent} to ${time(page.to).textContent}${token ? ', more below' : ''}.`),
        table([
          { label: 'Started', value: r => time(r.startedAt) },
          { label: 'Shop', value: r => h('a', { href: `#/shops/${encodeURIComponent(r.shopId)}` }, r.shopId) },
          { label: 'Kind', value: r => r.kind },
          { label: 'Outcome', value: r => badge(r.outcome) },
          { label: 'Took', value: duration },
          { label: 'Error', value: r => r.error ? h('span', { class: 'error-text' }, r.error, r.requestId ? h('small', {}, ` (request ${r.requestId})`) : null) : '—' },
          { label: 'More', value: runDetails },
        ], rows, { empty: 'No runs match.', rowAttrs: r => ({ 'data-run-id': r.runId, 'data-outcome': r.outcome }) }));
      more.hidden = !token;
    } catch (error) {
      clear(list, problemView(error));
    } finally {
      more.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = filters();
    history.replaceState(null, '', '#/runs' + query(f));
    fetchPage(false);
  });
  more.addEventListener('click', () => fetchPage(true));
  await fetchPage(false);
}
