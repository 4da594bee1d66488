// Starts reveal.js with the options the build wrote into #deck-config (JSON, so no inline script
// is needed and the Content-Security-Policy can forbid them).
(function () {
  var config = JSON.parse(document.getElementById('deck-config').textContent);
  var params = new URLSearchParams(window.location.search);
  // The reading view for reviewers: every slide in one scroll, with its notes beside it. The
  // single file opens in it (data-default-view="read"); the speaker view's previews and the
  // print view always show slides as presented.
  var slidesOnly = params.has('receiver') || /print-pdf/i.test(window.location.search);
  var view = params.get('view') || document.documentElement.getAttribute('data-default-view');
  if (!slidesOnly && (view === 'scroll' || view === 'read')) {
    config.view = 'scroll';
    document.documentElement.classList.add('reading-view');
  }
  if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    config.transition = 'none';
    config.backgroundTransition = 'none';
  }
  config.plugins = [RevealNotes, RevealSearch, RevealZoom];
  var ready = Reveal.initialize(config);
  // The speaker view opens its "upcoming slide" preview at the current slide and moves it on by a
  // message; a preview that finishes loading after that message stayed on the current slide.
  // Starting it one slide on closes the race: a later message lands on the same slide.
  if (params.has('receiver') && params.get('controls') === 'false') {
    ready.then(function () { Reveal.next(); });
  }
  // reveal's search box is English and made on first use: give it the talk's word for "Search"
  // (from #deck-labels) as it appears.
  var labels = JSON.parse((document.getElementById('deck-labels') || {}).textContent || '{}');
  if (labels.search_placeholder && window.MutationObserver) {
    new MutationObserver(function (changes, observer) {
      var input = Reveal.getRevealElement().querySelector('.searchinput');
      if (!input) return;
      input.setAttribute('placeholder', labels.search_placeholder);
      input.setAttribute('aria-label', labels.search_placeholder);
      observer.disconnect();
    }).observe(Reveal.getRevealElement(), { childList: true });
  }
})();
