// The insights page (/insights): reads GET /api/insights with the filters, draws the figures as inline SVG and tables,
// each table with a CSV download. No library: the app serves everything itself.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const COLOURS = ['#0f5f7a', '#e08a1e', '#5a9e3a', '#b03a48', '#6b5ca5', '#2f8f9d', '#a0782b', '#777'];

  function el(tag, attrs, text) {
    const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function iso(date) {
    return date.toISOString().slice(0, 10);
  }

  // Amounts with their currency's decimals (45.00 EUR, 1200 JPY), as the ledger holds them.
  function amount(value, currency) {
    if (value === null || value === undefined || !currency) return value;
    let decimals = 2;
    try {
      decimals = new Intl.NumberFormat('en', {style: 'currency', currency: currency}).resolvedOptions().maximumFractionDigits;
    } catch (unknown) { /* keep 2 */ }
    return Number(value).toFixed(decimals);
  }

  function cell(row, key) {
    const value = /[aA]mount$/.test(key) ? amount(row[key], row.currency) : row[key];
    return value === null || value === undefined ? '' : String(value);
  }

  // --- tables with a CSV download ---
  function csvCell(value) {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(columns, rows) {
    return [columns.map((c) => csvCell(c[1])).join(',')]
      .concat(rows.map((r) => columns.map((c) => csvCell(cell(r, c[0]))).join(','))).join('\r\n') + '\r\n';
  }

  function table(id, columns, rows) {
    const box = $(id);
    box.textContent = '';
    if (!rows.length) {
      box.appendChild(el('p', {class: 'muted'}, 'None in this period.'));
      return;
    }
    const t = el('table', {'data-rows': rows.length});
    const head = el('tr');
    columns.forEach((c) => head.appendChild(el('th', {}, c[1])));
    t.appendChild(head);
    rows.forEach((r) => {
      const tr = el('tr');
      columns.forEach((c) => tr.appendChild(el('td', {}, cell(r, c[0]))));
      t.appendChild(tr);
    });
    box.appendChild(t);
    const name = 'insights-' + id.replace(/^table-/, '') + '-' + $('from').value + '-' + $('to').value + '.csv';
    const link = el('a', {class: 'csv', download: name, 'data-csv': id,
      href: 'data:text/csv;charset=utf-8,' + encodeURIComponent(toCsv(columns, rows))}, 'Download CSV');
    box.appendChild(link);
  }

  // --- charts ---
  // Horizontal bars: [{label, value, text}], one colour per series name.
  function bars(id, items) {
    const box = $(id);
    box.textContent = '';
    if (!items.length) return;
    const max = Math.max(...items.map((i) => i.value), 1);
    const row = 22, labelWidth = 260, width = 900, barWidth = width - labelWidth - 240;
    const svg = el('svg:svg', {width: width, height: items.length * row + 4, role: 'img', viewBox: '0 0 ' + width + ' ' + (items.length * row + 4)});
    items.forEach((item, i) => {
      const y = i * row + 2;
      svg.appendChild(el('svg:text', {x: labelWidth - 6, y: y + 15, 'text-anchor': 'end', class: 'label'}, item.label));
      svg.appendChild(el('svg:rect', {x: labelWidth, y: y + 3, height: row - 8,
        width: Math.max(1, Math.round(barWidth * item.value / max)), fill: item.colour || COLOURS[0]}));
      svg.appendChild(el('svg:text', {x: labelWidth + Math.round(barWidth * item.value / max) + 6, y: y + 15, class: 'value'},
        item.text === undefined ? String(item.value) : item.text));
    });
    box.appendChild(svg);
  }

  // Grouped columns per week: opened and resolved (all types together).
  function weekColumns(id, weeks) {
    const box = $(id);
    box.textContent = '';
    const byWeek = new Map();
    weeks.forEach((w) => {
      const sum = byWeek.get(w.week) || {opened: 0, resolved: 0};
      sum.opened += w.opened;
      sum.resolved += w.resolved;
      byWeek.set(w.week, sum);
    });
    if (!byWeek.size) return;
    const entries = [...byWeek.entries()];
    const max = Math.max(...entries.map(([, s]) => Math.max(s.opened, s.resolved)), 1);
    const height = 180, slot = Math.max(28, Math.min(70, Math.floor(740 / entries.length))), width = entries.length * slot + 50;
    const svg = el('svg:svg', {width: width, height: height + 40, role: 'img'});
    svg.appendChild(el('svg:text', {x: 0, y: 12, class: 'value'}, String(max)));
    entries.forEach(([week, s], i) => {
      const x = 40 + i * slot, w = Math.floor((slot - 8) / 2);
      [['opened', COLOURS[0]], ['resolved', COLOURS[2]]].forEach(([key, colour], j) => {
        const h = Math.round(height * s[key] / max);
        svg.appendChild(el('svg:rect', {x: x + j * w, y: height - h + 16, width: w, height: Math.max(h, 1), fill: colour,
          class: 'bar-' + key}));
      });
      svg.appendChild(el('svg:text', {x: x, y: height + 32, class: 'label small'}, week.slice(5)));
    });
    box.appendChild(svg);
    const legend = el('p', {class: 'legend'});
    legend.innerHTML = '<span style="color:' + COLOURS[0] + '">■</span> opened &nbsp; <span style="color:' + COLOURS[2] + '">■</span> resolved';
    box.appendChild(legend);
  }

  function money(rows) {
    return rows.map((r) => Object.assign({}, r, {money: amount(r.amount, r.currency) + ' ' + r.currency}));
  }

  function percent(share) {
    return (Math.round(share * 1000) / 10) + ' %';
  }

  function tile(label, value, id) {
    const box = el('div', {class: 'tile', id: id});
    box.appendChild(el('strong', {}, value));
    box.appendChild(el('span', {}, label));
    return box;
  }

  function render(data) {
    const opened = data.casesPerWeek.reduce((n, w) => n + w.opened, 0);
    const resolved = data.casesPerWeek.reduce((n, w) => n + w.resolved, 0);
    const tiles = $('tiles');
    tiles.textContent = '';
    tiles.appendChild(tile('cases opened', String(opened), 'tile-opened'));
    tiles.appendChild(tile('cases resolved', String(resolved), 'tile-resolved'));
    tiles.appendChild(tile('resolved without a person', percent(data.resolvedWithoutPerson.share), 'tile-without-person'));
    tiles.appendChild(tile('reopened after the follow-up (R-CARE-2)', percent(data.reopenedAfterFollowUp.share), 'tile-reopened'));
    tiles.appendChild(tile('reships', String(data.money.reships), 'tile-reships'));
    tiles.appendChild(tile('carrier claims filed', String(data.carrierClaims.filed), 'tile-claims'));

    weekColumns('chart-weeks', data.casesPerWeek);
    table('table-weeks', [['week', 'ISO week'], ['caseType', 'case type'], ['opened', 'opened'], ['resolved', 'resolved']], data.casesPerWeek);
    bars('chart-resolve', data.timeToResolve.map((t, i) => ({label: t.caseType + ' (p90)', value: t.p90Hours,
      text: 'median ' + t.medianHours + ' h · p90 ' + t.p90Hours + ' h', colour: COLOURS[i % COLOURS.length]})));
    table('table-resolve', [['caseType', 'case type'], ['resolved', 'resolved'], ['medianHours', 'median hours'], ['p90Hours', 'p90 hours']], data.timeToResolve);

    const m = data.money;
    bars('chart-rules', m.refundsByRule.map((r, i) => ({label: r.purpose + ' · ' + r.ruleId, value: Number(r.amount),
      text: amount(r.amount, r.currency) + ' ' + r.currency + ' (' + r.count + ')', colour: COLOURS[i % COLOURS.length]})));
    table('table-rules', [['purpose', 'purpose'], ['ruleId', 'policy rule'], ['count', 'refunds'], ['amount', 'amount'], ['currency', 'currency']], m.refundsByRule);
    table('table-refund-skus', [['sku', 'SKU'], ['count', 'refunds'], ['amount', 'amount'], ['currency', 'currency']], m.refundsBySku);
    table('table-refund-platforms', [['platform', 'platform'], ['count', 'refunds'], ['amount', 'amount'], ['currency', 'currency']], m.refundsByPlatform);
    table('table-keep-offers', [['currency', 'currency'], ['offered', 'offered'], ['offeredAmount', 'offered amount'], ['paid', 'paid'], ['paidAmount', 'paid amount']], m.keepOffers);
    table('table-debits', [['escalationOutcome', 'escalation outcome'], ['count', 'debits'], ['amount', 'amount'], ['currency', 'currency']], m.platformDebits);
    table('table-claims', [['filed', 'claims filed'], ['money', 'refunded on those cases']],
      data.carrierClaims.refundedOnClaimedCases.length
        ? money(data.carrierClaims.refundedOnClaimedCases).map((r) => ({filed: data.carrierClaims.filed, money: r.money}))
        : [{filed: data.carrierClaims.filed, money: ''}]);

    const skuRows = [];
    data.topSkus.forEach((t) => t.skus.forEach((s) => skuRows.push({caseType: t.caseType, sku: s.sku, cases: s.cases})));
    const types = data.topSkus.map((t) => t.caseType);
    bars('chart-skus', skuRows.map((r) => ({label: r.caseType + ' · ' + r.sku, value: r.cases,
      colour: COLOURS[types.indexOf(r.caseType) % COLOURS.length]})));
    table('table-skus', [['caseType', 'complaint type'], ['sku', 'SKU'], ['cases', 'cases']], skuRows);
    bars('chart-sla', data.slaBreaches.map((s, i) => ({label: s.slaRuleId, value: s.rate,
      text: percent(s.rate) + ' of cases (' + s.breaches + ' breaches)', colour: COLOURS[(i + 3) % COLOURS.length]})));
    table('table-sla', [['slaRuleId', 'SLA rule'], ['breaches', 'breaches'], ['casesWithBreach', 'cases with a breach'], ['cases', 'cases'], ['rate', 'rate']], data.slaBreaches);
    table('table-platforms', [['platform', 'platform'], ['cases', 'cases'], ['escalations', 'escalations'], ['orderDefects', 'order defects']], data.platforms);
    $('loaded').textContent = 'Cases ' + data.from + ' to ' + data.to + (data.platform ? ' · ' + data.platform : '')
      + (data.caseType ? ' · ' + data.caseType : '') + ' · money per currency, never converted';
    document.body.setAttribute('data-loaded', 'true');
  }

  async function load() {
    document.body.removeAttribute('data-loaded');
    const params = new URLSearchParams();
    ['from', 'to', 'platform', 'caseType'].forEach((name) => {
      if ($(name).value) params.set(name, $(name).value);
    });
    history.replaceState(null, '', '?' + params + location.hash);
    $('load-error').hidden = true;
    const response = await fetch('/api/insights?' + params, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      $('load-error').textContent = body.detail || body.title || ('HTTP ' + response.status);
      $('load-error').hidden = false;
      document.body.setAttribute('data-loaded', 'error');
      return;
    }
    render(body);
  }

  function show(view) {
    document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + view; });
    document.querySelectorAll('#views a').forEach((a) => a.classList.toggle('active', a.dataset.view === view));
  }

  const query = new URLSearchParams(location.search);
  const today = new Date();
  $('to').value = query.get('to') || iso(today);
  $('from').value = query.get('from') || iso(new Date(today.getTime() - 83 * 86400000));
  $('platform').value = query.get('platform') || '';
  $('caseType').value = query.get('caseType') || '';
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); load(); });
  window.addEventListener('hashchange', () => show(location.hash.slice(1) || 'overview'));
  show(location.hash.slice(1) || 'overview');
  load();
})();
