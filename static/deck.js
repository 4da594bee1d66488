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

  // Screen readers' browse mode: reveal marks the whole deck role="application", which makes NVDA
  // and JAWS hand every key to the page and read nothing as a document (a known reveal.js issue).
  // A named region instead: browse mode reads the slide, and reveal's live region still announces
  // each new one.
  ready.then(function () {
    var wrapper = Reveal.getRevealElement();
    wrapper.setAttribute('role', 'region');
    wrapper.setAttribute('aria-label', document.title);
  });

  // reveal's keyboard help (?) and its pause button are English: each is set in the talk's words
  // (#deck-labels) as it appears, every description found by reveal's own text.
  var HELP = {
    'Next slide': 'help_next', 'Previous slide': 'help_previous', 'Navigate left': 'help_left',
    'Navigate right': 'help_right', 'Navigate up': 'help_up', 'Navigate down': 'help_down',
    'Navigate without fragments': 'help_no_fragments', 'Jump to first/last slide': 'help_first_last',
    'Pause': 'help_pause', 'Fullscreen': 'help_fullscreen', 'Jump to slide': 'help_jump',
    'Slide overview': 'help_overview', 'Speaker notes view': 'help_speaker', 'Search': 'help_search'
  };
  function inOurWords() {
    var wrapper = Reveal.getRevealElement();
    var resume = wrapper.querySelector('.resume-button');
    if (resume && labels.help_resume) resume.textContent = labels.help_resume;
    var help = wrapper.querySelector('.r-overlay-help-content');
    if (!help || help.hasAttribute('data-words')) return;
    help.setAttribute('data-words', '');
    var title = help.querySelector('.title');
    if (title && labels.help_title) title.textContent = labels.help_title;
    var heads = help.querySelectorAll('th');
    if (heads.length === 2 && labels.help_key) {
      heads[0].textContent = labels.help_key;
      heads[1].textContent = labels.help_action;
    }
    help.querySelectorAll('tr > td:last-child').forEach(function (cell) {
      var ours = labels[HELP[cell.textContent.trim()]];
      if (ours) cell.textContent = ours;
    });
  }
  if (window.MutationObserver) {  // the help is made afresh each time it opens
    ready.then(inOurWords);
    new MutationObserver(inOurWords).observe(Reveal.getRevealElement(), { childList: true, subtree: true });
  }

  // An exercise's clock (.countdown): shown, it waits at its full time while the speaker gives the
  // instructions; T starts it as the pairs start (T again starts it over from the full time). It
  // stops at 0:00 and on leaving the slide. Printed and in the reading view it keeps the full time.
  var clock = null;
  function shown(seconds) {
    return Math.floor(seconds / 60) + ':' + ('0' + seconds % 60).slice(-2);
  }
  function waitAtFullTime() {
    if (clock) { clearInterval(clock.timer); clock.element.textContent = shown(clock.seconds); clock.element.classList.remove('over'); }
    clock = null;
    var element = Reveal.getCurrentSlide() && Reveal.getCurrentSlide().querySelector('.countdown');
    if (element) clock = { element: element, seconds: Number(element.getAttribute('data-seconds')) };
  }
  function countDown() {
    waitAtFullTime();
    if (!clock) return;
    var running = clock, started = Date.now();
    running.timer = setInterval(function () {
      var left = Math.max(0, running.seconds - Math.floor((Date.now() - started) / 1000));
      running.element.textContent = shown(left);
      if (!left) { clearInterval(running.timer); running.element.classList.add('over'); }
    }, 250);
  }
  if (!/print-pdf/i.test(window.location.search) && !document.documentElement.classList.contains('reading-view')) {
    ready.then(function () {
      Reveal.on('slidechanged', waitAtFullTime);
      Reveal.addKeyBinding({ keyCode: 84, key: 'T', description: labels.help_countdown }, countDown);
      waitAtFullTime();
    });
  }

  // The print view lays every slide out for the PDFs, but reveal still marks all but the first
  // aria-hidden, so the PDF's tags (built from what assistive technology sees) would hold one slide:
  // printed, every slide is there for a screen reader too, its pictures' alt text with it.
  if (/print-pdf/i.test(window.location.search)) {
    ready.then(function () {
      document.querySelectorAll('.reveal .slides section[aria-hidden], .reveal .slides .pdf-page[aria-hidden]')
        .forEach(function (section) { section.removeAttribute('aria-hidden'); });
    });
  }
})();
