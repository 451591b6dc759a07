// The little script inside every report page: draws each chart with vega-embed (SVG renderer, no
// action menu, so no link leaves the page), draws a sweep's small run charts only when their
// section opens, and ties the hinge table to the fit chart: hovering a row highlights that unit's
// line and knot, hovering a knot highlights its row. Plain ES2019, no imports.
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('relu-lab-data').textContent);
  var views = {};
  var pending = {};
  function relu(z) { return z > 0 ? z : 0; }
  function filled(c) {
    if (!c.fill) return c.spec;
    var g = DATA.grids[c.fill.grid], n = c.fill.net, rows = [];
    for (var j = 0; j < g.xs.length; j++) {
      var x = g.xs[j], y = n.d;
      for (var i = 0; i < n.a.length; i++) y += n.c[i] * relu(n.a[i] * x + n.b[i]);
      rows.push({ series: g.name, x: x, y: g.ys[j] });
      rows.push({ series: 'learned', x: x, y: y });
    }
    var spec = JSON.parse(JSON.stringify(c.spec));
    spec.datasets = { curves: rows };
    return spec;
  }
  function rowsOf(chart) { return document.querySelectorAll('tr[data-chart="' + chart + '"]'); }
  function showUnit(chart, unit) {
    var v = views[chart];
    if (v) v.signal('unit', unit).runAsync();
    var line = document.querySelector('.unit-line[data-chart="' + chart + '"]');
    rowsOf(chart).forEach(function (tr) {
      var on = Number(tr.getAttribute('data-unit')) === unit;
      tr.classList.toggle('active', on);
      if (on && line) line.textContent = tr.getAttribute('data-desc');
    });
    if (line && unit < 0) line.textContent = line.getAttribute('data-hint');
  }
  function draw(id) {
    if (pending[id]) return pending[id];
    var c = DATA.charts[id];
    pending[id] = vegaEmbed('#' + id, filled(c), { renderer: 'svg', actions: false }).then(function (r) {
      views[id] = r.view;
      document.getElementById(id).setAttribute('data-drawn', 'true');
      if (rowsOf(id).length) {
        r.view.addEventListener('mouseover', function (ev, item) {
          if (item && item.datum && typeof item.datum.unit === 'number') showUnit(id, item.datum.unit);
        });
        r.view.addEventListener('mouseout', function (ev, item) {
          if (item && item.datum && typeof item.datum.unit === 'number') showUnit(id, -1);
        });
      }
      return r.view;
    }).catch(function (e) { console.error('relu-lab: chart ' + id + ' failed: ' + e); throw e; });
    return pending[id];
  }
  document.querySelectorAll('tr[data-chart][data-unit]').forEach(function (tr) {
    var chart = tr.getAttribute('data-chart'), unit = Number(tr.getAttribute('data-unit'));
    tr.addEventListener('mouseenter', function () { showUnit(chart, unit); });
    tr.addEventListener('mouseleave', function () { showUnit(chart, -1); });
    tr.addEventListener('focus', function () { showUnit(chart, unit); });
    tr.addEventListener('blur', function () { showUnit(chart, -1); });
  });
  document.querySelectorAll('details').forEach(function (d) {
    d.addEventListener('toggle', function () {
      if (d.open) d.querySelectorAll('.vis').forEach(function (el) { draw(el.id); });
    });
  });
  // A link to a run (summary table, seed chart) opens its section.
  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === 'DETAILS' && !el.open) el.open = true;
  }
  window.addEventListener('hashchange', openHash);
  openHash();
  var eager = Object.keys(DATA.charts).filter(function (id) { return !DATA.charts[id].lazy; });
  window.reluLab = { views: views, draw: draw, ready: Promise.all(eager.map(draw)) };
})();
`;
