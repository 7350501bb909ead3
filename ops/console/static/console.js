// FieldOps office console: small progressive enhancement over server-rendered pages.
// Every page works without it; with it, selects submit themselves and actions go through the
// JSON API with the session's CSRF token.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function api(method, url, body) {
    var options = { method: method, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } };
    if (body instanceof FormData) { options.body = body; }
    else if (body !== undefined) { options.body = JSON.stringify(body); options.headers['Content-Type'] = 'application/json'; }
    return fetch(url, options).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
        return { status: res.status, ok: res.ok, body: data };
      });
    });
  }

  function toast(text, bad) {
    var box = document.createElement('div');
    box.className = 'toast' + (bad ? ' bad' : '');
    box.setAttribute('role', 'status');
    box.textContent = text;
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, bad ? 8000 : 4000);
  }

  function problems(body) {
    if (!body) { return ''; }
    var lines = [body.detail || ''];
    (body.errors || []).forEach(function (e) { lines.push('· ' + [e.record, e.field].filter(Boolean).join(' ') + '：' + e.message); });
    return lines.join('\n');
  }

  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.matches && el.matches('select[data-autosubmit]')) { el.form.submit(); }
  });

  document.addEventListener('click', function (event) {
    var el = event.target.closest ? event.target.closest('[data-copy]') : null;
    if (!el) { return; }
    var source = document.getElementById(el.getAttribute('data-copy'));
    if (!source) { return; }
    var text = source.value !== undefined ? source.value : source.textContent;
    (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).then(
      function () { toast(el.getAttribute('data-copied') || '已复制'); },
      function () { if (source.select) { source.select(); } document.execCommand('copy'); toast(el.getAttribute('data-copied') || '已复制'); }
    );
  });

  window.fieldops = { api: api, toast: toast, problems: problems, csrf: csrf };
})();
