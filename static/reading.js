// The reading view for reviewers (?view=scroll, or the view switch): reveal's scroll view with each
// slide's speaker notes under it. Presenting stays the default; the link switches back. Its words
// come from the page (#deck-labels, in the talk's language), filled in with {n} and {total}.
(function () {
  var labels = JSON.parse((document.getElementById('deck-labels') || {}).textContent || '{}');
  function say(key, values) {
    return (labels[key] || '').replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }
  var params = new URLSearchParams(window.location.search);
  var reading = document.documentElement.classList.contains('reading-view');
  var control = document.getElementById('view-switch');
  // The speaker view's slide previews and the print view show slides only.
  if (params.has('receiver') || /print-pdf/i.test(window.location.search)) {
    if (control) control.remove();
    return;
  }
  if (control) {
    if (reading) {
      control.textContent = say('view_presenting');
      control.setAttribute('aria-label', say('view_presenting_aria'));
    }
    // Keep the current slide (the #/anchor) when switching between the two views.
    control.addEventListener('click', function (event) {
      event.preventDefault();
      var query = new URLSearchParams(window.location.search);
      query.set('view', reading ? 'present' : 'scroll');
      var search = query.toString();
      window.location.href = window.location.pathname + (search ? '?' + search : '') + window.location.hash;
    });
  }
  if (!reading) return;

  function showNotes() {
    // Compact pages read like a document: each slide at its own height, no snapping past the notes.
    Reveal.configure({ scrollLayout: 'compact', scrollSnap: false });
    var pages = document.querySelectorAll('.reveal .slides > .scroll-page');
    var counted = document.querySelectorAll('.reveal .slides section[data-kind]:not([data-on-request])').length;
    Array.prototype.forEach.call(pages, function (page, index) {
      var notes = page.querySelector('section aside.notes');
      if (!notes) return;
      // A model entry's full detail (what the room does not see) comes first, then the notes.
      // A diagram's text alternative is read beside it too (the locator's is in the slide's eyebrow).
      var details = page.querySelector('section .details');
      var pictures = page.querySelectorAll('section figure.diagram:not(.locator) .diagram-text');
      if (details || pictures.length) {
        var detail = details ? details.cloneNode(true) : document.createElement('div');
        Array.prototype.forEach.call(pictures, function (text) {
          var words = text.cloneNode(true);
          words.className = 'reading-diagram-text';
          detail.appendChild(words);
        });
        detail.className = 'reading-details';
        detail.setAttribute('role', 'note');
        detail.setAttribute('aria-label', say('reading_details_aria', { n: index + 1 }));
        page.parentNode.insertBefore(detail, page.nextSibling);
        page = detail;
      }
      var block = document.createElement('div');
      block.className = 'reading-notes';
      block.setAttribute('role', 'note');
      block.setAttribute('aria-label', say('reading_notes_aria', { n: index + 1 }));
      var label = document.createElement('p');
      label.className = 'reading-notes-label';
      // One slide count everywhere: the deck's, which leaves out a slide shown on request.
      label.textContent = page.querySelector('section[data-on-request]') ? say('slide_on_request')
        : say('reading_notes_heading', { n: index + 1, total: counted });
      block.appendChild(label);
      Array.prototype.forEach.call(notes.childNodes, function (node) { block.appendChild(node.cloneNode(true)); });
      // The speaker's scaffolding (key phrase, cut, beats, story prompts, stage directions) is not the reader's.
      Array.prototype.forEach.call(block.querySelectorAll('.scaffold'), function (part) { part.remove(); });
      page.parentNode.insertBefore(block, page.nextSibling);
    });
    // reveal placed a linked slide (#/anchor) as if pages had no notes between them: place it again.
    var current = Reveal.getCurrentSlide();
    var page = current && current.closest('.scroll-page');
    if (window.location.hash && page) page.scrollIntoView();
  }
  if (Reveal.isReady()) showNotes(); else Reveal.on('ready', showNotes);
})();
