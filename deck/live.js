// Added by `build.py serve` to the pages it serves (never written into dist/): listens for
// rebuilds over Server-Sent Events. A new build reloads the page; reveal.js keeps the slide in
// the URL's hash, so the page comes back on the same slide. A failed build shows its located
// problems over the deck, which stays usable underneath.
(function () {
  var script = document.currentScript;
  var shownBuild = script && script.getAttribute('data-build');
  var overlay = null;
  // The speaker view's slide previews reload with the deck but leave the problems to the deck itself.
  var preview = new URLSearchParams(window.location.search).has('receiver');

  function showProblems(problems) {
    if (preview) return;
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'build-problems';
      overlay.setAttribute('role', 'alert');
      // Styles through the CSSOM: the page's Content-Security-Policy may forbid style attributes.
      Object.assign(overlay.style, {
        position: 'fixed', left: '2vw', right: '2vw', bottom: '2vh', maxHeight: '70vh', overflow: 'auto',
        zIndex: '2147483647', background: '#1d1111', color: '#fff5f3', border: '4px solid #ff6b57',
        borderRadius: '8px', padding: '16px 24px', boxShadow: '0 8px 32px rgba(0,0,0,.5)',
        font: '20px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', textAlign: 'left'
      });
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var heading = document.createElement('p');
    Object.assign(heading.style, { margin: '0 0 12px', fontWeight: 'bold', color: '#ffb4a8' });
    // In the talk's language: the last good deck's page holds the words (#deck-labels).
    var labels = JSON.parse((document.getElementById('deck-labels') || {}).textContent || '{}');
    heading.textContent = (labels.serve_failed || 'The build failed. Problems: {n}.').replace('{n}', problems.length);
    overlay.appendChild(heading);
    problems.forEach(function (problem) {
      var line = document.createElement('pre');
      Object.assign(line.style, { margin: '0 0 10px', whiteSpace: 'pre-wrap', font: 'inherit' });
      line.textContent = problem;  // text, never HTML: problems quote the speaker's own files
      overlay.appendChild(line);
    });
  }

  function hideProblems() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  var events = new EventSource('/__live__/events');
  events.addEventListener('build', function (event) {
    var build = JSON.parse(event.data).id;
    if (shownBuild && build !== shownBuild) {
      window.location.reload();
      return;
    }
    shownBuild = build;
    hideProblems();
  });
  events.addEventListener('problems', function (event) {
    showProblems(JSON.parse(event.data).problems);
  });

  // The presenting window also tells serve what the room sees (deck/present.js).
  if (!preview) {
    var present = document.createElement('script');
    present.src = '/__live__/present/present.js';
    document.body.appendChild(present);
  }
})();
