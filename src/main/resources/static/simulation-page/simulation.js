(function () {
  'use strict';
  const page = document.getElementById('simulation-page');
  const xsrfToken = page.dataset.xsrfToken;
  const $ = (id) => document.getElementById(id);
  let tables = [];

  function cell(row, text, className) {
    const td = document.createElement('td');
    if (text instanceof Node) td.appendChild(text); else td.textContent = text == null ? '' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
  }

  /** An amount with its currency's decimals (JSON numbers lose trailing zeros): 25 → 25.00 for USD. */
  function amount(value, currency) {
    if (value == null) return '';
    let decimals = 2;
    try {
      decimals = new Intl.NumberFormat('en', {style: 'currency', currency: currency}).resolvedOptions().maximumFractionDigits;
    } catch (unknownCurrency) { /* keep 2 */ }
    return Number(value).toFixed(decimals);
  }

  function signed(text) {
    if (text == null || text === '') return '';
    return Number(text) > 0 ? '+' + text : String(text);
  }

  function showTable(key) {
    const table = tables.find(t => t.decisionKey === key);
    const versions = $('version');
    versions.innerHTML = '';
    if (!table) return;
    table.versions.slice().reverse().forEach(v => {
      const option = document.createElement('option');
      option.value = v;
      option.textContent = 'version ' + v;
      versions.appendChild(option);
    });
    $('money-effect').textContent = table.moneyEffect ? 'Money: ' + table.moneyEffect : 'This table moves no money by itself.';
  }

  async function loadTables() {
    const response = await fetch('/api/insights/simulations/tables', {headers: {'Accept': 'application/json'}, credentials: 'same-origin'});
    if (!response.ok) throw new Error('The tables could not be listed (' + response.status + ').');
    tables = await response.json();
    const select = $('table');
    tables.forEach(t => {
      const option = document.createElement('option');
      option.value = t.decisionKey;
      option.textContent = t.name + ' (' + t.decisionKey + ')';
      select.appendChild(option);
    });
    if (tables.length) showTable(tables[0].decisionKey);
  }

  function render(result) {
    const count = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
    $('summary').textContent = count(result.decisionsEvaluated, 'decision') + ' of ' + result.decisionKey + ' from ' + result.from
      + ' to ' + result.to + ' evaluated with the ' + result.candidate + ': ' + result.decisionsChanged + ' would change, in '
      + count(result.casesChanged, 'case') + '.';
    const money = $('money').querySelector('tbody');
    money.innerHTML = '';
    result.money.byCurrency.forEach(m => {
      const row = document.createElement('tr');
      cell(row, m.currency);
      cell(row, signed(amount(m.refunds, m.currency)), 'number');
      cell(row, signed(m.reships), 'number');
      cell(row, signed(amount(m.reshipValue, m.currency)), 'number');
      cell(row, signed(amount(m.keepOfferCeilings, m.currency)), 'number');
      money.appendChild(row);
    });
    $('money').hidden = !result.money.effect;
    $('money-how').textContent = result.money.effect ? 'How: ' + result.money.effect : 'This table moves no money by itself.';
    const breakdown = $('breakdown').querySelector('tbody');
    breakdown.innerHTML = '';
    result.changes.forEach(c => {
      const row = document.createElement('tr');
      cell(row, c.from);
      cell(row, c.to);
      cell(row, c.decisions, 'number');
      breakdown.appendChild(row);
    });
    const cases = $('cases').querySelector('tbody');
    cases.innerHTML = '';
    result.changedCases.forEach(c => {
      const row = document.createElement('tr');
      const link = document.createElement('a');
      link.href = '/cases/' + encodeURIComponent(c.caseId);
      link.textContent = c.caseId;
      cell(row, link);
      cell(row, c.orderId);
      cell(row, c.orderValue == null ? '' : amount(c.orderValue, c.currency) + ' ' + c.currency, 'number');
      cell(row, c.before);
      cell(row, c.after);
      cell(row, signed(amount(c.refundDifference, c.currency)), 'number');
      cell(row, signed(c.reshipDifference), 'number');
      cell(row, signed(amount(c.keepOfferCeilingDifference, c.currency)), 'number');
      cases.appendChild(row);
    });
    $('cases-more').hidden = result.changedCasesComplete;
    $('result').hidden = false;
    page.classList.add('simulated');
  }

  async function run(event) {
    event.preventDefault();
    $('error').hidden = true;
    page.classList.remove('simulated');
    const upload = $('source-upload').checked;
    let request;
    if (upload) {
      const file = $('dmn-file').files[0];
      const body = new FormData();
      if (file) body.append('file', file, file.name);
      body.append('from', $('from').value);
      body.append('to', $('to').value);
      if ($('upload-key').value.trim()) body.append('decisionKey', $('upload-key').value.trim());
      request = {method: 'POST', body: body};
    } else {
      request = {method: 'POST', body: JSON.stringify({decisionKey: $('table').value, version: Number($('version').value),
        from: $('from').value, to: $('to').value}), headers: {'Content-Type': 'application/json'}};
    }
    request.headers = Object.assign({'Accept': 'application/json', 'X-XSRF-TOKEN': xsrfToken}, request.headers || {});
    request.credentials = 'same-origin';
    $('run').disabled = true;
    try {
      const response = await fetch('/api/insights/simulations', request);
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        $('result').hidden = true;
        $('error').textContent = (answer.title || 'The simulation failed') + ': ' + (answer.detail || response.status);
        $('error').hidden = false;
        return;
      }
      render(answer);
    } finally {
      $('run').disabled = false;
    }
  }

  document.querySelectorAll('input[name=source]').forEach(r => r.addEventListener('change', () => {
    const upload = $('source-upload').checked;
    $('upload-fields').hidden = !upload;
    $('deployed-fields').hidden = upload;
    $('money-effect').hidden = upload;
  }));
  $('table').addEventListener('change', e => showTable(e.target.value));
  $('money-effect').hidden = true;
  $('simulation-form').addEventListener('submit', run);
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  $('from').value = monthAgo;
  $('to').value = today;
  loadTables().then(() => page.classList.add('loaded')).catch(e => {
    $('error').textContent = e.message;
    $('error').hidden = false;
  });
})();
