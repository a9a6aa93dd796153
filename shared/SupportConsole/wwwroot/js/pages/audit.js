// Audit log: who changed what, when. Global entries (not about one shop, and shop deletions), or one shop's.
import { get, query } from '../api.js';
import { h, clear, pageTitle, field, table, time, problemView, jsonBlock } from '../ui.js';

export async function render(main, params) {
  const shop = h('input', { name: 'shopId', placeholder: 'Shop id (empty: not about one shop)', value: params.shopId || '' });
  const list = h('div', { class: 'results' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const form = h('form', { class: 'filters' }, field('Shop', shop), h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Show')));
  clear(main, pageTitle('Audit log'), form, list, more);
  let rows = [];
  let token = null;
  const fetchPage = async (append) => {
    const shopId = shop.value.trim();
    more.disabled = true;
    if (!append) clear(list, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
    try {
      const path = (shopId ? `shops/${encodeURIComponent(shopId)}/audit` : 'audit') + query({ pageSize: 50, continuationToken: append ? token : null });
      const page = await get(path);
      rows = append ? rows.concat(page.entries) : page.entries;
      token = page.continuationToken;
      clear(list, table([
        { label: 'When', value: e => time(e.at) },
        { label: 'Who', value: e => h('span', { class: 'who-cell' }, e.by ?? e.caller ?? e.keyName ?? '—') },
        { label: 'Action', value: e => h('code', {}, e.action) },
        { label: 'Shop', value: e => e.shopId ? h('a', { href: `#/shops/${encodeURIComponent(e.shopId)}` }, e.shopId) : '—' },
        { label: 'Target', value: e => e.target ?? '—' },
        { label: 'Change', value: e => e.change ? h('details', {}, h('summary', {}, 'Show'), jsonBlock(e.change)) : '—' },
      ], rows, { empty: 'No entries.', rowAttrs: e => ({ 'data-action': e.action }) }));
      more.hidden = !token;
    } catch (error) {
      clear(list, problemView(error));
    } finally {
      more.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    history.replaceState(null, '', '#/audit' + query({ shopId: shop.value.trim() }));
    fetchPage(false);
  });
  more.addEventListener('click', () => fetchPage(true));
  await fetchPage(false);
}
