// The speaker view's pause: a button that stops the clock (for a question mid-talk) and starts it
// again, with the pacing stopped and started along with it.
//
// reveal's notes plugin writes its speaker view into a popup of the same origin and keeps its
// timer inside that page's own script: the elapsed time and the pacing are `new Date()` minus the
// moment the timer started. This deck's script therefore reaches into the popup (same origin, so
// no script is added to it and its Content-Security-Policy stays as it is): it adds the button and
// gives the popup a Date whose "now" leaves out the time spent paused. The pause is kept on the
// popup's own page, so it survives a reload of the deck; each reload attaches again.
(function () {
  if (/receiver/.test(window.location.search)) {  // the speaker view's own slide previews
    // reveal's speaker view sends the deck's state to both previews once the current one is
    // ready; an upcoming preview still loading then (a busy laptop) misses it and shows the
    // current slide instead of the next. Once ready it says so as the current preview does, and
    // the speaker view asks the deck for its state again.
    if (!/postMessageEvents=true/.test(window.location.search) && window.parent !== window && window.Reveal) {
      var ready = function () {
        window.parent.postMessage(JSON.stringify({ namespace: 'reveal', eventName: 'ready', state: Reveal.getState() }), '*');
      };
      if (Reveal.isReady()) ready();
      else Reveal.on('ready', ready);
    }
    return;
  }
  var config = window.Reveal && Reveal.getConfig ? Reveal.getConfig() : {};
  var words = config.presentingWords || {};
  var PAUSED_AT = 'data-deck-clock-paused-at';  // on the popup's <html>: real ms since the epoch
  var PAUSED_TOTAL = 'data-deck-clock-paused-total';  // ms paused before that
  var attached = null;

  function speakerView(source) {
    try {
      var doc = source && source !== window && source.document;
      return doc && doc.querySelector('.speaker-controls-time') ? source : null;
    } catch (error) {
      return null;  // another origin: not ours to touch
    }
  }

  function pausedMs(root, now) {
    var since = root.getAttribute(PAUSED_AT);
    return Number(root.getAttribute(PAUSED_TOTAL) || 0) + (since ? now - Number(since) : 0);
  }

  // The popup's Date, but `new Date()` (no arguments) is "now" less the time paused. Its clock face
  // (toLocaleTimeString) stays the real time of day; only getTime(), which the timer and the pacing
  // subtract, is shifted.
  function pausableDate(popup) {
    var RealDate = popup.deckRealDate || (popup.deckRealDate = popup.Date);
    var root = popup.document.documentElement;
    function PausableDate() {
      if (arguments.length) {
        return new (Function.prototype.bind.apply(RealDate, [null].concat(Array.prototype.slice.call(arguments))))();
      }
      var date = new RealDate();
      var shifted = RealDate.prototype.getTime.call(date) - pausedMs(root, RealDate.now());
      date.getTime = function () { return shifted; };
      return date;
    }
    PausableDate.now = function () { return RealDate.now(); };
    PausableDate.UTC = RealDate.UTC;
    PausableDate.parse = RealDate.parse;
    PausableDate.prototype = RealDate.prototype;
    return PausableDate;
  }

  function isPaused(popup) {
    return popup.document.documentElement.hasAttribute(PAUSED_AT);
  }

  // The deck's own page says whether the clock is paused, for whatever else counts time here.
  function announce(paused) {
    if (paused) document.documentElement.setAttribute('data-clock-paused', '');
    else document.documentElement.removeAttribute('data-clock-paused');
    try {
      window.sessionStorage.setItem('deck-clock-paused', paused ? '1' : '');
    } catch (error) { /* no storage: a reload forgets it until the speaker view says again */ }
    document.dispatchEvent(new CustomEvent('deck-clock', { detail: { paused: paused } }));
  }

  // A reload of the deck while paused is paused from its first moment (the speaker view says so
  // again within a second); if no speaker view answers, nothing is paused any more.
  try {
    if (window.sessionStorage.getItem('deck-clock-paused') === '1') {
      document.documentElement.setAttribute('data-clock-paused', '');
      setTimeout(function () { if (!attached) announce(false); }, 3000);
    }
  } catch (error) { /* no storage */ }

  function show(popup, button) {
    var paused = isPaused(popup);
    button.textContent = paused ? (words.resumeClock || '') : (words.pauseClock || '');
    button.setAttribute('aria-pressed', paused ? 'true' : 'false');
    var timer = popup.document.querySelector('.speaker-controls-time');
    timer.classList.toggle('deck-clock-paused', paused);
    timer.style.opacity = paused ? '0.55' : '';
    var badge = popup.document.getElementById('deck-clock-badge');
    badge.hidden = !paused;
  }

  function toggle(popup, button) {
    var root = popup.document.documentElement;
    var now = popup.deckRealDate.now();
    var since = root.getAttribute(PAUSED_AT);
    if (since) {
      root.setAttribute(PAUSED_TOTAL, String(Number(root.getAttribute(PAUSED_TOTAL) || 0) + now - Number(since)));
      root.removeAttribute(PAUSED_AT);
    } else {
      root.setAttribute(PAUSED_AT, String(now));
    }
    show(popup, button);
    announce(isPaused(popup));
  }

  // reveal's speaker view is written in English: its headings, its reset hint and its layouts are
  // set in the talk's words (presentingWords), the layout's label again whenever it changes.
  function inOurWords(doc) {
    function set(selector, text) {
      var element = doc.querySelector(selector);
      if (element && text) element.textContent = text;
    }
    set('#upcoming-slide .label', words.upcoming);
    var heading = doc.querySelector('.speaker-controls-time h4.label');
    if (heading && heading.firstChild && heading.firstChild.nodeType === 3 && words.time) {
      heading.firstChild.textContent = words.time + ' ';
    }
    set('.speaker-controls-time .reset-button', words.reset);
    set('.speaker-controls-time .pacing-title', words.pacing);
    set('.speaker-controls-notes h4.label', words.speakerNotes);
    var names = { 'default': words.layoutDefault, 'wide': words.layoutWide, 'tall': words.layoutTall,
                  'notes-only': words.layoutNotesOnly };
    var dropdown = doc.querySelector('.speaker-layout-dropdown');
    if (!dropdown || !words.layout) return;
    Array.prototype.forEach.call(dropdown.options, function (option) {
      if (names[option.value]) option.textContent = names[option.value];
    });
    function label() {
      if (names[dropdown.value]) set('.speaker-layout-label', words.layout.replace('{name}', names[dropdown.value]));
    }
    if (!dropdown.hasAttribute('data-words')) {
      dropdown.setAttribute('data-words', '');
      dropdown.addEventListener('change', label);  // after reveal's own, which writes English again
    }
    label();
  }

  // A timed edition (Ignite, PechaKucha) moves on by itself after each slide's seconds: the speaker
  // view counts them down, from when the room saw the slide (reveal restarts its timer then too).
  var shownAt = Date.now();
  if (window.Reveal && Reveal.on) Reveal.on('slidechanged', function () { shownAt = Date.now(); });

  function secondsLeft(popup) {
    var doc = popup.document;
    var old = doc.getElementById('deck-seconds-left');
    if (old) old.remove();
    if (!config.autoSlide) return;
    var left = doc.createElement('div');
    left.id = 'deck-seconds-left';
    left.setAttribute('role', 'timer');
    left.style.fontSize = '2em';
    left.style.fontWeight = 'bold';
    left.style.paddingLeft = '16px';
    var time = doc.querySelector('.speaker-controls-time');
    time.parentNode.insertBefore(left, time);
    function tick() {
      if (!left.isConnected) return;
      var seconds = Math.max(0, Math.ceil((config.autoSlide - (Date.now() - shownAt)) / 1000));
      left.textContent = (words.secondsLeft || '{seconds}').replace('{seconds}', String(seconds));
      setTimeout(tick, 200);
    }
    tick();
  }

  function attach(popup) {
    var doc = popup.document;
    // Elements from an earlier load of the deck carry its listeners: replace them with this load's.
    ['deck-clock-controls', 'deck-clock-badge'].forEach(function (id) {
      var old = doc.getElementById(id);
      if (old) old.remove();
    });
    popup.Date = pausableDate(popup);
    var controls = doc.createElement('div');
    controls.id = 'deck-clock-controls';
    controls.style.margin = '0 0 1em';
    controls.style.paddingLeft = '16px';  // in line with reveal's time and notes
    var button = doc.createElement('button');
    button.type = 'button';
    button.id = 'deck-clock-pause';
    var style = button.style;
    style.font = 'inherit';
    style.fontSize = '1.1em';
    style.padding = '0.35em 0.9em';
    style.borderRadius = '6px';
    style.border = '2px solid currentColor';
    style.background = 'transparent';
    style.color = 'inherit';
    style.cursor = 'pointer';
    button.addEventListener('click', function () { toggle(popup, button); });
    controls.appendChild(button);
    var badge = doc.createElement('span');
    badge.id = 'deck-clock-badge';
    badge.textContent = words.clockPaused || '';
    badge.style.marginLeft = '0.8em';
    badge.style.fontWeight = 'bold';
    badge.style.color = '#ffb000';
    badge.hidden = true;
    controls.appendChild(badge);
    var time = doc.querySelector('.speaker-controls-time');
    time.parentNode.insertBefore(controls, time.nextSibling);
    inOurWords(doc);
    secondsLeft(popup);
    show(popup, button);
    attached = window.deckSpeakerView = popup;
    announce(isPaused(popup));
    // Whatever else adds to the speaker view (serve's remote panel) hears of it here.
    document.dispatchEvent(new CustomEvent('deck-speaker-view', { detail: { popup: popup } }));
  }

  // The speaker view says it is there once connected and then every second (reveal's heartbeat).
  window.addEventListener('message', function (event) {
    if (typeof event.data !== 'string' || event.data.indexOf('reveal-notes') === -1) return;
    var popup = speakerView(event.source);
    if (!popup) return;
    if (popup !== attached || !popup.document.getElementById('deck-clock-controls')) attach(popup);
  });
})();
