// Dashboard: shops by status, orders today and this week by state, pending and late orders, failed messages, open
// cases, failed runs; orders and gross sales per day per shop (GET /api/admin/summary). The order figures come from a
// rollup refreshed every few minutes: the page shows its time and age.
import { get } from '../api.js';
import { h, clear, load, pageTitle, section, fmtNumber, fmtDate, table, badge } from '../ui.js';
import { stackedBars, lines } from '../charts.js';

const sum = (o) => Object.values(o || {}).reduce((a, b) => a + (Number(b) || 0), 0);

function stat(name, label, value, href, detail) {
  return h('a', { class: 'stat', href, 'data-stat': name },
    h('span', { class: 'stat-label' }, label),
    h('span', { class: 'stat-value' }, fmtNumber(value)),
    detail ? h('span', { class: 'stat-detail' }, detail) : null);
}

const ageText = (seconds) => seconds < 90 ? `${Math.round(seconds || 0)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;

const byState = (counts) => Object.entries(counts || {}).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(' · ') || 'none';

export async function render(main) {
  const body = h('div', { class: 'dashboard' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  clear(main, pageTitle('Dashboard', refresh), body);
  const show = () => load(body, async () => {
    const [summary, shopList] = await Promise.all([get('summary'), get('shops?pageSize=500').catch(() => ({ shops: [] }))]);
    return { summary, names: Object.fromEntries((shopList.shops || []).map(s => [s.shopId, s.name || s.shopId])) };
  }, ({ summary: s, names }) => {
    const week = s.ordersThisWeek?.byState ?? {};
    const failedRuns = s.failedRunsLast24Hours ?? { total: 0 };
    const days = (s.days ?? (s.grossSalesPerDay || []).map(d => d.day)).map(String);
    const perShop = s.perShop ?? [];
    const label = (id) => names[id] && names[id] !== id ? `${names[id]} (${id})` : id;
    const currencies = [...new Set(perShop.flatMap(p => Object.keys(p.grossPerDay || {})))].sort();
    return [
      h('p', { class: 'muted', 'data-rollup': '' }, 'Figures as of ', fmtDate(s.rollup?.asOf ?? s.generatedAt),
        s.rollup ? ` (${ageText(s.rollup.ageSeconds)} ago; recomputed every few minutes). Cases, failed messages and failed runs are live.` : '.',
        s.rollup?.fullDays ? ` ${s.rollup.fullDays} shop-day(s) hold more orders than a day row lists: their figures miss some orders.` : null),
      h('div', { class: 'stats' },
        stat('shops', 'Shops', sum(s.shopsByStatus), '#/shops', byState(s.shopsByStatus)),
        stat('orders-today', 'Orders today', sum(s.ordersToday), '#/orders', byState(s.ordersToday)),
        stat('orders-week', 'Orders this week', sum(week), '#/orders', byState(week)),
        stat('pending', 'Pending orders', s.pendingOrders ?? s.ordersByState?.Pending ?? 0, '#/orders', 'SKUs missing from the catalog'),
        stat('late', 'Late orders', s.lateOrders?.total ?? 0, '#/orders', 'open, past TikTok\'s ship-by deadline'),
        stat('failed-messages', 'Failed messages', sum(s.poisonMessages), '#/failed', byState(s.poisonMessages)),
        stat('open-cases', 'Open cases', s.openCases?.total ?? 0, '#/cases', byState(s.openCases?.byKind)),
        stat('failed-runs', 'Failed runs (24 h)', failedRuns.total ?? 0, '#/runs?outcome=Failed', failedRuns.shops ? `${failedRuns.shops} shop(s) · ${byState(failedRuns.byKind)}` : null)),
      section(perShop.length < (s.perShopListed?.shopsWithOrders ?? 0) ? `Orders per day, the ${perShop.length} shops with the most orders (of ${s.perShopListed.shopsWithOrders})` : 'Orders per day per shop',
        perShop.length
          ? stackedBars({ title: `Orders per day, last ${days.length} days (by creation day, UTC)`, days, series: perShop.map(p => ({ key: p.shopId, name: label(p.shopId), values: p.ordersPerDay })) })
          : h('p', { class: 'empty' }, `No orders in the last ${days.length} days.`)),
      section('Gross sales per day per shop',
        currencies.length
          ? currencies.map(currency => lines({
            title: `Gross sales per day in ${currency || 'no currency'} (cancelled orders left out)`, days,
            series: perShop.filter(p => p.grossPerDay?.[currency]).map(p => ({ key: p.shopId, name: label(p.shopId), values: p.grossPerDay[currency].map(Number) })),
          }))
          : h('p', { class: 'empty' }, 'No sales in this period.')),
      section('Orders by state (all time)', h('div', { class: 'chips' }, Object.entries(s.ordersByState || {}).map(([state, n]) => h('span', { class: 'chip' }, badge(state), ' ', fmtNumber(n)))),
        h('p', { class: 'muted' }, `${fmtNumber(s.ordersImportedLast24Hours)} imported in the last 24 hours.`)),
      section('SKUs most often missing from catalogs', table([
        { label: 'Merchant', value: r => r.merchantId },
        { label: 'SKU', value: r => h('code', {}, r.sku) },
        { label: 'Pending orders', value: r => fmtNumber(r.pendingOrders) },
      ], s.topMissingSkus || [], { empty: 'No pending orders are waiting for SKUs.' })),
    ];
  });
  refresh.addEventListener('click', show);
  await show();
}
