// Shared by the test pages: lays the page out as asked by the query string and reports where
// every element marked data-t sits, in screenshot pixels, in <pre id="rects">.
//   w=1440     draw the app as a 1440x1000 window on a desktop (a narrower browser window)
//   sidebar=0  collapse the sidebar to icons
//   hide=a,b   hide the elements with these data-t names (removed in the new version)
//   order=...  page-specific (the table's row order)
// An element whose centre another covers (a dialog, a toast) or lies below the screenshot is
// reported as not there. Its
// description (data-d, as a person would write the step) is reported too.
(function () {
  var q = new URLSearchParams(location.search);
  var win = document.getElementById('win');
  var w = q.get('w');
  if (w) {
    document.body.classList.add('desktop');
    win.style.width = w + 'px';
    win.style.height = (q.get('h') || 1000) + 'px';
  }
  if (q.get('sidebar') === '0') {
    document.body.classList.add('collapsed');
  }
  (q.get('hide') || '').split(',').filter(Boolean).forEach(function (name) {
    document.querySelectorAll('[data-t="' + name + '"]').forEach(function (e) {
      (e.closest('[data-hide-with]') || e).style.display = 'none';
    });
  });
  if (window.arrange) {
    window.arrange(q);
  }
  var out = {};
  var said = {};
  var dpr = window.devicePixelRatio;
  document.querySelectorAll('[data-t]').forEach(function (e) {
    var r = e.getBoundingClientRect();
    var top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    // No element there (null) means outside the layout viewport, which headless Chromium makes
    // shorter for the DOM dump than for the 1080-pixel screenshot: covered only if inside it.
    var covered = top ? top !== e && !e.contains(top) : (r.top + r.bottom) / 2 * dpr >= 1080;
    if (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && !covered) {
      out[e.getAttribute('data-t')] = [Math.round(r.left * dpr), Math.round(r.top * dpr),
        Math.round(r.right * dpr) - 1, Math.round(r.bottom * dpr) - 1];
    }
    said[e.getAttribute('data-t')] = e.getAttribute('data-d') || '';
  });
  document.getElementById('rects').textContent = JSON.stringify(out);
  var d = document.createElement('pre');
  d.id = 'descriptions';
  d.style.display = 'none';
  d.textContent = JSON.stringify(said);
  document.body.appendChild(d);
})();
