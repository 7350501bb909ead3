// 走访与调解: add a case, petition or event through POST /api/v1/disputes|petitions|law-events
// (a UUID made here, so a double click stores it once), and move cases and petitions along through
// POST /api/v1/{disputes|petitions}/{id}/steps. The API's own reasons are shown: per field next to
// the field, a refused step (409) or a day before the last step (422) in the step dialog.
(function () {
  'use strict';
  var root = document.getElementById('records-page');
  if (!root) { return; }
  var FLASH = 'fieldops-records-flash';
  var flashBox = document.getElementById('flash'), flashText = sessionStorage.getItem(FLASH);
  if (flashText && flashBox) { flashBox.textContent = flashText; flashBox.hidden = false; }
  sessionStorage.removeItem(FLASH);
  if (root.dataset.canChange !== 'true') { return; }
  var fo = window.fieldops, api = root.dataset.api;
  var NUMBERS = ['village_id', 'amount_yuan', 'people_reached', 'items_given', 'banners', 'questions_answered'];

  function msg(name) { return root.dataset['msg' + name] || ''; }
  function reloadWith(text) { sessionStorage.setItem(FLASH, text); location.reload(); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16)), h = '';
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    for (var i = 0; i < 16; i++) { h += (b[i] + 0x100).toString(16).slice(1) + ([3, 5, 7, 9].indexOf(i) >= 0 ? '-' : ''); }
    return h;
  }

  /* The form as an item: empty fields left out (the API's defaults), whole numbers as numbers;
   * anything else is sent as typed, so the API names the field. */
  function itemOf(form, id) {
    var item = { id: id, township_id: parseInt(root.dataset.township, 10) };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      if (el.type === 'checkbox') { item[el.name] = el.checked; return; }
      var value = el.value.trim();
      if (value === '') { return; }
      item[el.name] = NUMBERS.indexOf(el.name) >= 0 && /^-?\d{1,12}$/.test(value) ? parseInt(value, 10) : value;
    });
    return item;
  }

  /* The API's reason, each problem named by the form's own label for its field. */
  function reason(form, res) {
    var body = res.body || {}, errors = body.errors || [];
    if (!errors.length) { return body.detail || ('HTTP ' + res.status); }
    return errors.map(function (e) {
      var field = String(e.field || '').replace(/^body\./, ''), input = field && form.elements[field];
      var label = input && input.closest ? input.closest('label') : null;
      return (label ? label.firstChild.textContent.trim() : field) + (field ? '：' : '') + e.message;
    }).join('\n');
  }

  function clearErrors(form) {
    form.querySelectorAll('[data-error-for]').forEach(function (box) { box.hidden = true; box.textContent = ''; });
    form.querySelectorAll('.invalid').forEach(function (el) { el.classList.remove('invalid'); });
  }

  function showErrors(form, errors, general) {
    var left = [];
    errors.forEach(function (e) {
      var box = form.querySelector('[data-error-for="' + e.field + '"]');
      if (!box) { left.push(e.message); return; }
      box.textContent = (box.textContent ? box.textContent + '；' : '') + e.message;
      box.hidden = false;
      var input = form.elements[e.field];
      if (input && input.classList) { input.classList.add('invalid'); }
    });
    general.textContent = left.length ? left.join('\n') : msg('Check');
    general.hidden = false;
  }

  /* A worker stores what the API accepted: wait until the record is listed on its day, then
   * reload (the list, not GET .../{id}, so that waiting is no 404 in the browser's console). */
  function whenStored(item, tries) {
    var day = item[root.dataset.dayField];
    var query = '?from=' + day + '&to=' + day + '&limit=5000&township_id=' + item.township_id;
    return fo.api('GET', api + query).then(function (res) {
      var found = res.ok && res.body.items.some(function (r) { return r.id === item.id; });
      if (found) { reloadWith(msg('Saved')); return; }
      if (tries <= 0) { reloadWith(msg('Queued')); return; }
      return new Promise(function (resolve) { setTimeout(resolve, 500); }).then(function () { return whenStored(item, tries - 1); });
    });
  }

  var form = document.getElementById('add-record');
  if (form) {
    var general = document.getElementById('add-error'), pendingId = null;
    form.addEventListener('input', function () { pendingId = null; });  // a changed form is a new record
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      pendingId = pendingId || uuid();
      var item = itemOf(form, pendingId), button = form.querySelector('button[type=submit]');
      clearErrors(form);
      general.hidden = true;
      button.disabled = true;
      fo.api('POST', api, { items: [item] }).then(function (res) {
        if (res.status === 202 && res.body.accepted.indexOf(item.id) >= 0) { return whenStored(item, 60); }
        button.disabled = false;
        if (res.status === 202 && res.body.rejected.length) { showErrors(form, res.body.rejected[0].errors, general); return; }
        general.textContent = reason(form, res);
        general.hidden = false;
      }, function () {
        button.disabled = false;
        general.textContent = msg('Network');
        general.hidden = false;
      });
    });
  }

  var dialog = document.getElementById('step-dialog');
  if (!dialog) { return; }
  var stepForm = document.getElementById('step-form'), stepError = document.getElementById('step-error');
  document.querySelectorAll('button[data-step]').forEach(function (button) {
    button.addEventListener('click', function () {
      var to = button.getAttribute('data-step');
      stepForm.elements.to.value = to;
      stepForm.elements.id.value = button.getAttribute('data-id');
      document.getElementById('step-title').textContent = button.textContent;
      stepForm.querySelectorAll('[data-for]').forEach(function (label) {
        label.hidden = label.getAttribute('data-for').split(' ').indexOf(to) < 0;
      });
      stepError.hidden = true;
      dialog.hidden = false;
      stepForm.elements.on.focus();
    });
  });
  stepForm.querySelector('[data-cancel]').addEventListener('click', function () { dialog.hidden = true; });
  stepForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var f = stepForm.elements, body = { to: f.to.value, on: f.on.value };
    if (f.mediator && f.mediator.value.trim()) { body.mediator = f.mediator.value.trim(); }
    if (f.satisfaction && f.satisfaction.value && f.to.value === 'resolved') { body.satisfaction = f.satisfaction.value; }
    var submit = stepForm.querySelector('button[type=submit]');
    submit.disabled = true;
    fo.api('POST', api + '/' + encodeURIComponent(f.id.value) + '/steps', body).then(function (res) {
      submit.disabled = false;
      if (res.ok) { reloadWith(msg('Stepped')); return; }
      stepError.textContent = reason(stepForm, res);
      stepError.hidden = false;
    }, function () {
      submit.disabled = false;
      stepError.textContent = msg('Network');
      stepError.hidden = false;
    });
  });
})();
