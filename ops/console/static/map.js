// FieldOps console maps: Leaflet (vendored 1.9.4) over the township's own geometry.
// Without FIELDOPS_TILE_URL no request leaves FieldOps: villages and crossings are drawn on a
// plain background. With it, tiles come from that template; positions (stored in WGS84) are
// shifted to GCJ-02 here when the tiles are (data-tile-crs="gcj02"), with the same published
// formula and the same China rectangles as geo/china_crs.py.
(function () {
  'use strict';
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;
  var CHINA = [[49.2204, 79.4462, 42.8899, 96.33], [54.1415, 109.6872, 39.3742, 135.0002],
    [42.8899, 73.1246, 29.5297, 124.143255], [29.5297, 82.9684, 26.7186, 97.0352],
    [29.5297, 97.0253, 20.414096, 124.367395], [20.414096, 107.975793, 17.871542, 111.744104]];
  var NEIGHBOURS = [[22.284, 101.8652, 20.0988, 106.665], [21.5422, 106.4525, 20.4878, 108.051],
    [55.8175, 109.0323, 50.3257, 119.127], [55.8175, 127.4568, 49.5574, 137.0227],
    [44.8922, 131.2662, 42.5692, 137.0227]];
  var crs = 'wgs84';

  function inBoxes(lon, lat, boxes) {
    return boxes.some(function (b) { return lat <= b[0] && lat >= b[2] && lon >= b[1] && lon <= b[3]; });
  }

  function gcj02(lon, lat) {
    if (!inBoxes(lon, lat, CHINA) || inBoxes(lon, lat, NEIGHBOURS)) { return [lon, lat]; }
    var x = lon - 105.0, y = lat - 35.0;
    var waves = 20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI);
    var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dLat += (waves + 20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    dLat += (160.0 * Math.sin(y / 12.0 * PI) + 320.0 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dLon += (waves + 20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    dLon += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    var radLat = lat / 180.0 * PI, magic = 1.0 - EE * Math.pow(Math.sin(radLat), 2), sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * PI);
    return [lon + dLon, lat + dLat];
  }

  // [lat, lng] for Leaflet from a stored WGS84 lon/lat, in the tiles' system.
  function at(lon, lat) {
    var p = crs === 'gcj02' ? gcj02(lon, lat) : [lon, lat];
    return [p[1], p[0]];
  }

  function rings(coordinates) { return coordinates.map(function (ring) { return ring.map(function (p) { return at(p[0], p[1]); }); }); }

  function polygons(geometry) {
    if (geometry.type === 'Polygon') { return [rings(geometry.coordinates)]; }
    if (geometry.type === 'MultiPolygon') { return geometry.coordinates.map(rings); }
    return [];
  }

  function create(el) {
    crs = el.getAttribute('data-tile-crs') || 'wgs84';
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: false, preferCanvas: false });
    var tiles = el.getAttribute('data-tiles');
    if (tiles) {
      var options = { maxZoom: 18 };
      var subdomains = el.getAttribute('data-tile-subdomains');
      if (subdomains) { options.subdomains = subdomains; }
      L.tileLayer(tiles, options).addTo(map);
      var credit = el.getAttribute('data-tile-attribution');
      if (credit) { L.control.attribution({ prefix: false }).addAttribution(credit).addTo(map); }
    } else {
      el.classList.add('plain');
    }
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  }

  function text(value) { var span = document.createElement('span'); span.textContent = value == null ? '' : String(value); return span.innerHTML; }

  // Villages as outlined areas with their names, crossings as circles of their radius (metres).
  function drawTownship(map, collection) {
    var layer = L.featureGroup(), bounds = L.latLngBounds([]), crossings = L.latLngBounds([]);
    collection.features.forEach(function (f) {
      var p = f.properties || {};
      if (p.kind === 'village') {
        var shape = L.polygon(polygons(f.geometry), { className: 'village-area', weight: 1.5 });
        bounds.extend(shape.getBounds());
        shape
          .bindTooltip(text(p.name), { permanent: true, direction: 'center', className: 'village-name' }).addTo(layer);
      } else if (p.kind === 'crossing') {
        var c = f.geometry.coordinates;
        bounds.extend(at(c[0], c[1]));
        crossings.extend(at(c[0], c[1]));
        L.circle(at(c[0], c[1]), { radius: p.radius_m || 50, className: 'crossing-area', weight: 1 })
          .bindTooltip(text(p.name)).addTo(layer);
      }
    });
    layer.addTo(map);
    layer.bounds = bounds;  // circles have no bounds until the map has a view
    layer.crossings = crossings;
    return layer;
  }

  function fit(map, layer) {
    var bounds = layer.bounds || layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.04)); } else { map.setView([32.26, 91.75], 11); }
  }

  // Two buttons: the whole township, or its crossings close up (they sit together at the site).
  function viewButtons(map, layer, labels) {
    if (!layer.crossings || !layer.crossings.isValid()) { return; }
    var control = L.control({ position: 'topright' });
    control.onAdd = function () {
      var box = L.DomUtil.create('div', 'leaflet-bar view-buttons');
      [[labels[0], function () { fit(map, layer); }], [labels[1], function () { map.fitBounds(layer.crossings.pad(0.6), { maxZoom: 17 }); }]]
        .forEach(function (pair, i) {
          var a = L.DomUtil.create('a', 'view-' + (i ? 'crossings' : 'township'), box);
          a.href = '#';
          a.textContent = pair[0];
          L.DomEvent.on(a, 'click', function (e) { L.DomEvent.preventDefault(e); pair[1](); });
        });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  window.fieldopsMap = { viewButtons: viewButtons, create: create, drawTownship: drawTownship, fit: fit, at: at, polygons: polygons, gcj02: gcj02, text: text };
})();
