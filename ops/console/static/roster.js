// The roster board: every change is an /api/v1/rosters call. A 409 (someone else saved a newer
// version) shows the reload banner; a 422 shows the refusal (the rule, in Chinese) under the form.
(function () {
  'use strict';
  var root = document.getElementById('roster');
  if (!root) { return; }
  var en = root.getAttribute('data-lang') === 'en';
  var base = '/api/v1/rosters/' + root.getAttribute('data-township') + '/' + root.getAttribute('data-week');
  var WORDS = en ? { queued: 'queued…', running: 'solving…', done: 'done: version ', failed: 'failed' }
    : { queued: '排队中…', running: '求解中…', done: '已完成：第', failed: '失败' };

  function $(id) { return document.getElementById(id); }
  function stale(answer) {
    if (answer.status !== 409) { return false; }
    $('stale').hidden = false;
    $('stale').querySelector('span').textContent = answer.body.detail || $('stale').querySelector('span').textContent;
    return true;
  }
  function say(el, text, bad) { el.textContent = text; el.className = 'result' + (bad ? ' bad' : ' good'); }
  $('reload') && $('reload').addEventListener('click', function () { window.location.reload(); });

  // Clicking a shift picks it in the edit form.
  var edit = $('edit-form');
  document.querySelectorAll('.shift').forEach(function (el) {
    el.addEventListener('click', function () {
      if (!edit) { return; }
      edit.elements.shift.value = el.getAttribute('data-key');
      document.querySelectorAll('.shift.picked').forEach(function (p) { p.classList.remove('picked'); });
      el.classList.add('picked');
    });
  });

  if (edit) {
    edit.addEventListener('submit', function (event) {
      event.preventDefault();
      var option = edit.elements.shift.selectedOptions[0];
      var body = { version: parseInt(option.getAttribute('data-version'), 10), shift: option.value,
        staff_id: edit.elements.staff_id.value, action: event.submitter ? event.submitter.value : 'add' };
      fieldops.api('POST', base + '/edits', body).then(function (answer) {
        if (stale(answer)) { say($('edit-result'), answer.body.detail, true); return; }
        if (!answer.ok) { say($('edit-result'), fieldops.problems(answer.body), true); return; }
        say($('edit-result'), (en ? 'Saved as version ' : '已保存为第') + answer.body.version + (en ? '' : '版'));
        setTimeout(function () { window.location.reload(); }, 800);
      });
    });
  }

  var sick = $('sick-form'), planned = null;
  function sickBody() {
    var local = sick.elements.from.value;  // the township's time (Asia/Shanghai, +08:00)
    return { version: parseInt(root.getAttribute('data-version'), 10), staff_id: sick.elements.staff_id.value,
      from: local.length === 16 ? local + ':00+08:00' : local + '+08:00' };
  }
  function person(list) { return list.map(function (p) { return p.name; }).join(en ? ', ' : '、') || '—'; }
  function showDiff(plan) {
    var box = $('sick-diff');
    box.textContent = '';
    var table = document.createElement('table');
    plan.changes.forEach(function (c) {
      var tr = table.insertRow();
      [c.day.slice(5) + ' ' + c.window, c.post, person(c.removed) + ' → ' + (person(c.added))].forEach(function (t) {
        tr.insertCell().textContent = t;
      });
      tr.className = 'change';
    });
    plan.unfilled.forEach(function (u) {
      var tr = table.insertRow();
      [u.day.slice(5) + ' ' + u.window, u.post, (en ? 'short ' : '缺') + u.missing + (en ? ': ' : '人：') + u.reason[en ? 'en' : 'zh']].forEach(function (t) {
        tr.insertCell().textContent = t;
      });
      tr.className = 'unfilled';
    });
    var message = document.createElement('pre');
    message.textContent = plan.message[en ? 'en' : 'zh'];
    box.appendChild(table);
    box.appendChild(message);
    box.hidden = false;
  }
  if (sick) {
    $('sick-preview').addEventListener('click', function (event) {
      event.preventDefault();
      fieldops.api('POST', base + '/repair/preview', sickBody()).then(function (answer) {
        if (stale(answer)) { return; }
        if (!answer.ok) { say($('sick-result'), fieldops.problems(answer.body), true); return; }
        planned = answer.body;
        showDiff(planned);
        $('sick-save').hidden = false;
        say($('sick-result'), en ? 'Preview: nothing saved yet.' : '预览：尚未保存。');
      });
    });
    $('sick-save').addEventListener('click', function (event) {
      event.preventDefault();
      if (!planned) { return; }
      var body = sickBody();
      body.changes = planned.changes;
      fieldops.api('POST', base + '/repair', body).then(function (answer) {
        if (stale(answer)) { say($('sick-result'), answer.body.detail, true); return; }
        if (!answer.ok) { say($('sick-result'), fieldops.problems(answer.body), true); return; }
        say($('sick-result'), (en ? 'Saved as version ' : '已保存为第') + answer.body.version + (en ? '' : '版'));
        setTimeout(function () { window.location.reload(); }, 800);
      });
    });
  }

  var publish = $('publish');
  publish && publish.addEventListener('click', function () {
    fieldops.api('POST', base + '/publish', { version: parseInt(root.getAttribute('data-version'), 10) }).then(function (answer) {
      if (!answer.ok) { fieldops.toast(fieldops.problems(answer.body), true); return; }
      fieldops.toast(en ? 'Published' : '已发布');
      setTimeout(function () { window.location.reload(); }, 600);
    });
  });

  var generate = $('generate');
  function follow(id) {
    fieldops.api('GET', '/api/v1/rosters/jobs/' + id).then(function (answer) {
      if (!answer.ok) { $('generate-state').textContent = fieldops.problems(answer.body); return; }
      var job = answer.body;
      $('generate-progress').hidden = false;
      $('generate-progress').value = job.step;
      $('generate-state').textContent = WORDS[job.state] + (job.state === 'done' ? job.version + (en ? '' : '版') : '') + (job.message ? '：' + job.message : '');
      if (job.state === 'done') { setTimeout(function () { window.location.reload(); }, 800); return; }
      if (job.state !== 'failed') { setTimeout(function () { follow(id); }, 700); }
    });
  }
  generate && generate.addEventListener('click', function () {
    generate.disabled = true;
    fieldops.api('POST', base + '/generate').then(function (answer) {
      if (!answer.ok) { generate.disabled = false; fieldops.toast(fieldops.problems(answer.body), true); return; }
      follow(answer.body.id);
    });
  });

  $('copy-wechat').addEventListener('click', function () {
    var button = this;
    fetch(base + '/files/wechat.txt?lang=' + (en ? 'en' : 'zh'), { credentials: 'same-origin' })
      .then(function (res) { return res.text(); })
      .then(function (text) {
        var area = document.createElement('textarea');
        area.value = text;
        var done = function () { fieldops.toast(button.getAttribute('data-copied')); button.setAttribute('data-copied-text', text); };
        (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).then(done, function () {
          document.body.appendChild(area); area.select(); document.execCommand('copy'); area.remove(); done();
        });
      });
  });
})();
