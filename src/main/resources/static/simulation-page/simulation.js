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

  function signed(value) {
    if (value == null) return '';
    const text = String(value);
    return Number(value) > 0 ? '+' + text : text;
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
    $('summary').textContent = result.decisionsEvaluated + ' decisions of ' + result.decisionKey + ' from ' + result.from + ' to ' + result.to
      + ' evaluated with the ' + result.candidate + ': ' + result.decisionsChanged + ' would change, in ' + result.casesChanged + ' cases.';
    const money = $('money').querySelector('tbody');
    money.innerHTML = '';
    result.money.byCurrency.forEach(m => {
      const row = document.createElement('tr');
      cell(row, m.currency);
      cell(row, signed(m.refunds), 'number');
      cell(row, signed(m.reships), 'number');
      cell(row, signed(m.reshipValue), 'number');
      cell(row, signed(m.keepOfferCeilings), 'number');
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
      cell(row, c.orderValue == null ? '' : c.orderValue + ' ' + c.currency, 'number');
      cell(row, c.before);
      cell(row, c.after);
      cell(row, signed(c.refundDifference), 'number');
      cell(row, signed(c.reshipDifference), 'number');
      cell(row, signed(c.keepOfferCeilingDifference), 'number');
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
  }));
  $('table').addEventListener('change', e => showTable(e.target.value));
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
