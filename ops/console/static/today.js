// 今日值守: the township's map with today's shifts (by state), tracks and reports, and the list of
// people (missed and late first). Everything shown comes from GET /api/v1/today; live events add
// what was just stored at once and have the board reloaded (the states are the server's).
(function () {
  'use strict';
  var root = document.getElementById('today');
  if (!root) { return; }
  var en = root.getAttribute('data-lang') === 'en';
  var zone = root.getAttribute('data-tz') || 'Asia/Shanghai';
  var township = root.getAttribute('data-township');
  var T = en ? {
    missed: 'missed', off_site: 'off site', on_duty: 'on duty', not_started: 'not started', finished: 'finished',
    late: 'late', on_time: 'on time', in: 'checked in', out: 'checked out', live: 'live', connecting: 'connecting…',
    reconnecting: 'reconnecting…', none: 'No shifts today', call: 'call', report: 'report', people: 'people'
  } : {
    missed: '缺勤', off_site: '不在岗位', on_duty: '在岗', not_started: '未开始', finished: '已结束',
    late: '迟到', on_time: '准时', in: '签到', out: '签退', live: '实时', connecting: '连接中…',
    reconnecting: '重新连接中…', none: '今日没有排班', call: '拨打', report: '上报', people: '人'
  };
  var RANK = { missed: 0, late: 1, off_site: 2, on_duty: 3, not_started: 4, finished: 5 };
  var el = function (id) { return document.getElementById(id); };
  var M = window.fieldopsMap, live = window.fieldopsLive;
  var map = M.create(el('map'));
  var layers = { shifts: L.layerGroup().addTo(map), tracks: L.layerGroup().addTo(map), reports: L.layerGroup().addTo(map), fresh: L.layerGroup().addTo(map) };
  var trackLines = {}, reportIds = {};

  function hhmm(iso) { return iso ? iso.slice(11, 16) : ''; }
  function rank(p) { return p.punctuality === 'late' && (p.state === 'on_duty' || p.state === 'finished') ? RANK.late : RANK[p.state]; }
  function label(p) {
    var text = T[p.state] || p.state;
    if (p.punctuality && p.state !== 'missed') { text += '（' + T[p.punctuality] + '）'; }
    return text;
  }
  function worst(people) {
    return people.reduce(function (acc, p) { return acc === null || rank(p) < rank(acc) ? p : acc; }, null);
  }
  function node(tag, cls, text) { var n = document.createElement(tag); if (cls) { n.className = cls; } if (text != null) { n.textContent = text; } return n; }

  function drawShifts(shifts) {
    layers.shifts.clearLayers();
    shifts.forEach(function (s) {
      if (!s.people.length) { return; }
      var w = worst(s.people), cls = rank(w) === RANK.late ? 'late' : w.state;
      var tip = M.text(s.post.name) + ' ' + hhmm(s.starts_at) + '–' + hhmm(s.ends_at) + '<br>' +
        s.people.map(function (p) { return M.text(p.name) + ' · ' + M.text(label(p)); }).join('<br>');
      L.circleMarker(M.at(s.post.lon, s.post.lat), { radius: 9, className: 'shift state-' + cls, weight: 2 })
        .bindTooltip(tip).addTo(layers.shifts);
    });
  }

  function drawPeople(shifts) {
    var rows = [];
    shifts.forEach(function (s) { s.people.forEach(function (p) { rows.push({ s: s, p: p }); }); });
    rows.sort(function (a, b) { return rank(a.p) - rank(b.p) || (a.s.starts_at < b.s.starts_at ? -1 : 1); });
    var list = el('people');
    list.textContent = '';
    if (!rows.length) { list.appendChild(node('li', 'muted', T.none)); }
    rows.forEach(function (r) {
      var p = r.p, cls = rank(p) === RANK.late ? 'late' : p.state;
      var li = node('li', 'person state-' + cls);
      li.setAttribute('data-assignment', p.assignment_id);
      li.setAttribute('data-staff', p.staff_id);
      li.setAttribute('data-state', p.state);
      li.setAttribute('data-punctuality', p.punctuality || '');
      li.appendChild(node('i', 'dot ' + cls));
      li.appendChild(node('b', 'name', p.name));
      li.appendChild(node('span', 'state', label(p)));
      li.appendChild(node('span', 'where muted', r.s.post.name + ' ' + hhmm(r.s.starts_at) + '–' + hhmm(r.s.ends_at)));
      if (p.phone) {
        var a = node('a', 'tel', p.phone);
        a.href = 'tel:' + p.phone.replace(/[^0-9+]/g, '');
        a.title = T.call;
        li.appendChild(a);
      }
      list.appendChild(li);
    });
  }

  function drawCounts(counts) {
    var parts = ['missed', 'off_site', 'on_duty', 'not_started', 'finished'].map(function (k) { return T[k] + ' ' + (counts[k] || 0); });
    el('counts').textContent = parts.join(' · ');
  }

  function drawTrack(staffId, name, points) {
    if (!points.length) { return; }
    var line = trackLines[staffId];
    var latlngs = points.map(function (p) { return M.at(p[0], p[1]); });
    if (line) { latlngs.forEach(function (ll) { line.addLatLng(ll); }); return; }
    trackLines[staffId] = L.polyline(latlngs, { className: 'track', weight: 3 }).bindTooltip(M.text(name)).addTo(layers.tracks);
  }

  function addReport(h) {
    if (reportIds[h.id]) { reportIds[h.id].status = h.status; return; }
    reportIds[h.id] = h;
    if (h.lon != null) {
      var label = (h.category_label ? (en ? h.category_label.en : h.category_label.zh) : h.category);
      L.circleMarker(M.at(h.lon, h.lat), { radius: 6, className: 'report cat-' + h.category, weight: 1.5 })
        .bindTooltip(M.text(label) + ' · ' + M.text(h.staff_name) + ' ' + live.localTime(h.recorded_at, zone))
        .on('click', function () { window.location.href = '/console/hazards/' + h.id; })
        .addTo(layers.reports);
    }
    var li = node('li', 'report-item');
    li.setAttribute('data-hazard', h.id);
    var a = node('a', null, (h.category_label ? (en ? h.category_label.en : h.category_label.zh) : h.category) + ' · ' + h.staff_name);
    a.href = '/console/hazards/' + h.id;
    li.appendChild(node('span', 'muted', live.localTime(h.recorded_at, zone) + ' '));
    li.appendChild(a);
    el('reports').insertBefore(li, el('reports').firstChild);
  }

  function render(board) {
    drawCounts(board.counts);
    drawShifts(board.shifts);
    drawPeople(board.shifts);
    layers.tracks.clearLayers();
    trackLines = {};
    board.tracks.forEach(function (t) { drawTrack(t.staff_id, t.name, t.points); });
    board.hazards.forEach(addReport);
  }

  function load() {
    return fieldops.api('GET', '/api/v1/today?township_id=' + encodeURIComponent(township)).then(function (answer) {
      if (!answer.ok) { fieldops.toast(fieldops.problems(answer.body), true); return null; }
      render(answer.body);
      return answer.body;
    });
  }
  var reload = live.throttle(load, 1000);

  function feed(text, cls, staffId) {
    var li = node('li', cls, live.localTime(new Date().toISOString(), zone) + ' ' + text);
    li.setAttribute('data-staff', staffId);
    var list = el('feed');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 30) { list.removeChild(list.lastChild); }
  }

  function onEvent(name, data) {
    if (name === 'checkin') {
      feed(data.staff_name + ' ' + (T[data.kind] || data.kind) + ' · ' + (T[data.status] || data.status), 'fresh checkin', data.staff_id);
      if (data.lon != null) { L.circleMarker(M.at(data.lon, data.lat), { radius: 5, className: 'fresh-checkin' }).addTo(layers.fresh); }
      reload();
    } else if (name === 'track') {
      drawTrack(data.staff_id, data.staff_name, data.points);
    } else if (name === 'hazard') {
      feed(data.staff_name + ' ' + T.report, 'fresh hazard', data.staff_id);
      addReport(data);
    } else if (name === 'transition' || name === 'reset') {
      reload();
    }
  }

  function status(state) {
    var s = el('live-status');
    s.setAttribute('data-state', state);
    s.textContent = T[state] || state;
  }

  fieldops.api('GET', '/api/v1/townships/' + encodeURIComponent(township) + '/map').then(function (answer) {
    if (!answer.ok) { return; }
    var drawn = M.drawTownship(map, answer.body);
    M.fit(map, drawn);
    M.viewButtons(map, drawn, en ? ['Township', 'Crossings'] : ['全乡', '路口']);
  });
  load().then(function (board) {
    live.connect({
      url: '/api/v1/events?township_id=' + encodeURIComponent(township),
      after: board ? board.last_event_id : null, onEvent: onEvent, onStatus: status
    });
  });
})();
