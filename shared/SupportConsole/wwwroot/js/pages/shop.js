// One shop: status and token expiry dates, counts, last runs, settings (validated by the API, messages next to each
// field), and the actions: activate, pause, resume, rename, sync now, re-authorize link, delete (typed confirmation).
import { get, post, patch, del, query } from '../api.js';
import { h, clear, load, pageTitle, section, facts, badge, time, table, act, success, copyButton, field, fmtNumber, jsonBlock } from '../ui.js';

// What an unset section looks like, so it can be switched on from the form.
const templates = {
  orders: { importEnabled: true, importStartDate: null, importOnHoldOrders: true, importPlatformShippedOrders: false },
  inventory: { enabled: false, mode: 'Total', defaultWarehouseId: null, locationWarehouses: {}, threshold: 0, bufferPercent: 0, maxQuantity: null, skuAllowList: [], zeroUnreportedSkus: false },
  fulfilment: { fallbackCarrier: null, carrierAliases: {} },
};
const kinds = {
  'orders.importStartDate': 'datetime', 'inventory.mode': ['Total', 'Locations'], 'inventory.threshold': 'number', 'inventory.bufferPercent': 'number',
  'inventory.maxQuantity': 'number', 'inventory.skuAllowList': 'list', 'inventory.locationWarehouses': 'json', 'fulfilment.carrierAliases': 'json',
};
const hints = {
  'orders.importStartDate': 'ISO 8601, e.g. 2026-01-01T00:00:00Z; empty = open orders only',
  'inventory.skuAllowList': 'comma separated; empty = every SKU',
  'inventory.locationWarehouses': 'JSON, e.g. {"berlin": "<warehouse id>"}',
  'fulfilment.carrierAliases': 'JSON, e.g. {"RM T48": "Royal Mail"}',
};

function kindOf(path, value, template) {
  if (kinds[path]) return kinds[path];
  const sample = value ?? template;
  if (typeof sample === 'boolean') return 'boolean';
  if (typeof sample === 'number') return 'number';
  if (Array.isArray(sample)) return 'list';
  if (sample && typeof sample === 'object') return 'json';
  return 'text';
}

function settingInput(path, kind, value) {
  if (kind === 'boolean') return h('input', { type: 'checkbox', name: path, checked: value === true });
  if (Array.isArray(kind)) return h('select', { name: path }, kind.map(k => h('option', { value: k, selected: value === k }, k)));
  if (kind === 'number') return h('input', { type: 'number', name: path, step: 'any', value: value ?? '' });
  if (kind === 'list') return h('input', { name: path, value: (value || []).join(', ') });
  if (kind === 'json') return h('textarea', { name: path, rows: 3 }, value == null ? '' : JSON.stringify(value));
  return h('input', { name: path, value: value ?? '', placeholder: kind === 'datetime' ? '2026-01-01T00:00:00Z' : '' });
}

/** The input's value as JSON, or throws a message for the field. */
function readInput(kind, input) {
  if (kind === 'boolean') return input.checked;
  const text = input.value.trim();
  if (Array.isArray(kind)) return input.value;
  if (kind === 'number') {
    if (text === '') return null;
    const n = Number(text);
    if (!Number.isFinite(n)) throw new Error('must be a number');
    return n;
  }
  if (kind === 'list') return text ? text.split(',').map(s => s.trim()).filter(Boolean) : [];
  if (kind === 'json') {
    if (!text) return null;
    try { return JSON.parse(text); } catch { throw new Error('must be JSON, e.g. {"name": "value"}'); }
  }
  return text === '' ? null : text;
}

function settingsForm(shop, onSaved) {
  const settings = shop.settings || {};
  const sections = [...new Set([...Object.keys(templates), ...Object.keys(settings)])]
    .filter(name => (settings[name] ?? templates[name]) && typeof (settings[name] ?? templates[name]) === 'object' && !Array.isArray(settings[name] ?? templates[name]));
  const fields = [];
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit' }, 'Save settings');
  const form = h('form', { class: 'settings', novalidate: true },
    sections.map(name => {
      const current = settings[name];
      const values = current ?? templates[name];
      const keys = [...new Set([...Object.keys(templates[name] || {}), ...Object.keys(values)])];
      return h('fieldset', { 'data-section': name },
        h('legend', {}, name, current == null ? h('small', { class: 'muted' }, ' (not set)') : null),
        h('p', { class: 'field-error', 'data-error-for': name, hidden: true }),
        keys.map(key => {
          const path = `${name}.${key}`;
          const kind = kindOf(path, values[key], templates[name]?.[key]);
          const input = settingInput(path, kind, values[key]);
          input.id = 'setting-' + path.replace('.', '-');
          const error = h('p', { class: 'field-error', 'data-error-for': path, id: input.id + '-error', hidden: true });
          input.setAttribute('aria-describedby', error.id);
          // An unset section starts from its template: only what the person changes is sent.
          fields.push({ path, section: name, key, kind, input, original: values[key] });
          return h('div', { class: `field ${kind === 'boolean' ? 'check' : ''}`, 'data-path': path },
            h('label', { for: input.id }, key), input, hints[path] ? h('small', { class: 'hint' }, hints[path]) : null, error);
        }));
    }),
    h('div', { class: 'form-actions' }, save), result);

  const showErrors = (errors) => {
    form.querySelectorAll('.field-error').forEach(e => { e.hidden = true; e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
    let first = null;
    for (const [path, messages] of Object.entries(errors || {})) {
      const target = form.querySelector(`.field-error[data-error-for="${CSS.escape(path)}"]`);
      if (!target) continue;
      target.textContent = [].concat(messages).join('; ');
      target.hidden = false;
      const input = fields.find(f => f.path === path)?.input;
      input?.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
    first?.focus();
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    const local = {};
    for (const f of fields) {
      try {
        const value = readInput(f.kind, f.input);
        if (JSON.stringify(value) !== JSON.stringify(f.original)) (body[f.section] ??= {})[f.key] = value;
      } catch (error) {
        local[f.path] = [error.message];
      }
    }
    if (Object.keys(local).length) {
      showErrors(local);
      clear(result, h('div', { class: 'problem', role: 'alert' }, 'Some fields need fixing; nothing was sent.'));
      return;
    }
    if (!Object.keys(body).length) {
      showErrors({});
      clear(result, success('Nothing changed.'));
      return;
    }
    let refused = null;
    const saved = await act(save, result, async () => {
      try {
        return await patch(`shops/${encodeURIComponent(shop.shopId)}/settings`, body);
      } catch (error) {
        refused = error.problem?.errors ?? {};
        throw error;
      }
    }, () => success('Settings saved: ', h('code', {}, JSON.stringify(body))), 'Saving…');
    // The problem stays in the result box; each field it names also gets its message next to it.
    showErrors(saved ? {} : refused);
    if (saved) {
      for (const f of fields) {
        const saved_ = saved.settings?.[f.section];
        if (saved_ && f.key in saved_) f.original = saved_[f.key];
      }
      onSaved?.(saved);
    }
  });
  form.showErrors = showErrors;
  return form;
}

export async function render(main, params) {
  const shopId = params.id;
  const body = h('div', { class: 'shop' });
  clear(main, pageTitle('Shop ' + shopId), body);
  // After an action the page is read again; the action's result stays on it.
  const show = (flash) => load(body, () => get(`shops/${encodeURIComponent(shopId)}`), (shop) => view(main, shop, show, flash));
  await show();
}

function view(main, shop, reload, flash) {
  clear(main.querySelector('.page-head'), h('h1', {}, shop.name || shop.shopId, ' ', badge(shop.status)));
  document.title = `${shop.name || shop.shopId} · Support console`;
  const id = encodeURIComponent(shop.shopId);
  const result = h('div', { class: 'result', id: 'action-result', 'aria-live': 'polite' }, flash instanceof Node ? flash : null);
  const button = (text, action, done, cls) => {
    const b = h('button', { type: 'button', class: cls || '' }, text);
    b.addEventListener('click', async () => {
      const value = await act(b, result, action, done);
      if (value !== undefined && done?.reload !== false) setTimeout(() => reload(result.firstElementChild), 0);
    });
    return b;
  };
  const summary = (verb) => (r) => success(`${verb}: the shop is now ${r.status ?? r.shop?.status ?? 'changed'}.`);

  const actions = [];
  if (shop.status === 'PendingActivation') {
    actions.push(button('Activate', () => post(`shops/${id}/activate`), (r) => success('Activated. ',
      r.initialImport ? `The initial import takes orders since ${r.initialImport.since}${r.initialImport.includeOpenOrders ? ' and every open order' : ''}.` : 'Order import is off, so no import started.')));
  }
  if (shop.status === 'Active') actions.push(button('Pause', () => post(`shops/${id}/pause`), summary('Paused'), 'secondary'));
  if (shop.status === 'Paused') actions.push(button('Resume', () => post(`shops/${id}/resume`), summary('Resumed')));
  if (shop.status === 'Active') {
    for (const what of ['orders', 'inventory', 'products']) {
      const done = () => success(`Sync of ${what} queued; see the task center.`);
      done.reload = false;
      actions.push(button(`Sync ${what}`, () => post(`shops/${id}/sync/${what}`), done, 'secondary'));
    }
  }
  const linkOut = h('div', { class: 'link-out' });
  const reauthorize = h('button', { type: 'button', class: 'secondary' }, 'Re-authorize link');
  reauthorize.addEventListener('click', () => act(reauthorize, linkOut, () => get(`shops/${id}/reauthorize-link`), (r) => h('div', { class: 'copy-row' },
    field('Send this link to the seller', h('input', { readonly: true, value: r.url, class: 'link' })), copyButton(r.url),
    h('small', { class: 'hint' }, 'Valid until ', time(r.expiresAt)))));
  actions.push(reauthorize);

  const nameInput = h('input', { name: 'name', value: shop.name || '', maxlength: 100, required: true });
  const rename = h('button', { type: 'submit', class: 'secondary' }, 'Rename');
  const renameForm = h('form', { class: 'inline' }, field('Name', nameInput), rename);
  renameForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await act(rename, result, () => post(`shops/${id}/rename`, { name: nameInput.value }), (r) => success(`Renamed to ${r.name}.`)) !== undefined) setTimeout(() => reload(result.firstElementChild), 0);
  });

  const confirmInput = h('input', { name: 'confirm', autocomplete: 'off', placeholder: shop.shopId });
  const remove = h('button', { type: 'submit', class: 'danger', disabled: true }, 'Delete shop');
  const deleteOut = h('div', { class: 'result', 'aria-live': 'polite' });
  confirmInput.addEventListener('input', () => { remove.disabled = confirmInput.value !== shop.shopId; });
  const deleteForm = h('form', { class: 'inline danger-zone' },
    field('Type the shop id to delete it and all its data', confirmInput), remove);
  deleteForm.addEventListener('submit', (e) => {
    e.preventDefault();
    act(remove, deleteOut, () => del(`shops/${id}${query({ confirm: confirmInput.value })}`), (r) => h('div', {},
      success(`Shop ${r.shopId} is deleted.`), table([
        { label: 'What', value: x => x[0] }, { label: 'Removed', value: x => fmtNumber(x[1]) },
      ], Object.entries(r.removed || {}), { class: 'removed' }),
      r.authorizationKeptForOtherShops ? h('p', {}, `The seller's authorization is kept: ${r.authorizationKeptForOtherShops} other shop(s) use it.`) : null,
      h('p', {}, h('a', { href: '#/shops' }, 'Back to the shops'))), 'Deleting…');
  });

  const counts = shop.counts || {};
  const runs = Object.entries(shop.lastRuns || {});
  const pull = shop.orderPull || {};
  const form = settingsForm(shop);
  return [
    section('Actions', h('div', { class: 'button-row' }, actions), linkOut, renameForm, result),
    section('Shop', facts([
      ['Shop id', h('code', {}, shop.shopId)], ['Merchant', shop.merchantId], ['Region', shop.region], ['Seller type', shop.sellerType],
      ['Status', badge(shop.status)], shop.statusBeforeReauthorization ? ['Before re-authorization', shop.statusBeforeReauthorization] : null,
      ['Access token expires', time(shop.tokens?.accessTokenExpiresAt)], ['Refresh token expires', time(shop.tokens?.refreshTokenExpiresAt)],
      ['TikTok app', shop.appKey], ['Authorization', shop.authorizationId], ['Created', time(shop.createdAt)], ['Updated', time(shop.updatedAt)],
      ['Order pull watermark', time(pull.watermark)], ['Next scheduled pull', time(pull.nextScheduledAt)], ['Pull running now', pull.running ? 'yes' : 'no'],
    ])),
    section('Counts', h('p', {}, h('strong', { 'data-count': 'orders' }, fmtNumber(counts.ordersTotal)), ' orders · ',
      h('strong', { 'data-count': 'open-cases' }, fmtNumber(counts.openCases)), ' open case(s)'),
    h('div', { class: 'chips' }, Object.entries(counts.orders || {}).filter(([, n]) => n).map(([state, n]) => h('span', { class: 'chip' }, badge(state), ' ', fmtNumber(n)))),
    (shop.openCases || []).length ? h('p', {}, h('a', { href: '#/cases' }, 'Open cases: '), shop.openCases.map(c => c.kind).join(', ')) : null),
    section('Last runs', table([
      { label: 'Kind', value: ([kind]) => kind },
      { label: 'Started', value: ([, r]) => time(r.startedAt) },
      { label: 'Outcome', value: ([, r]) => badge(r.outcome) },
      { label: 'Counts', value: ([, r]) => Object.entries(r.counts || {}).map(([k, v]) => `${k} ${v}`).join(', ') || '—' },
      { label: 'Error', value: ([, r]) => r.error ? [r.error, r.requestId ? h('small', {}, ` (TikTok request ${r.requestId})`) : ''] : '—' },
    ], runs, { empty: 'No runs yet.' }), h('p', {}, h('a', { href: `#/runs?shopId=${id}` }, 'All runs of this shop in the task center'))),
    section('Settings', form),
    section('Delete', deleteForm, deleteOut),
    h('details', { class: 'card raw' }, h('summary', {}, 'Everything the API answered'), jsonBlock(shop)),
  ];
}
