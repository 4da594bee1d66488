// Loaded by serve's live.js into the presenting window only (never written into dist/): tells
// serve which slide the room sees and whether its time counts (rehearsal log), moves the deck
// when the phone remote is pressed, and shows the remote's address and QR code in the speaker view.
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

  function report() {
    var slide = Reveal.getCurrentSlide();
    if (!slide) return;
    var index = Reveal.getIndices().h;
    var body = JSON.stringify({ slide: slide.id || String(index), index: index, counting: counting() });
    if (body === last) return;
    last = body;
    // keepalive: the report of a page going away is still sent as it unloads.
    fetch(base + 'report', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body,
      keepalive: true, cache: 'no-store' }).catch(function () {});
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
      if (to === 'next') Reveal.next();
      else if (to === 'prev') Reveal.prev();
    });
    // The speaker view (static/speaker.js) says when it is attached; it may already be.
    if (window.deckSpeakerView) panel(window.deckSpeakerView, info);
    document.addEventListener('deck-speaker-view', function (event) { panel(event.detail.popup, info); });
  }

  function start() {
    ['slidechanged', 'overviewshown', 'overviewhidden', 'paused', 'resumed'].forEach(function (name) {
      Reveal.on(name, report);
    });
    document.addEventListener('deck-clock', report);
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
