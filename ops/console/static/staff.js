// 人员: uploads, leave, sign-in cards and revoking a phone, each through the /api/v1 endpoint.
(function () {
  'use strict';
  var root = document.getElementById('staff-page');
  if (!root || root.dataset.canChange !== 'true') { flash(); return; }
  var fo = window.fieldops;
  var township = root.dataset.township;

  function msg(name, values) {
    var text = root.dataset['msg' + name] || '';
    Object.keys(values || {}).forEach(function (k) { text = text.split('{' + k + '}').join(values[k]); });
    return text;
  }

  function flash() {
    var text = sessionStorage.getItem('fieldops-staff-flash');
    var box = document.getElementById('flash');
    if (text && box) { box.textContent = text; box.hidden = false; }
    sessionStorage.removeItem('fieldops-staff-flash');
  }

  function reloadWith(text) {
    sessionStorage.setItem('fieldops-staff-flash', text);
    location.reload();
  }

  function cell(row, text) { var td = document.createElement('td'); td.textContent = text || ''; row.appendChild(td); }

  function showProblems(box, body) {
    box.textContent = '';
    var head = document.createElement('p');
    head.className = 'error';
    var count = (body && body.errors ? body.errors.length : 0);
    head.textContent = (body && body.detail ? body.detail.split('\n')[0] : msg('Problems', { n: count })) + '\n' + msg('Nothing');
    head.id = 'upload-refused';
    box.appendChild(head);
    if (!count) { return; }
    var table = document.createElement('table');
    table.className = 'problems';
    var top = document.createElement('tr');
    [msg('Row'), msg('Column'), msg('Problem')].forEach(function (t) { var th = document.createElement('th'); th.textContent = t; top.appendChild(th); });
    var thead = document.createElement('thead'); thead.appendChild(top); table.appendChild(thead);
    var tbody = document.createElement('tbody');
    body.errors.forEach(function (e) { var tr = document.createElement('tr'); cell(tr, e.record); cell(tr, e.field); cell(tr, e.message); tbody.appendChild(tr); });
    table.appendChild(tbody);
    box.appendChild(table);
  }

  var upload = document.getElementById('upload');
  upload.addEventListener('submit', function (event) {
    event.preventDefault();
    var box = document.getElementById('upload-result');
    var kind = upload.elements.kind.value;
    var data = new FormData();
    data.append('file', upload.elements.file.files[0]);
    box.textContent = msg('Sending');
    upload.querySelector('button').disabled = true;
    fo.api('POST', '/api/v1/townships/' + township + '/' + kind + '/upload', data).then(function (res) {
      upload.querySelector('button').disabled = false;
      if (res.ok) { reloadWith(res.body.summary); return; }
      showProblems(box, res.body);
    });
  });

  var addLeave = document.getElementById('add-leave');
  var leaveError = document.getElementById('leave-error');
  function leaveAnswer(res) {
    if (res.ok) { reloadWith(res.body ? res.body.staff_name + ' ' + res.body.first_day + ' – ' + res.body.last_day : ''); return; }
    leaveError.textContent = fo.problems(res.body);
    leaveError.hidden = false;
  }
  addLeave.addEventListener('submit', function (event) {
    event.preventDefault();
    var f = addLeave.elements;
    fo.api('POST', '/api/v1/staff/' + encodeURIComponent(f.staff_id.value) + '/leave',
      { from: f.from.value, to: f.to.value, reason: f.reason.value }).then(leaveAnswer);
  });
  document.querySelectorAll('form.end-leave').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      fo.api('PATCH', '/api/v1/leave/' + form.dataset.leave, { to: form.elements.to.value }).then(leaveAnswer);
    });
  });

  var dialog = document.getElementById('card-dialog');
  var shown = null;
  function openCard(button) {
    fetch('/api/v1/staff/' + encodeURIComponent(button.dataset.card) + '/card?format=svg', {
      method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': fo.csrf }
    }).then(function (res) {
      if (!res.ok) { return res.json().then(function (body) { fo.toast(fo.problems(body), true); }); }
      var expires = (res.headers.get('X-Signin-Expires') || '').replace('T', ' ').slice(0, 16);
      return res.blob().then(function (blob) {
        if (shown) { URL.revokeObjectURL(shown); }
        shown = URL.createObjectURL(blob);
        document.getElementById('card-qr').src = shown;
        document.getElementById('card-name').textContent = button.dataset.name;
        document.getElementById('card-id').textContent = button.dataset.card;
        document.getElementById('card-expires').textContent = msg('Expires') + ' ' + expires;
        dialog.hidden = false;
      });
    });
  }
  document.getElementById('card-close').addEventListener('click', function () { dialog.hidden = true; });
  document.getElementById('card-print').addEventListener('click', function () {
    document.body.classList.add('card-printing');
    window.print();
    document.body.classList.remove('card-printing');
  });

  function printSheet(button) {
    if (!window.confirm(msg('Sheet', { n: button.dataset.active }))) { return; }
    button.disabled = true;
    fetch('/api/v1/townships/' + township + '/cards?format=pdf', {
      method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': fo.csrf }
    }).then(function (res) {
      button.disabled = false;
      if (!res.ok) { return res.json().then(function (body) { fo.toast(fo.problems(body), true); }); }
      return res.blob().then(function (blob) {
        var link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = 'sign-in-cards-' + township + '.pdf';
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      });
    });
  }

  function revoke(button) {
    if (!window.confirm(msg('Revoke', { name: button.dataset.name, id: button.dataset.revoke }))) { return; }
    fo.api('POST', '/api/v1/staff/' + encodeURIComponent(button.dataset.revoke) + '/revoke').then(function (res) {
      if (!res.ok) { fo.toast(fo.problems(res.body), true); return; }
      fo.toast(msg('Revoked', { tokens: res.body.tokens_revoked, cards: res.body.cards_voided }));
    });
  }

  document.addEventListener('click', function (event) {
    var el = event.target.closest ? event.target.closest('button') : null;
    if (!el) { return; }
    if (el.dataset.card) { openCard(el); }
    else if (el.dataset.revoke) { revoke(el); }
    else if (el.id === 'print-sheet') { printSheet(el); }
    else if (el.dataset.deleteLeave && window.confirm(msg('Delete'))) {
      fo.api('DELETE', '/api/v1/leave/' + el.dataset.deleteLeave).then(function (res) {
        if (res.ok) { reloadWith(''); } else { fo.toast(fo.problems(res.body), true); }
      });
    }
  });
  flash();
})();
