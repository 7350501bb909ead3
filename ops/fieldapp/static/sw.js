/* FieldOps service worker: keeps the app shell on the phone so the page opens with no signal.
 * The server stamps VERSION with a hash of the shipped files; a new version replaces the cache.
 * API calls are never cached here: the page keeps its own copies and its outbox in IndexedDB. */
var VERSION = '__VERSION__';
var CACHE = 'fieldops-app-' + VERSION;
var SHELL = ['./', 'app.css', 'outbox.js', 'app.js', 'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('fieldops-app-') === 0 && k !== CACHE; })
      .map(function (k) { return caches['delete'](k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var req = event.request, url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || url.pathname.indexOf('/api/') === 0) { return; }
  var key = req.mode === 'navigate' ? './' : req;
  event.respondWith(caches.open(CACHE).then(function (c) {
    return c.match(key, { ignoreSearch: true }).then(function (hit) { return hit || fetch(req); });
  }));
});
