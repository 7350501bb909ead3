// Coverage of a period: GET /api/v1/coverage/map draws villages by coverage ratio, covered cells
// by effort, cells nobody visited for 14 days (dashed), crossings by the share of shifts filled;
// the tables show the same figures (properties.figures = fieldops coverage --format json).
(function () {
  'use strict';
  var root = document.getElementById('coverage');
  if (!root) { return; }
  var en = root.getAttribute('data-lang') === 'en';
  var M = window.fieldopsMap, map = M.create(document.getElementById('map'));
  var query = 'township_id=' + encodeURIComponent(root.getAttribute('data-township')) +
    '&from=' + encodeURIComponent(root.getAttribute('data-from')) + '&to=' + encodeURIComponent(root.getAttribute('data-to'));

  function bin(value, edges) { var i = 0; while (i < edges.length && value >= edges[i]) { i += 1; } return i; }
  function pct(value) { return value == null ? '—' : Math.round(value * 100) + '%'; }
  function cell(row, key, value, shown) {
    var td = document.createElement('td');
    td.setAttribute('data-key', key);
    td.setAttribute('data-value', value == null ? '' : String(value));
    td.textContent = shown == null ? (value == null ? '—' : String(value)) : shown;
    row.appendChild(td);
  }

  function tables(figures) {
    document.getElementById('as-of').textContent = (en ? 'as of ' : '截至 ') + figures.as_of.slice(0, 16).replace('T', ' ');
    var body = document.querySelector('#villages tbody');
    figures.villages.forEach(function (v) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-village', v.id);
      cell(tr, 'name', v.name);
      cell(tr, 'coverage_ratio', v.coverage_ratio, pct(v.coverage_ratio));
      cell(tr, 'cells_covered', v.cells_covered, v.cells_covered + '/' + v.cells_total);
      cell(tr, 'km', v.km, v.km.toFixed(1));
      cell(tr, 'patrols', v.patrols);
      cell(tr, 'stale_cells', v.stale_cells);
      body.appendChild(tr);
    });
    body = document.querySelector('#posts tbody');
    figures.posts.forEach(function (p) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-post', p.id);
      cell(tr, 'name', p.name);
      cell(tr, 'shifts_filled', p.shifts_filled, p.shifts_filled + '/' + p.shifts_planned);
      cell(tr, 'on_time', p.on_time);
      cell(tr, 'late', p.late);
      cell(tr, 'missed', p.missed);
      cell(tr, 'people_reached', p.people_reached);
      body.appendChild(tr);
    });
  }

  function draw(collection) {
    var all = L.featureGroup().addTo(map), cells = L.featureGroup(), stale = L.featureGroup(), posts = L.featureGroup();
    collection.features.forEach(function (f) {
      var p = f.properties || {};
      if (p.kind === 'village') {
        L.polygon(M.polygons(f.geometry), { className: 'cover-village ratio-' + Math.min(4, bin(p.coverage_ratio || 0, [0.2, 0.4, 0.6, 0.8])) })
          .bindTooltip(M.text(p.name) + ' ' + pct(p.coverage_ratio), { permanent: true, direction: 'center', className: 'village-name' }).addTo(all);
      } else if (p.kind === 'cell') {
        L.polygon(M.polygons(f.geometry), { className: 'cover-cell effort-' + Math.max(1, bin(p.minutes || 0, [5, 30, 120])), interactive: false }).addTo(cells);
      } else if (p.kind === 'stale') {
        L.polygon(M.polygons(f.geometry), { className: 'cover-stale', interactive: false }).addTo(stale);
      } else if (p.kind === 'post' && p.post_kind === 'intersection') {
        var c = f.geometry.coordinates, rate = p.fill_rate;
        var cls = rate == null ? 'none' : rate < 0.5 ? 'low' : rate < 0.9 ? 'mid' : 'high';
        L.circleMarker(M.at(c[0], c[1]), { radius: 8, className: 'cover-crossing fill-' + cls })
          .bindTooltip(M.text(p.name) + ' ' + p.shifts_filled + '/' + p.shifts_planned).addTo(posts);
      }
    });
    [cells, stale, posts].forEach(function (layer) { layer.addTo(map); });
    M.fit(map, all);
  }

  fieldops.api('GET', '/api/v1/coverage/map?' + query).then(function (answer) {
    if (!answer.ok) { fieldops.toast(fieldops.problems(answer.body), true); return; }
    draw(answer.body);
    tables(answer.body.properties.figures);
    root.setAttribute('data-ready', '1');
  });
})();
