// Onboarding: a link for a merchant and region; completing from the URL a merchant pasted; assigning an authorization
// that arrived without a merchant (an open AssignAuthorization case).
import { get, post, query } from '../api.js';
import { h, clear, pageTitle, section, field, act, success, copyButton, time, table, badge, load } from '../ui.js';

function outcomeView(outcome) {
  const shops = outcome.shops || [];
  return h('div', {},
    success(outcome.unassigned
      ? `Authorization ${outcome.authorizationId} is stored without a merchant: assign it below.`
      : `Done for merchant ${outcome.merchantId ?? '—'}: ${shops.length} shop(s). Each waits, PendingActivation, for you to activate it.`),
    table([
      { label: 'Shop', value: s => s.shopId ? h('a', { href: `#/shops/${encodeURIComponent(s.shopId)}` }, s.name || s.shopId) : (s.name ?? '—') },
      { label: 'Region', value: s => s.region ?? '—' },
      { label: 'Status', value: s => s.status ? badge(s.status) : '—' },
    ], shops, { empty: 'No shops.' }));
}

export async function render(main) {
  const merchant = h('input', { name: 'merchantId', required: true, placeholder: 'e.g. acme-3pl', maxlength: 64 });
  const region = h('input', { name: 'region', required: true, placeholder: 'e.g. GB or US', maxlength: 3, size: 4 });
  const create = h('button', { type: 'submit' }, 'Create link');
  const linkOut = h('div', { class: 'result', 'aria-live': 'polite' });
  const linkForm = h('form', { class: 'inline' }, field('Merchant id', merchant), field('Seller region', region), create);
  linkForm.addEventListener('submit', (e) => {
    e.preventDefault();
    act(create, linkOut, () => post(`merchants/${encodeURIComponent(merchant.value.trim())}/onboarding-links`, { region: region.value.trim() }),
      (r) => h('div', { class: 'copy-row' }, field('Send this link to the merchant', h('input', { readonly: true, value: r.url, class: 'link', name: 'link' })),
        copyButton(r.url), h('small', { class: 'hint' }, `Region ${r.region}, TikTok app ${r.appKey}; valid until `, time(r.expiresAt))));
  });

  const pasted = h('textarea', { name: 'redirectUrl', rows: 3, required: true, placeholder: 'https://…/api/oauth/tiktok/callback?code=…&state=…' });
  const complete = h('button', { type: 'submit' }, 'Complete');
  const completeOut = h('div', { class: 'result', 'aria-live': 'polite' });
  const completeForm = h('form', {}, field('The full URL from the merchant\'s address bar (valid about 30 minutes)', pasted), complete);
  completeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    act(complete, completeOut, () => post('oauth/complete', { redirectUrl: pasted.value.trim() }), outcomeView).then(() => showUnassigned());
  });

  const unassigned = h('div', {});
  const showUnassigned = () => load(unassigned, () => get('cases' + query({ kind: 'AssignAuthorization' })), ({ cases }) => cases.length
    ? cases.map(c => {
      const to = h('input', { name: 'merchantId', required: true, placeholder: 'Merchant id', maxlength: 64 });
      const assign = h('button', { type: 'submit' }, 'Assign');
      const out = h('div', { class: 'result', 'aria-live': 'polite' });
      const form = h('form', { class: 'inline' }, field('Merchant', to), assign);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        act(assign, out, () => post(`authorizations/${encodeURIComponent(c.authorizationId)}/assign`, { merchantId: to.value.trim() }), outcomeView);
      });
      return h('article', { class: 'item', 'data-authorization-id': c.authorizationId },
        h('h3', {}, 'Authorization ', h('code', {}, c.authorizationId ?? '—')), h('p', {}, c.message), h('p', { class: 'muted' }, 'Since ', time(c.createdAt)), form, out);
    })
    : h('p', { class: 'empty' }, 'No authorization is waiting for a merchant.'));

  clear(main, pageTitle('Onboarding'),
    section('A link for a merchant', h('p', { class: 'muted' }, 'The seller opens it, logs in to TikTok Shop and authorizes; the shops then wait for activation.'), linkForm, linkOut),
    section('Complete from a pasted URL', h('p', { class: 'muted' }, 'TikTok sent the merchant somewhere else? Paste the URL they were sent to.'), completeForm, completeOut),
    section('Authorizations without a merchant', unassigned));
  await showUnassigned();
}
