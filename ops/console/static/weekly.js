// Build a past week's summary: POST /api/v1/reports/weekly sends a worker task; its progress is
// read every second (queued → running → done); when done the list is reloaded.
(function () {
  'use strict';
  var form = document.getElementById('build-form');
  if (!form) { return; }
  var en = form.getAttribute('data-lang') === 'en';
  var bar = document.getElementById('build-progress'), state = document.getElementById('build-state');
  var WORDS = en ? { queued: 'queued…', running: 'building…', done: 'done', failed: 'failed' }
    : { queued: '排队中…', running: '生成中…', done: '已完成', failed: '失败' };

  function show(progress) {
    bar.hidden = false;
    bar.value = progress.step;
    bar.max = progress.steps;
    state.textContent = (WORDS[progress.state] || progress.state) + (progress.message ? '：' + progress.message : '');
  }

  function follow(id) {
    fieldops.api('GET', '/api/v1/reports/weekly/builds/' + id).then(function (answer) {
      if (!answer.ok) { state.textContent = fieldops.problems(answer.body); return; }
      show(answer.body);
      if (answer.body.state === 'done') { window.location.reload(); return; }
      if (answer.body.state !== 'failed') { setTimeout(function () { follow(id); }, 1000); }
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var area = form.elements.area.value;
    var body = area === 'county' ? { week: form.elements.week.value, county: true }
      : { week: form.elements.week.value, township_id: parseInt(area, 10) };
    form.querySelector('button').disabled = true;
    fieldops.api('POST', '/api/v1/reports/weekly', body).then(function (answer) {
      form.querySelector('button').disabled = false;
      if (!answer.ok) { fieldops.toast(fieldops.problems(answer.body), true); return; }
      show(answer.body);
      follow(answer.body.id);
    });
  });
})();
