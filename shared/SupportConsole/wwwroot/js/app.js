// The support console: a hash router over the pages, behind the sign-in. Pages live in ./pages/*.js; each exports
// render(main, params) and builds its page from the admin API.
import { get, ApiError, signInUrl, signOutUrl } from './api.js';
import { h, clear, problemView } from './ui.js';
import * as dashboard from './pages/dashboard.js';
import * as shops from './pages/shops.js';
import * as shop from './pages/shop.js';
import * as onboarding from './pages/onboarding.js';
import * as runs from './pages/runs.js';
import * as cases from './pages/cases.js';
import * as failed from './pages/failed.js';
import * as orders from './pages/orders.js';
import * as audit from './pages/audit.js';

const routes = [
  [/^\/?$/, 'dashboard', dashboard],
  [/^\/shops$/, 'shops', shops],
  [/^\/shops\/([^/]+)$/, 'shops', shop],
  [/^\/onboarding$/, 'onboarding', onboarding],
  [/^\/runs$/, 'runs', runs],
  [/^\/cases$/, 'cases', cases],
  [/^\/failed$/, 'failed', failed],
  [/^\/orders$/, 'orders', orders],
  [/^\/audit$/, 'audit', audit],
];

const main = document.getElementById('main');
let me = null;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search] = raw.split('?');
  return { path, params: Object.fromEntries(new URLSearchParams(search || '')) };
}

async function route() {
  const { path, params } = parseHash();
  const found = routes.map(([pattern, nav, page]) => ({ match: path.match(pattern), nav, page })).find(r => r.match);
  document.querySelectorAll('#nav a').forEach(a => a.toggleAttribute('aria-current', a.dataset.page === found?.nav));
  document.body.classList.remove('nav-open');
  document.querySelector('.menu').setAttribute('aria-expanded', 'false');
  if (!found) {
    clear(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Go to the dashboard')));
    return;
  }
  main.dataset.page = found.nav;
  try {
    await found.page.render(main, { ...params, id: found.match[1] ? decodeURIComponent(found.match[1]) : undefined }, { me });
  } catch (error) {
    clear(main, problemView(error));
  }
  main.focus({ preventScroll: true });
}

function signInScreen(error) {
  document.body.classList.add('signed-out');
  clear(document.getElementById('who'));
  clear(main,
    h('section', { class: 'card sign-in' },
      h('h1', {}, 'Sign in'),
      h('p', {}, 'The support console shows and changes shops, orders and messages: sign in with your work account first.'),
      h('p', {}, h('a', { class: 'button', href: signInUrl(), id: 'sign-in' }, 'Sign in')),
      error && !(error instanceof ApiError && error.status === 401) ? problemView(error) : null));
}

async function start() {
  document.querySelector('.menu').addEventListener('click', (e) => {
    const open = document.body.classList.toggle('nav-open');
    e.currentTarget.setAttribute('aria-expanded', String(open));
  });
  try {
    me = await get('me');
  } catch (error) {
    signInScreen(error);
    return;
  }
  document.body.classList.remove('signed-out');
  clear(document.getElementById('who'),
    h('span', { class: 'me', title: me.via === 'key' ? 'function key' : `signed in (${me.provider || 'sign-in'})` }, me.name),
    me.via === 'key' ? null : h('a', { href: signOutUrl(), class: 'sign-out' }, 'Sign out'));
  window.addEventListener('hashchange', route);
  await route();
}

start();
