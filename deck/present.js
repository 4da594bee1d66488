// Loaded by serve's live.js into the presenting window only (never written into dist/): tells
// serve which slide the room sees and whether its time counts (rehearsal log), moves the deck
// when the phone remote is pressed, and shows the remote's address and QR code in the speaker view.
// In a timed edition (the deck advances by itself) the next key, clicker or phone says "done with
// this slide" instead of moving the deck, and the speaker view marks a slide the deck moved on from
// before the speaker was done with it.
(function () {
  var base = '/__live__/present/';
  var search = window.location.search;
  // Not the speaker view's previews, not the print view, not the reading view: only the deck as presented.
  if (!window.Reveal || /receiver|print-pdf/i.test(search) ||
      document.documentElement.classList.contains('reading-view')) return;
  var away = false;
  var last = '';

  function counting() {
    return !away && !Reveal.isOverview() && !Reveal.isPaused() &&
      !document.documentElement.hasAttribute('data-clock-paused');
  }

  function report(done) {
    var slide = Reveal.getCurrentSlide();
    if (!slide) return;
    var index = Reveal.getIndices().h;
    var said = { slide: slide.id || String(index), index: index, counting: counting() };
    if (done) said.done = done;
    var body = JSON.stringify(said);
    if (body === last) return;
    last = body;
    // keepalive: the report of a page going away is still sent as it unloads.
    fetch(base + 'report', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body,
      keepalive: true, cache: 'no-store' }).catch(function () {});
  }

  // -- a timed edition: keeping up with the deck -------------------------------------------------
  var timed = Reveal.getConfig().autoSlide || 0;
  var words = Reveal.getConfig().presentingWords || {};
  var shown = { id: '', at: Date.now(), number: 0, done: false };
  var behind = [];  // slides the deck moved on from before the speaker was done: oldest first

  function shownNow() {
    var slide = Reveal.getCurrentSlide();
    var index = Reveal.getIndices().h;
    if (slide && shown.id && !shown.done && index > shown.number - 1) {
      behind.push({ id: shown.id, number: shown.number, at: Date.now() });
    }
    shown = { id: slide ? slide.id || String(index) : '', at: Date.now(), number: index + 1, done: false };
    mark();
  }

  function done() {
    var now = Date.now();
    var late = behind.shift();  // talking in order: the oldest slide still unfinished is the one done
    if (late) report({ slide: late.id, early: -(now - late.at) / 1000 });
    else if (!shown.done) {
      shown.done = true;
      report({ slide: shown.id, early: (shown.at + timed - now) / 1000 });
    }
    mark();
  }

  function mark() {
    var popup = window.deckSpeakerView;
    if (!popup || popup.closed) return;
    var doc = popup.document;
    var old = doc.getElementById('deck-fell-behind');
    if (old) old.remove();
    if (!behind.length) return;
    var note = doc.createElement('div');
    note.id = 'deck-fell-behind';
    note.setAttribute('role', 'status');
    note.style.fontWeight = 'bold';
    note.style.color = '#ffb347';
    note.style.paddingLeft = '16px';
    note.textContent = (words.fellBehind || '{number}').replace('{number}', String(behind[0].number));
    var time = doc.querySelector('.speaker-controls-time');
    if (time) time.parentNode.insertBefore(note, time);
  }

  var NEXT_KEYS = ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'n', 'N', 'l', 'j'];
  function doneKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || NEXT_KEYS.indexOf(event.key) < 0) return;
    if (Reveal.isOverview()) return;
    // Before reveal.js sees it: the deck moves on with the clock, never ahead of it.
    event.preventDefault();
    event.stopImmediatePropagation();
    done();
  }

  function speakerView(popup) {
    popup.document.addEventListener('keydown', doneKey, true);
    mark();
  }

  function panel(popup, info) {
    var doc = popup.document;
    var old = doc.getElementById('deck-remote');
    if (old) old.remove();
    var box = doc.createElement('div');
    box.id = 'deck-remote';
    box.style.margin = '1em 0';
    box.style.paddingLeft = '16px';
    var heading = doc.createElement('h4');
    heading.className = 'label';
    heading.textContent = info.words.remoteHeading;
    var code = doc.createElement('img');
    code.alt = info.words.remoteHeading + ': ' + info.url;
    code.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(info.qr);
    code.width = 180;
    code.height = 180;
    code.style.display = 'block';
    code.style.background = '#fff';
    var address = doc.createElement('div');
    address.className = 'deck-remote-url';
    address.textContent = info.url;
    address.style.wordBreak = 'break-all';
    address.style.userSelect = 'all';
    var hint = doc.createElement('div');
    hint.textContent = info.words.remoteHint;
    hint.style.opacity = '0.75';
    [heading, code, address, hint].forEach(function (part) { box.appendChild(part); });
    var after = doc.getElementById('deck-clock-controls') || doc.querySelector('.speaker-controls-time');
    after.parentNode.insertBefore(box, after.nextSibling);
  }

  function remote(info) {
    var commands = new EventSource(base + 'commands');
    commands.addEventListener('go', function (event) {
      var to = JSON.parse(event.data).to;
      if (Reveal.isOverview()) Reveal.toggleOverview(false);
      if (to === 'next') { if (timed) done(); else Reveal.next(); }
      else if (to === 'prev') Reveal.prev();
    });
    // The speaker view (static/speaker.js) says when it is attached; it may already be.
    if (window.deckSpeakerView) panel(window.deckSpeakerView, info);
    document.addEventListener('deck-speaker-view', function (event) { panel(event.detail.popup, info); });
  }

  function start() {
    ['slidechanged', 'overviewshown', 'overviewhidden', 'paused', 'resumed'].forEach(function (name) {
      Reveal.on(name, function () { report(); });
    });
    document.addEventListener('deck-clock', function () { report(); });
    if (timed) {
      shownNow();
      Reveal.on('slidechanged', shownNow);
      document.addEventListener('keydown', doneKey, true);
      // The speaker view passes keys on to its own copy of the deck, which moves this one: the
      // speaker's key is taken there first too (a clicker drives whichever window has the focus).
      if (window.deckSpeakerView) speakerView(window.deckSpeakerView);
      document.addEventListener('deck-speaker-view', function (event) { speakerView(event.detail.popup); });
    }
    window.addEventListener('pagehide', function () { away = true; report(); });
    window.addEventListener('pageshow', function () { if (away) { away = false; report(); } });
    report();
    fetch(base + 'remote.json', { cache: 'no-store' }).then(function (response) {
      return response.ok ? response.json() : null;  // null: serve runs without --remote
    }).then(function (info) { if (info) remote(info); }).catch(function () {});
  }

  if (Reveal.isReady()) start();
  else Reveal.on('ready', start);
})();
