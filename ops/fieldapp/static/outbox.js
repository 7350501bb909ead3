/* FieldOps outbox: everything the phone records waits in IndexedDB until the server has it.
 *
 * Items keep the UUID made on the phone, so a resend after a lost answer is stored once.
 * States: pending (to send), held (a photo waiting for its report to be accepted), rejected
 * (the server said why; kept until the person dismisses it). Network errors and 5xx/503 back off
 * exponentially (honouring Retry-After); 401 stops sending and asks the app to sign in again.
 */
(function (global) {
  'use strict';
  var DB_NAME = 'fieldops', STORE = 'outbox';
  var PATHS = { checkin: '/checkins', hazard: '/hazards', visit: '/visits', track: '/tracks' };
  var BATCH = { checkin: 100, hazard: 50, visit: 50, track: 5 };
  var BASE_DELAY_MS = 2000, MAX_DELAY_MS = 5 * 60 * 1000;
  var opts = { api: '/api/v1', token: function () { return null; }, onUnauthorized: function () {} };
  var listeners = [];
  var dbPromise = null, running = null, again = false, timer = null;

  function uuid() {
    if (global.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16), i;
    if (global.crypto && crypto.getRandomValues) { crypto.getRandomValues(b); }
    else { for (i = 0; i < 16; i++) { b[i] = Math.floor(Math.random() * 256); } }
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = [];
    for (i = 0; i < 16; i++) { h.push((b[i] + 0x100).toString(16).slice(1)); }
    return h.slice(0, 4).join('') + '-' + h.slice(4, 6).join('') + '-' + h.slice(6, 8).join('') +
      '-' + h.slice(8, 10).join('') + '-' + h.slice(10).join('');
  }

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: 'key' }); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  /* Run fn(store) in one transaction; resolve with what fn returned once it is committed. */
  function tx(mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), out;
        t.oncomplete = function () { resolve(out && 'result' in out ? out.result : out); };
        t.onerror = t.onabort = function () { reject(t.error); };
        out = fn(t.objectStore(STORE));
      });
    });
  }

  function all() {
    return tx('readonly', function (s) { return s.getAll(); }).then(function (rows) {
      return rows.sort(function (a, b) { return a.createdAt - b.createdAt; });
    });
  }
  function put(rows) { return tx('readwrite', function (s) { rows.forEach(function (r) { s.put(r); }); }); }
  function remove(keys) { return tx('readwrite', function (s) { keys.forEach(function (k) { s['delete'](k); }); }); }
  function changed() { all().then(function (rows) { listeners.forEach(function (f) { f(rows); }); }); }

  /* Queue an item; `extra` may carry blob, hazardId, state ('held' for photos) and a note. */
  function add(kind, item, extra) {
    var rec = { key: item && item.id ? item.id : kind + ':' + uuid(), kind: kind, item: item,
      state: 'pending', attempts: 0, nextAt: 0, createdAt: Date.now() };
    Object.keys(extra || {}).forEach(function (k) { rec[k] = extra[k]; });
    return put([rec]).then(function () { changed(); flush(); return rec; });
  }

  /* The person has read a rejection: forget it (and the photos of a rejected report). */
  function dismiss(key) {
    return all().then(function (rows) {
      var keys = rows.filter(function (r) { return r.key === key || (r.hazardId === key && r.kind === 'photo'); })
        .map(function (r) { return r.key; });
      return remove(keys);
    }).then(changed);
  }

  function reasonOf(errors) {
    return (errors || []).map(function (e) { return (e.field ? e.field + ': ' : '') + e.message; }).join('；');
  }

  function reject(recs, reason) {
    recs.forEach(function (r) { r.state = 'rejected'; r.reason = reason; });
    return put(recs);
  }

  function backoff(recs, retryAfterS) {
    var now = Date.now();
    recs.forEach(function (r) {
      r.attempts += 1;
      var delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, r.attempts - 1));
      delay = delay * (0.75 + Math.random() * 0.5);
      if (retryAfterS) { delay = Math.max(delay, retryAfterS * 1000); }
      r.nextAt = now + delay;
    });
    return put(recs);
  }

  function headers(json) {
    var h = { Authorization: 'Bearer ' + opts.token() };
    if (json) { h['Content-Type'] = 'application/json'; }
    return h;
  }

  function detailOf(res) {
    return res.json().then(function (b) {
      return (b && b.detail ? (typeof b.detail === 'string' ? b.detail : JSON.stringify(b.detail)) : '') +
        (b && b.errors ? ' ' + reasonOf(b.errors) : '');
    }, function () { return ''; }).then(function (d) { return 'HTTP ' + res.status + (d ? ' · ' + d : ''); });
  }

  /* What to do with a non-2xx answer; resolves false when sending must stop for now. */
  function failed(res, recs) {
    if (res.status === 401) { opts.onUnauthorized(); return Promise.resolve(false); }
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      return backoff(recs, parseFloat(res.headers.get('Retry-After')) || 0).then(function () { return false; });
    }
    return detailOf(res).then(function (d) { return reject(recs, d); }).then(function () { return true; });
  }

  function sendBatch(kind, recs) {
    var body = JSON.stringify({ items: recs.map(function (r) { return r.item; }) });
    return fetch(opts.api + PATHS[kind], { method: 'POST', headers: headers(true), body: body })
      .then(function (res) {
        if (res.status !== 202) { return failed(res, recs); }
        return res.json().then(function (answer) { return settle(kind, recs, answer); });
      }, function () { return backoff(recs, 0).then(function () { return false; }); });
  }

  /* Drop accepted items (releasing their photos); keep rejected ones with the server's reason. */
  function settle(kind, recs, answer) {
    var accepted = {}, byKey = {}, rejected = [];
    (answer.accepted || []).forEach(function (id) { accepted[id] = true; });
    recs.forEach(function (r) { byKey[r.key] = r; });
    (answer.rejected || []).forEach(function (x) {
      var r = (x.id && byKey[x.id]) || recs[x.index];
      if (r) { r.state = 'rejected'; r.reason = reasonOf(x.errors); rejected.push(r); }
    });
    var done = recs.filter(function (r) { return accepted[r.key]; }).map(function (r) { return r.key; });
    var lost = recs.filter(function (r) { return !accepted[r.key] && r.state !== 'rejected'; });
    return put(rejected).then(function () { return remove(done); }).then(function () {
      return lost.length ? backoff(lost, 0) : null;  // neither taken nor refused: try again later
    }).then(function () {
      return kind === 'hazard' ? release(done, rejected) : null;
    }).then(function () { return true; });
  }

  function release(acceptedIds, rejectedRecs) {
    var ok = {}, bad = {};
    acceptedIds.forEach(function (id) { ok[id] = true; });
    rejectedRecs.forEach(function (r) { bad[r.key] = r.reason; });
    return all().then(function (rows) {
      var photos = rows.filter(function (r) { return r.kind === 'photo' && r.state === 'held' && (ok[r.hazardId] || bad[r.hazardId]); });
      photos.forEach(function (p) {
        if (ok[p.hazardId]) { p.state = 'pending'; } else { p.state = 'rejected'; p.reason = bad[p.hazardId]; }
      });
      return put(photos);
    });
  }

  function sendPhoto(rec) {
    var form = new FormData();
    form.append('file', rec.blob, rec.fileName || 'photo.jpg');
    var url = opts.api + '/hazards/' + encodeURIComponent(rec.hazardId) + '/photos';
    return fetch(url, { method: 'POST', headers: headers(false), body: form }).then(function (res) {
      if (res.ok) { return remove([rec.key]).then(function () { return true; }); }
      return failed(res, [rec]);
    }, function () { return backoff([rec], 0).then(function () { return false; }); });
  }

  function flushOnce() {
    if (!opts.token() || navigator.onLine === false) { return Promise.resolve(); }
    return all().then(function (rows) {
      var now = Date.now();
      var due = rows.filter(function (r) { return r.state === 'pending' && r.nextAt <= now; });
      var steps = ['checkin', 'hazard', 'visit', 'track'].map(function (kind) {
        var recs = due.filter(function (r) { return r.kind === kind; }).slice(0, BATCH[kind]);
        return recs.length ? function () { return sendBatch(kind, recs); } : null;
      }).filter(Boolean);
      // Photos go last: a report accepted in this round releases its photo for the next round.
      due.filter(function (r) { return r.kind === 'photo'; }).slice(0, 3).forEach(function (r) {
        steps.push(function () { return sendPhoto(r); });
      });
      var sent = steps.length > 0;
      return steps.reduce(function (p, step) {
        return p.then(function (go) { return go === false ? false : step(); });
      }, Promise.resolve(true)).then(function (go) { if (sent && go !== false) { again = true; } });
    });
  }

  /* Send what is due; one run at a time, repeated while sending makes progress. */
  function flush() {
    if (running) { again = true; return running; }
    running = (function loop() {
      again = false;
      return flushOnce().then(function () { changed(); return again ? loop() : null; });
    })().catch(function () { return null; }).then(function () { running = null; schedule(); });
    return running;
  }

  /* Wake up when the earliest backed-off item is due. */
  function schedule() {
    clearTimeout(timer);
    all().then(function (rows) {
      var next = rows.filter(function (r) { return r.state === 'pending'; })
        .reduce(function (m, r) { return Math.min(m, r.nextAt); }, Infinity);
      if (next < Infinity) { timer = setTimeout(flush, Math.max(1000, next - Date.now())); }
    });
  }

  /* The signal is back: try everything now instead of waiting out the backoff. */
  function retryNow() {
    return all().then(function (rows) {
      var waiting = rows.filter(function (r) { return r.state === 'pending' && r.nextAt > 0; });
      waiting.forEach(function (r) { r.nextAt = 0; });
      return put(waiting);
    }).then(flush);
  }

  global.Outbox = {
    configure: function (o) { Object.keys(o).forEach(function (k) { opts[k] = o[k]; }); },
    add: add, all: all, dismiss: dismiss, flush: flush, retryNow: retryNow, uuid: uuid,
    onChange: function (f) { listeners.push(f); changed(); }
  };
  global.addEventListener('online', retryNow);
})(window);
