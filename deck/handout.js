// The handout's layout, run in reveal's print view after the slides PDF is printed (deck/handout.py
// passes it to Playwright, which evaluates it as one function). It installs window.DeckHandout:
//   begin({...})   page size, the cover page, and the slides' pages taken out of reveal's list
//   next(count)    lays out the next `count` slides: each slide's page is the slide as projected,
//                  scaled into a thin frame, its number and title, then its notes; notes that do not
//                  fit go on to further pages under the slide's title, "continued"
//   end()          numbers the pages; returns what each page is, for the outline and the links
// Pages are filled by measuring, not by estimating: all the blocks left are put on a fresh page at
// once, and when they overflow its flow box, one at a time, a block taken back if the flow box then
// overflows; a paragraph is cut at the last word that fits, a list at the last item. Nothing is
// ever clipped: what does not fit goes on.
() => {
  const state = {};

  const fits = flow => flow.scrollHeight <= flow.clientHeight + 1;

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  // One handout page: optional slide frame, kicker, title, the flow box for text, the folio.
  function newPage(kind, kicker, title, slidePage) {
    const page = element('div', `handout-page handout-${kind}`);
    if (slidePage) {
      const frame = element('div', 'handout-slide');
      frame.append(slidePage);
      page.append(frame);
    }
    if (kicker) page.append(element('p', 'handout-kicker', kicker));
    if (title) page.append(element('h2', 'handout-title', title));
    const flow = element('div', 'handout-flow');
    page.append(flow, element('div', 'handout-folio'));
    state.container.append(page);
    state.kinds.push(kind);
    return { page, flow };
  }

  // The longest head of a paragraph (whole words) that still fits; the rest as a new paragraph.
  function splitParagraph(block, flow) {
    if (block.children.length) return block;  // inline markup: moved whole rather than cut
    const words = block.textContent.split(/\s+/).filter(Boolean);
    let low = 0, high = words.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      block.textContent = words.slice(0, middle).join(' ');
      if (fits(flow)) low = middle; else high = middle - 1;
    }
    if (low === 0) { block.textContent = words.join(' '); return block; }
    block.textContent = words.slice(0, low).join(' ');
    const rest = block.cloneNode(false);
    rest.textContent = words.slice(low).join(' ');
    return rest;
  }

  // The items of a list that fit; the rest as a list of the same kind, numbering carried on.
  function splitList(block, flow) {
    const items = [...block.children];
    block.replaceChildren();
    let kept = 0;
    for (const item of items) {
      block.append(item);
      if (!fits(flow)) { item.remove(); break; }
      kept += 1;
    }
    if (kept === 0) { block.replaceChildren(...items); return block; }
    const rest = block.cloneNode(false);
    rest.replaceChildren(...items.slice(kept));
    if (block.tagName === 'OL') rest.setAttribute('start', String((block.start || 1) + kept));
    return rest;
  }

  function split(block, flow) {
    if (block.tagName === 'P') return splitParagraph(block, flow);
    if (block.tagName === 'UL' || block.tagName === 'OL') return splitList(block, flow);
    return block;
  }

  // Fill pages with blocks; open(continued) makes the next page and returns its flow box.
  // Returns how many pages it took.
  function pour(blocks, open) {
    let flow = open(false);
    let pages = 1;
    const queue = [...blocks];
    let whole = true;  // on a fresh page, first: does all that is left fit?
    while (queue.length) {
      // Most notes fit their page whole: one measure (a layout of the page) for all of them where
      // one a block took 400 for a 40-slide talk. A page that holds them all holds each head of
      // them, so the pages come out as block by block; when not, block by block it is.
      if (whole && queue.length > 1) {
        whole = false;
        flow.append(...queue);
        if (fits(flow)) break;
        queue.forEach(block => block.remove());
      }
      const block = queue.shift();
      flow.append(block);
      if (fits(flow)) continue;
      const rest = split(block, flow);
      if (rest === block) {  // none of it fits here
        if (flow.children.length === 1 && pages > 1) {  // not even on an empty further page: set it
          state.overfull.push(state.current);             // anyway (clipped), and say so
          continue;
        }
        block.remove();
        queue.unshift(block);
      } else {
        queue.unshift(rest);
      }
      // A heading is kept with what follows it.
      const last = flow.lastElementChild;
      if (last && /^H[1-6]$/.test(last.tagName) && flow.children.length > 1) {
        last.remove();
        queue.unshift(last);
      }
      flow = open(true);
      pages += 1;
      whole = true;
    }
    return pages;
  }

  function blocksOf(html) {
    const holder = document.createElement('div');
    holder.innerHTML = html;
    return [...holder.children];
  }

  window.DeckHandout = {
    begin({ css, width, height, cover, coverTitle, total, labels }) {
      const style = element('style');
      // After reveal's own @page rule, so this one wins.
      style.textContent = `@page { size: ${width} ${height}; margin: 0; }\n` + css;
      document.head.append(style);
      document.documentElement.classList.add('handout-print');
      document.documentElement.style.setProperty('--handout-width', width);
      document.documentElement.style.setProperty('--handout-height', height);
      document.body.style.width = width;
      document.body.style.height = 'auto';
      state.container = document.querySelector('.reveal .slides');
      // The slides inherit the deck's type from .reveal; the handout's pages set their own, so
      // each slide keeps the deck's explicitly.
      const deckType = getComputedStyle(document.querySelector('.reveal'));
      state.deckType = { fontSize: deckType.fontSize, lineHeight: deckType.lineHeight, color: deckType.color,
                         fontFamily: deckType.fontFamily, textAlign: deckType.textAlign };
      state.slidePages = [...state.container.querySelectorAll(':scope > .pdf-page')];
      state.slidePages.forEach(page => page.remove());
      state.kinds = [];
      state.notesPages = {};
      state.overfull = [];
      state.labels = labels;
      state.total = total;
      state.done = 0;
      state.current = '';
      pour(blocksOf(cover), continued => newPage('cover', continued ? labels.continued : '',
                                                 continued ? coverTitle : '', null).flow);
      return state.slidePages.length;
    },

    next(count) {
      const { labels } = state;
      const batch = state.slidePages.slice(state.done, state.done + count);
      for (const slidePage of batch) {
        state.done += 1;
        const section = slidePage.querySelector('section');
        const title = (labels.titles[section.id] || '');
        const kicker = (labels.kickers[section.id] || '') +
                       (labels.sections[section.id] ? ` · ${labels.sections[section.id]}` : '');
        state.current = section.id;
        // What the room did not see of a model entry (every symptom, sources, cross-links) comes
        // first, set apart, then the speaker's notes.
        const details = section.querySelector('.details');
        const detail = details ? blocksOf(details.innerHTML) : [];
        detail.forEach(block => block.classList.add('handout-detail'));
        // The speaker's scaffolding (key phrase, cut, beats, story prompts, stage directions) is not the reader's.
        const notes = [...detail, ...blocksOf(Reveal.getSlideNotes(section) || '')]
          .filter(block => !block.classList.contains('scaffold'));
        notes.forEach(block => block.querySelectorAll('.scaffold').forEach(part => part.remove()));
        let first = true;
        const pages = pour(notes, () => {
          const kind = first ? 'slide' : 'continued';
          const made = newPage(kind, kicker, first ? title : `${title} (${labels.continued})`,
                               first ? slidePage : null);
          if (first) {
            // The slide as projected, scaled to the frame's width: vector, so its text stays text.
            // (A transform, not zoom: zoom scales the slide's em sizes twice in Chromium.)
            const frame = made.page.querySelector('.handout-slide');
            state.scale = state.scale || frame.clientWidth / slidePage.offsetWidth;
            slidePage.style.transform = `scale(${state.scale})`;
            Object.assign(slidePage.style, state.deckType);
          }
          first = false;
          return made.flow;
        });
        state.notesPages[section.id] = pages;
      }
      return state.done;
    },

    end() {
      const pages = [...state.container.querySelectorAll(':scope > .handout-page')];
      pages.forEach((page, index) => {
        const folio = page.querySelector('.handout-folio');
        folio.append(element('span', '', state.labels.talk),
                     element('span', '', `${index + 1} / ${pages.length}`));
      });
      return { kinds: state.kinds, notesPages: state.notesPages, overfull: state.overfull };
    },
  };
}
