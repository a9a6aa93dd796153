// Order lookup: "why is this order not here?" (GET /api/admin/shops/{shopId}/orders/{orderId}/explain): the verdict,
// the sentence, and the stored order's state and history.
import { get, query } from '../api.js';
import { h, clear, pageTitle, section, field, act, badge, time, table, facts, jsonBlock } from '../ui.js';

const verdictTone = (v) => (v === 'Stored' ? 'good' : ['UnknownOnTikTok', 'TikTokUnavailable', 'AuthorizationExpired', 'OrderOfAnotherShop'].includes(v) ? 'bad' : 'warn');

function explanationView(r) {
  const sentence = r.explanation ?? r.sentence ?? r.message ?? r.detail;
  const stored = r.stored ?? r.order;
  const history = stored?.history ?? r.history ?? [];
  return h('div', { class: 'explain', 'data-verdict': r.verdict },
    h('p', { class: 'verdict' }, badge(r.verdict ?? 'No verdict', verdictTone(r.verdict))),
    sentence ? h('p', { class: 'sentence' }, sentence) : null,
    r.otherShopId ? h('p', {}, 'Stored for shop ', h('a', { href: `#/shops/${encodeURIComponent(r.otherShopId)}` }, r.otherShopId)) : null,
    stored ? facts([
      ['State', stored.state ? badge(stored.state) : '—'], ['Reason', stored.stateReason], ['TikTok status', stored.tikTokStatus],
      ['Came by', stored.source], ['Missing SKUs', (stored.missingSkus || []).join(', ') || null],
    ]) : null,
    history.length ? [h('h3', {}, 'History'), table([
      { label: 'When', value: x => time(x.at) }, { label: 'State', value: x => badge(x.state) }, { label: 'Why', value: x => x.reason },
    ], [...history].reverse(), { class: 'history' })] : null,
    r.orderPull ? [h('h3', {}, 'Order pull'), facts(Object.entries(r.orderPull).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? time(v) : (v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))]))] : null,
    h('details', {}, h('summary', {}, 'Everything the API answered'), jsonBlock(r)));
}

export async function render(main, params) {
  const shop = h('input', { name: 'shopId', required: true, placeholder: 'Shop id', value: params.shopId || '', list: 'shop-ids' });
  const order = h('input', { name: 'orderId', required: true, placeholder: 'TikTok order id', value: params.orderId || '' });
  const explain = h('button', { type: 'submit' }, 'Explain');
  const out = h('div', { class: 'result', 'aria-live': 'polite' });
  const shopIds = h('datalist', { id: 'shop-ids' });
  const form = h('form', { class: 'inline' }, field('Shop', shop), field('Order id', order), explain, shopIds);
  const run = () => act(explain, out, () => get(`shops/${encodeURIComponent(shop.value.trim())}/orders/${encodeURIComponent(order.value.trim())}/explain`), explanationView, 'Asking…');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    history.replaceState(null, '', '#/orders' + query({ shopId: shop.value.trim(), orderId: order.value.trim() }));
    run();
  });
  clear(main, pageTitle('Order lookup'),
    section('Why is this order not here?', h('p', { class: 'muted' }, 'Paste the order id the merchant gave you; the connector checks what it stored and asks TikTok.'), form, out));
  get('shops?pageSize=500').then(({ shops }) => clear(shopIds, shops.map(s => h('option', { value: s.shopId }, s.name)))).catch(() => {});
  if (params.shopId && params.orderId) await run();
}
