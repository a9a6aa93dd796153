// Failed messages: each poison queue with its count and its messages decoded; replay one or all, delete one.
import { get, post, del } from '../api.js';
import { h, clear, pageTitle, section, act, success, time, load, jsonBlock, fmtNumber } from '../ui.js';

export async function render(main) {
  const body = h('div', {});
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const result = h('div', { class: 'result', id: 'failed-result', 'aria-live': 'polite' });
  clear(main, pageTitle('Failed messages', refresh),
    h('p', { class: 'muted' }, 'A message that fails five times is moved to its queue\'s poison queue. Fix the cause first (e.g. the seller re-authorized), then replay.'),
    result, body);
  const show = () => load(body, () => get('failed-messages'), ({ queues }) => queues.map(q => {
    const replayAll = h('button', { type: 'button', disabled: !q.approximateCount }, 'Replay all');
    replayAll.addEventListener('click', async () => {
      if (await act(replayAll, result, () => post(`failed-messages/${encodeURIComponent(q.queue)}/replay`),
        (r) => success(`${r.replayedCount} message(s) of ${q.queue} are back on the queue.`), 'Replaying…')) await show();
    });
    return h('section', { class: 'card queue', 'data-queue': q.queue },
      h('div', { class: 'queue-head' }, h('h2', {}, q.queue, ' ', h('span', { class: 'count', 'data-count': q.approximateCount }, `(${fmtNumber(q.approximateCount)})`)), replayAll),
      q.messages.length ? q.messages.map(m => {
        const replay = h('button', { type: 'button' }, 'Replay');
        const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
        replay.addEventListener('click', async () => {
          if (await act(replay, result, () => post(`failed-messages/${encodeURIComponent(q.queue)}/${encodeURIComponent(m.messageId)}/replay`),
            () => success(`Replayed: ${m.summary}`), 'Replaying…')) await show();
        });
        remove.addEventListener('click', async () => {
          if (remove.dataset.armed !== 'true') {
            remove.dataset.armed = 'true';
            remove.textContent = 'Confirm delete';
            return;
          }
          if (await act(remove, result, () => del(`failed-messages/${encodeURIComponent(q.queue)}/${encodeURIComponent(m.messageId)}`),
            () => success(`Deleted for good: ${m.summary}`), 'Deleting…')) await show();
        });
        return h('article', { class: 'item message', 'data-message-id': m.messageId },
          h('p', { class: 'summary' }, m.summary),
          h('p', { class: 'muted' }, m.shopId ? ['Shop ', h('a', { href: `#/shops/${encodeURIComponent(m.shopId)}` }, m.shopId), ' · '] : '',
            'failed ', String(m.dequeueCount), ' time(s) · queued ', time(m.insertedAt)),
          m.body ? h('details', {}, h('summary', {}, 'Message'), jsonBlock(m.body)) : null,
          h('div', { class: 'button-row' }, replay, remove));
      }) : h('p', { class: 'empty' }, 'None.'),
      q.approximateCount > q.messages.length ? h('p', { class: 'muted' }, `Showing the first ${q.messages.length}.`) : null);
  }));
  refresh.addEventListener('click', show);
  await show();
}
