// "Finished cases" on a process definition's page in Cockpit (config/FinishedCasesPlugin): Cockpit CE shows no
// finished process instance. Lists the newest 50 finished instances of this version (the case id is the business
// key) and, on request, the decisions each one took, linked to Cockpit's decision instance page.
const PAGE = 50;

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : text;
  row.appendChild(td);
  return td;
}

function time(iso) {
  return iso ? iso.replace('T', ' ').substring(0, 19) : '';
}

export default [
  {
    id: 'aftersales.finishedCases',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    priority: 5,
    properties: {label: 'Finished cases'},
    render: (node, {api, processDefinitionId}) => {
      const get = path =>
        fetch(api.engineApi + path, {headers: {Accept: 'application/json'}, credentials: 'same-origin'}).then(r =>
          r.ok ? r.json() : Promise.reject(new Error(r.status + ' ' + r.statusText))
        );
      node.classList.add('finished-cases');
      node.textContent = 'Loading finished cases…';
      get('/history/process-instance?finished=true&sortBy=endTime&sortOrder=desc&firstResult=0&maxResults=' + PAGE
          + '&processDefinitionId=' + encodeURIComponent(processDefinitionId))
        .then(instances => {
          node.textContent = '';
          if (!instances.length) {
            node.textContent = 'No finished case of this version (the history of cases is kept for their diagram\'s history time to live).';
            return;
          }
          const table = document.createElement('table');
          table.className = 'cam-table';
          table.innerHTML = '<thead><tr><th>Case</th><th>Process instance</th><th>Started</th><th>Ended</th>'
            + '<th>State</th><th>Decisions</th></tr></thead><tbody></tbody>';
          const body = table.querySelector('tbody');
          instances.forEach(instance => {
            const row = document.createElement('tr');
            cell(row, instance.businessKey);
            cell(row, instance.id);
            cell(row, time(instance.startTime));
            cell(row, time(instance.endTime));
            cell(row, instance.state);
            const decisions = cell(row, '');
            const show = document.createElement('a');
            show.href = '';
            show.textContent = 'show';
            show.addEventListener('click', event => {
              event.preventDefault();
              decisions.textContent = 'loading…';
              get('/history/decision-instance?sortBy=evaluationTime&sortOrder=asc&processInstanceId=' + encodeURIComponent(instance.id))
                .then(found => {
                  decisions.textContent = found.length ? '' : 'none';
                  const list = document.createElement('ul');
                  found.forEach(decision => {
                    const item = document.createElement('li');
                    const link = document.createElement('a');
                    link.href = '#/decision-instance/' + decision.id;
                    link.textContent = (decision.decisionDefinitionName || decision.decisionDefinitionKey)
                      + ' (' + time(decision.evaluationTime) + ')';
                    item.appendChild(link);
                    list.appendChild(item);
                  });
                  if (found.length) decisions.appendChild(list);
                })
                .catch(e => { decisions.textContent = 'not loaded: ' + e.message; });
            });
            decisions.appendChild(show);
            body.appendChild(row);
          });
          node.appendChild(table);
        })
        .catch(e => { node.textContent = 'Finished cases could not be loaded: ' + e.message; });
    }
  }
];
