// Support cases: open ones first (oldest waiting longest on top), resolve with a note; resolved ones below.
import { get, post, query } from '../api.js';
import { h, clear, pageTitle, section, field, act, success, time, badge, load, table } from '../ui.js';

export async function render(main) {
  const open = h('div', {});
  const resolved = h('div', {});
  const showResolved = h('button', { type: 'button', class: 'secondary' }, 'Show resolved cases');
  clear(main, pageTitle('Cases'), section('Open', open), section('Resolved', showResolved, resolved));
  const showOpen = () => load(open, () => get('cases' + query({ status: 'Open' })), ({ cases }) => cases.length
    ? [...cases].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt))).map(c => {
      const note = h('textarea', { name: 'note', rows: 2, required: true, maxlength: 2000, placeholder: 'What was done' });
      const resolve = h('button', { type: 'submit' }, 'Resolve');
      const out = h('div', { class: 'result', 'aria-live': 'polite' });
      const form = h('form', {}, field('Note', note), resolve);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const done = await act(resolve, out, () => post(`cases/${encodeURIComponent(c.caseId)}/resolve`, { note: note.value }),
          (r) => success(`Resolved by ${r.resolvedBy}.`), 'Resolving…');
        if (done) form.remove();
      });
      return h('article', { class: 'item', 'data-case-id': c.caseId },
        h('h3', {}, badge(c.kind, 'warn'), ' ', c.shopId ? h('a', { href: `#/shops/${encodeURIComponent(c.shopId)}` }, c.shopId) : (c.merchantId ?? '')),
        h('p', { class: 'message' }, c.message), h('p', { class: 'muted' }, 'Opened ', time(c.createdAt),
          c.merchantId ? ` · merchant ${c.merchantId}` : '', c.authorizationId ? ` · authorization ${c.authorizationId}` : ''),
        c.kind === 'AssignAuthorization' ? h('p', {}, h('a', { href: '#/onboarding' }, 'Assign it on the onboarding page')) : null,
        form, out);
    })
    : h('p', { class: 'empty' }, 'No open cases.'));
  showResolved.addEventListener('click', () => load(resolved, () => get('cases' + query({ status: 'Resolved' })), ({ cases }) => table([
    { label: 'Kind', value: c => c.kind },
    { label: 'Shop', value: c => c.shopId ?? '—' },
    { label: 'Message', value: c => c.message },
    { label: 'Resolved', value: c => time(c.resolvedAt) },
    { label: 'By', value: c => c.resolvedBy ?? '—' },
    { label: 'Note', value: c => c.resolutionNote ?? '—' },
  ], cases, { empty: 'No resolved cases.' })));
  await showOpen();
}
