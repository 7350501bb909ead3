// Live events for console pages: an EventSource on /api/v1/events that never gives up.
// The browser reconnects by itself after a dropped stream (sending Last-Event-ID); when it gives
// up (the server answered 503, or was down at the moment), a new EventSource starts from the
// last id seen (?after=), so nothing kept in the server's event stream is missed.
(function () {
  'use strict';
  var NAMES = ['checkin', 'track', 'hazard', 'transition', 'ready', 'reset'];

  function connect(options) {
    var lastId = options.after || null, source = null, pause = 1000;
    function open() {
      var url = options.url;
      if (lastId) { url += (url.indexOf('?') < 0 ? '?' : '&') + 'after=' + encodeURIComponent(lastId); }
      source = new EventSource(url);
      options.onStatus('connecting');
      NAMES.forEach(function (name) {
        source.addEventListener(name, function (event) {
          if (event.lastEventId) { lastId = event.lastEventId; }
          if (name === 'ready') { pause = 1000; options.onStatus('live'); }
          var data = null;
          try { data = JSON.parse(event.data); } catch (e) { return; }
          options.onEvent(name, data, event.lastEventId);
        });
      });
      source.onerror = function () {
        options.onStatus('reconnecting');
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          setTimeout(open, pause);
          pause = Math.min(pause * 2, 15000);
        }
      };
    }
    open();
    return { lastId: function () { return lastId; }, close: function () { if (source) { source.close(); } } };
  }

  // Run `fn` at most once a second, the last call always honoured (many events, one reload).
  function throttle(fn, gapMs) {
    var timer = null, last = 0;
    return function () {
      if (timer) { return; }
      var wait = Math.max(0, gapMs - (Date.now() - last));
      timer = setTimeout(function () { timer = null; last = Date.now(); fn(); }, wait);
    };
  }

  function localTime(iso, zone) {
    if (!iso) { return ''; }
    try {
      return new Date(iso).toLocaleTimeString('zh-CN', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false });
    } catch (e) { return iso.slice(11, 16); }
  }

  window.fieldopsLive = { connect: connect, throttle: throttle, localTime: localTime };
})();
