// One hazard report: its place on a small map, photos full size on click, and the moves the API
// allows from its state, each sent as POST /api/v1/hazards/{id}/transitions; a refusal shows
// the API's own reason (409 for a move the lifecycle does not allow, 422 naming the field).
(function () {
  'use strict';
  var root = document.getElementById('hazard');
  if (!root) { return; }
  var id = root.getAttribute('data-id');
  var en = root.getAttribute('data-lang') === 'en';

  var mapEl = document.getElementById('map');
  if (mapEl && window.L) {
    var M = window.fieldopsMap, map = M.create(mapEl);
    var lon = parseFloat(mapEl.getAttribute('data-lon')), lat = parseFloat(mapEl.getAttribute('data-lat'));
    var township = mapEl.getAttribute('data-township');
    L.circleMarker(M.at(lon, lat), { radius: 8, className: 'report', weight: 2 }).addTo(map);
    map.setView(M.at(lon, lat), 15);
    if (township) {
      fieldops.api('GET', '/api/v1/townships/' + encodeURIComponent(township) + '/map').then(function (answer) {
        if (answer.ok) { M.drawTownship(map, answer.body).bringToBack(); }
      });
    }
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-lightbox]');
    if (!link) { return; }
    event.preventDefault();
    var box = document.createElement('div');
    box.className = 'dialog lightbox';
    var card = document.createElement('div');
    card.className = 'card';
    var img = document.createElement('img');
    img.src = link.getAttribute('href');
    img.alt = (link.querySelector('img') || {}).alt || '';
    card.appendChild(img);
    box.appendChild(card);
    box.addEventListener('click', function () { box.remove(); });
    document.body.appendChild(box);
  });

  var form = document.getElementById('move-form');
  if (!form) { return; }
  var error = document.getElementById('move-error');
  var offset = root.getAttribute('data-tz-offset') || '+08:00';

  document.querySelectorAll('button[data-move]').forEach(function (button) {
    button.addEventListener('click', function () {
      var to = button.getAttribute('data-move');
      form.hidden = false;
      error.hidden = true;
      form.elements.to.value = to;
      document.getElementById('move-title').textContent = button.textContent;
      form.querySelectorAll('[data-for]').forEach(function (label) { label.hidden = label.getAttribute('data-for') !== to; });
      (to === 'dispatched' ? form.elements.assignee : form.elements.note).focus();
    });
  });
  form.querySelector('[data-cancel]').addEventListener('click', function () { form.hidden = true; });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var to = form.elements.to.value, body = { to: to, note: form.elements.note.value };
    if (to === 'dispatched') {
      if (form.elements.assignee.value.trim()) { body.assignee = form.elements.assignee.value.trim(); }
      if (form.elements.due.value) { body.due = form.elements.due.value + ':00' + offset; }
    }
    var submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    fieldops.api('POST', '/api/v1/hazards/' + encodeURIComponent(id) + '/transitions', body).then(function (answer) {
      submit.disabled = false;
      if (answer.ok) {
        fieldops.toast(en ? 'Done' : '已更新');
        window.location.reload();
        return;
      }
      error.textContent = fieldops.problems(answer.body) || ('HTTP ' + answer.status);
      error.hidden = false;
    }, function () {
      submit.disabled = false;
      error.textContent = en ? 'Network error: try again' : '网络错误，请重试';
      error.hidden = false;
    });
  });
})();
