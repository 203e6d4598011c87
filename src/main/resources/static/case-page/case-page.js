// The case page (/cases/{caseId}, api/CasePageController): reads the case view and the order from /api with the
// Tasklist login of this browser, and writes to the buyer with POST /api/cases/{caseId}/messages.
(function () {
  'use strict';
  const page = document.getElementById('case-page');
  const caseId = page.dataset.caseId;
  const mayWrite = page.dataset.mayWrite === 'true';
  const xsrfToken = page.dataset.xsrfToken;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function link(href, text) {
    const a = el('a', text);
    a.href = href;
    return a;
  }

  function when(at) {
    if (!at) return '';
    return new Date(at).toISOString().replace('T', ' ').substring(0, 16) + ' UTC';
  }

  function fill(list, items, empty) {
    list.replaceChildren(...(items.length ? items : [el('li', empty, 'muted')]));
  }

  async function getJson(path) {
    const response = await fetch(path, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'});
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
    return body;
  }

  function money(amount, currency) {
    return (amount === null || amount === undefined) ? '' : Number(amount).toFixed(2) + ' ' + currency;
  }

  function showOrder(order) {
    const value = order.items.reduce((sum, item) => sum + Number(item.unitPrice) * item.quantity, 0);
    const buyer = order.contactDataRedacted
      ? order.buyer.id + ' (name and contact hidden)'
      : order.buyer.name + ' (' + order.buyer.id + (order.buyer.email ? ', ' + order.buyer.email : '') + ')';
    const rows = [
      ['Order', order.orderId], ['Platform', order.platform], ['Status', order.status],
      ['Value', money(value, order.currency) + ' + shipping ' + money(order.shippingFee, order.currency)],
      ['Currency', order.currency], ['Buyer', buyer],
      ['Items', order.items.map(i => i.quantity + ' × ' + i.title + ' (' + i.sku + ')').join('; ')]
    ];
    if (order.shipment) rows.push(['Shipment', [order.shipment.carrier, order.shipment.trackingNumber].filter(Boolean).join(' · ')]);
    const dl = document.getElementById('order');
    dl.replaceChildren();
    rows.forEach(([k, v]) => { dl.append(el('dt', k)); dl.append(el('dd', v)); });
  }

  /** The case view's timeline, decisions and refunds, newest first. */
  function timelineOf(view) {
    const entries = view.timeline.map(t => ({at: t.at, kind: 'event', text: t.what}));
    (view.decisions || []).forEach(d => entries.push({at: d.evaluatedAt, kind: 'decision',
      text: 'Decision "' + (d.tableName || d.table) + '" (v' + d.version + ')'
        + (d.ruleIds && d.ruleIds.length ? ' ' + d.ruleIds.join(', ') : '')
        + (d.matchedRules || []).map(r => ': ' + Object.entries(r.outputs || {}).map(([k, v]) => k + ' = ' + v).join(', ')).join('')}));
    view.refunds.forEach(r => entries.push({at: r.issuedAt, kind: 'refund',
      text: 'Refund ' + money(r.amount, r.currency) + ' (' + r.purpose + ', ' + r.ruleId + '): ' + r.reason}));
    return entries.sort((a, b) => new Date(b.at) - new Date(a.at));
  }

  function showCase(view) {
    document.getElementById('case-type').textContent = view.type;
    document.getElementById('case-status').textContent = view.status + (view.resolution ? ' · ' + view.resolution : '');
    document.getElementById('redacted').hidden = !view.contactDataRedacted;
    fill(document.getElementById('deadlines'), view.deadlines.filter(d => !d.breachedAt || d.breached).map(d =>
      el('li', d.task + ': due ' + when(d.due) + (d.ruleId ? ' (' + d.ruleId + ')' : '') + (d.breached ? ' — overdue' : ''),
        d.breached ? 'overdue' : '')), 'No SLA running');
    fill(document.getElementById('open-tasks'), view.openTasks.map(t =>
      el('li', t.name + (t.assignee ? ' — held by ' + t.assignee : ' — not held') + (t.due ? ', due ' + when(t.due) : ''))),
      'No open task');
    fill(document.getElementById('evidence'), (view.evidence || []).map(e => {
      const li = el('li');
      li.append(/^https?:\/\//i.test(e) ? link(e, e) : el('span', e));
      return li;
    }), view.contactDataRedacted ? 'Hidden' : 'None');
    fill(document.getElementById('timeline'), timelineOf(view).map(t => {
      const li = el('li', null, t.kind);
      li.append(el('time', when(t.at)), el('span', t.text));
      return li;
    }), 'Nothing yet');
  }

  async function showOtherCases(orderId) {
    const others = await getJson('/api/cases?size=50&orderId=' + encodeURIComponent(orderId));
    fill(document.getElementById('other-cases'), others.items.filter(c => c.caseId !== caseId).map(c => {
      const li = el('li');
      li.append(link('/cases/' + encodeURIComponent(c.caseId), c.caseId), el('span', ' ' + c.type + ' · ' + c.status));
      return li;
    }), 'None');
  }

  async function load() {
    const view = await getJson('/api/cases/' + encodeURIComponent(caseId));
    showCase(view);
    const [order] = await Promise.all([getJson('/api/orders/' + encodeURIComponent(view.orderId)), showOtherCases(view.orderId)]);
    showOrder(order);
  }

  async function setUpWriting() {
    if (!mayWrite) return;
    document.getElementById('write').hidden = false;
    const select = document.getElementById('message-template');
    const templates = await getJson('/api/buyer-message-templates');
    templates.forEach(t => { const o = el('option', t.name); o.value = t.name; select.append(o); });
    const text = document.getElementById('message-text');
    select.addEventListener('change', () => {
      const chosen = templates.find(t => t.name === select.value);
      document.getElementById('template-preview').textContent = chosen ? chosen.text : '';
      text.disabled = !!chosen;
    });
    let idempotencyKey = null;
    document.getElementById('message-form').addEventListener('submit', async event => {
      event.preventDefault();
      const result = document.getElementById('message-result');
      const body = select.value ? {template: select.value} : {text: text.value};
      // the same key while the same message is tried again: sent once, whatever the network did
      idempotencyKey = idempotencyKey || (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
      result.className = '';
      result.textContent = 'Sending…';
      try {
        const response = await fetch('/api/cases/' + encodeURIComponent(caseId) + '/messages', {
          method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
          headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-XSRF-TOKEN': xsrfToken,
            'Idempotency-Key': idempotencyKey}});
        const answer = await response.json().catch(() => null);
        if (!response.ok) {
          if (response.status < 500 && response.status !== 409) idempotencyKey = null;
          result.className = 'error';
          result.textContent = 'Not sent: ' + ((answer && (answer.detail || answer.title)) || 'HTTP ' + response.status);
          return;
        }
        idempotencyKey = null;
        result.className = 'ok';
        result.textContent = 'Sent to the buyer.';
        text.value = '';
        select.value = '';
        select.dispatchEvent(new Event('change'));
        showCase(await getJson('/api/cases/' + encodeURIComponent(caseId)));
      } catch (e) {
        result.className = 'error';
        result.textContent = 'Not sent: ' + e.message + ' — try again.';
      }
    });
  }

  Promise.all([load(), setUpWriting()]).then(() => page.classList.add('loaded')).catch(e => {
    const error = document.getElementById('load-error');
    error.hidden = false;
    error.textContent = 'The case could not be loaded: ' + e.message;
  });
})();
