// Shared by the test pages: lays the page out as asked by the query string and reports where
// every element marked data-t sits, in screenshot pixels, in <pre id="rects">.
//   w=1440     draw the app as a 1440x1000 window on a desktop (a narrower browser window)
//   sidebar=0  collapse the sidebar to icons
//   hide=a,b   hide the elements with these data-t names (removed in the new version)
//   order=...  page-specific (the table's row order)
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
  var dpr = window.devicePixelRatio;
  document.querySelectorAll('[data-t]').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden') {
      out[e.getAttribute('data-t')] = [Math.round(r.left * dpr), Math.round(r.top * dpr),
        Math.round(r.right * dpr) - 1, Math.round(r.bottom * dpr) - 1];
    }
  });
  document.getElementById('rects').textContent = JSON.stringify(out);
})();
