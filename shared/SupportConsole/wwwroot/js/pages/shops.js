// Shops: search (name, id, merchant) and filter (status, region, merchant), paged with "Load more".
import { get, query } from '../api.js';
import { h, clear, pageTitle, table, badge, time, field, problemView } from '../ui.js';

export const statuses = ['PendingActivation', 'Active', 'Paused', 'ReauthorizationRequired'];

export async function render(main, params) {
  const search = h('input', { type: 'search', name: 'search', placeholder: 'Name, shop id or merchant', value: params.q || '' });
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Any status'), statuses.map(s => h('option', { value: s, selected: params.status === s }, s)));
  const region = h('input', { name: 'region', placeholder: 'e.g. GB', size: 4, value: params.region || '' });
  const merchant = h('input', { name: 'merchantId', placeholder: 'Merchant id', value: params.merchantId || '' });
  const list = h('div', { class: 'results' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const form = h('form', { class: 'filters', role: 'search' },
    field('Search', search), field('Status', status), field('Region', region), field('Merchant', merchant),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Filter')));
  clear(main, pageTitle('Shops'), form, list, more);

  let rows = [];
  let token = null;
  const matches = (s) => {
    const q = search.value.trim().toLowerCase();
    return !q || [s.name, s.shopId, s.merchantId].some(v => (v || '').toLowerCase().includes(q));
  };
  const draw = () => {
    const shown = rows.filter(matches);
    clear(list, h('p', { class: 'muted', role: 'status' }, `${shown.length} shop(s)${token ? ' so far' : ''}.`),
      table([
        { label: 'Shop', value: s => h('a', { href: `#/shops/${encodeURIComponent(s.shopId)}`, class: 'shop-link' }, s.name || s.shopId) },
        { label: 'Shop id', value: s => h('code', {}, s.shopId) },
        { label: 'Merchant', value: s => s.merchantId },
        { label: 'Region', value: s => s.region },
        { label: 'Status', value: s => badge(s.status) },
        { label: 'Orders / stock', value: s => `${s.orderImportEnabled ? 'import on' : 'import off'} · ${s.inventoryExportEnabled ? 'export on' : 'export off'}` },
        { label: 'Refresh token expires', value: s => time(s.tokens?.refreshTokenExpiresAt) },
      ], shown, { empty: 'No shop matches.', rowAttrs: s => ({ 'data-shop-id': s.shopId }) }));
    more.hidden = !token;
  };
  const fetchPage = async (append) => {
    more.disabled = true;
    try {
      const page = await get('shops' + query({ status: status.value, region: region.value.trim(), merchantId: merchant.value.trim(), pageSize: 100, continuationToken: append ? token : null }));
      rows = append ? rows.concat(page.shops) : page.shops;
      token = page.continuationToken;
      draw();
    } catch (error) {
      clear(list, problemView(error));
    } finally {
      more.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); clear(list, h('p', { class: 'loading' }, 'Loading…')); fetchPage(false); });
  search.addEventListener('input', draw);
  more.addEventListener('click', () => fetchPage(true));
  clear(list, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  await fetchPage(false);
}
