// The phone remote: shows what the deck shows (Server-Sent Events from serve) and sends the
// presses. Every address is relative to this page's, which carries the token.
(function () {
  var words = document.getElementById('words').content.firstElementChild.dataset;
  var state = null;
  var receivedAt = 0;
  var byId = function (id) { return document.getElementById(id); };

  function clock(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var hours = Math.floor(seconds / 3600), minutes = Math.floor(seconds / 60) % 60, rest = seconds % 60;
    var mmss = (hours ? hours + ':' + String(minutes).padStart(2, '0') : String(minutes)) + ':' + String(rest).padStart(2, '0');
    return mmss;
  }

  function message(text) {
    byId('message').textContent = text || '';
    byId('message').hidden = !text;
  }

  function tick() {
    var now = new Date();
    byId('time-of-day').textContent = String(now.getHours()).padStart(2, '0') + ':' + String(now.getMinutes()).padStart(2, '0');
    if (!state) return;
    var elapsed = state.elapsed + (state.counting ? (Date.now() - receivedAt) / 1000 : 0);
    byId('elapsed').textContent = clock(elapsed);
    byId('paused').hidden = state.counting || !state.connected;
  }

  function show(next) {
    state = next;
    receivedAt = Date.now();
    document.getElementById('remote').dataset.state = state.connected ? 'connected' : 'waiting';
    message(state.connected ? '' : words.waiting);
    if (state.connected) {
      byId('number').textContent = state.number + ' / ' + state.total;
      byId('title').textContent = state.title;
      byId('next-title').textContent = state.next || words.end;
      var notes = byId('notes');
      notes.textContent = '';
      (state.notes || []).forEach(function (paragraph) {
        var p = document.createElement('p');
        p.textContent = paragraph;  // text, never HTML
        notes.appendChild(p);
      });
    }
    tick();
  }

  var events = new EventSource('events');
  events.addEventListener('state', function (event) { show(JSON.parse(event.data)); });
  events.addEventListener('error', function () {
    if (events.readyState === EventSource.CLOSED) message(words.lost);
  });

  Array.prototype.forEach.call(document.querySelectorAll('button[data-to]'), function (button) {
    button.addEventListener('click', function () {
      if (navigator.vibrate) navigator.vibrate(12);
      fetch('go?to=' + button.dataset.to, { method: 'POST', cache: 'no-store' }).then(function (response) {
        if (!response.ok) message(words.lost);
      }, function () { message(words.lost); });
    });
  });
  setInterval(tick, 1000);
  tick();
})();
