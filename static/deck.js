// Starts reveal.js with the options the build wrote into #deck-config (JSON, so no inline script
// is needed and the Content-Security-Policy can forbid them).
(function () {
  var config = JSON.parse(document.getElementById('deck-config').textContent);
  var params = new URLSearchParams(window.location.search);
  // The reading view for reviewers: every slide in one scroll, with its notes beside it.
  if (params.get('view') === 'scroll') {
    config.view = 'scroll';
    document.documentElement.classList.add('reading-view');
  }
  if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    config.transition = 'none';
    config.backgroundTransition = 'none';
  }
  config.plugins = [RevealNotes, RevealSearch, RevealZoom];
  Reveal.initialize(config);
})();
