// desk.js: the researcher's desk on top of the dashboard: a search box on
// every page, and pages with stable, citable URLs:
//
//   /?page=search&q=non-punishment            search results, with facets
//   /?page=state&code=IDN&asOf=2018-01-01     a state's profile
//   /?page=instrument&id=actip-2015&asOf=...  an instrument's status page
//   /?page=obligation&id=...&asOf=...         every state's status on one obligation
//
// A fragment (#actip-2015/art_14/para_7) scrolls to that record. Each page
// ends with a "cite this" line (#cite-this) with its URL, as-of date and the
// data version. Charts are plain SVG with their data in data-* attributes.
// body[data-page] is "KIND:ID@ASOF" once a page is drawn.
(function () {
  'use strict';

  const h = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, k.startsWith('data-') ? String(v) : v === true ? '' : v);
    }
    for (const kid of kids.flat()) {
      if (kid == null || kid === false) continue;
      e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return e;
  };
  const svg = (tag, attrs) => {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  };

  async function gql(query, variables) {
    const r = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await r.json();
    if (body.errors && body.errors.length) {
      const err = new Error(body.errors.map((e) => e.message).join('; '));
      err.code = (body.errors[0].extensions || {}).code;
      throw err;
    }
    return body.data;
  }

  // The as-of date every link carries: the URL's, else the dashboard's.
  function currentAsOf() {
    const q = new URLSearchParams(location.search);
    if (q.get('asOf')) return q.get('asOf');
    const input = document.getElementById('asof');
    return input && input.value ? input.value : '';
  }

  function pageURL(params, hash) {
    const q = new URLSearchParams(params);
    const asOf = params.asOf !== undefined ? params.asOf : currentAsOf();
    if (asOf) q.set('asOf', asOf); else q.delete('asOf');
    return '/?' + q.toString() + (hash ? '#' + hash : '');
  }

  // recordURL is the page that shows the record id of GraphQL type typ.
  function recordURL(typ, id) {
    const first = id.split('/')[0];
    switch (typ) {
      case 'PROVISION': case 'Provision': return pageURL({ page: 'instrument', id: first }, id);
      case 'INSTRUMENT': case 'Instrument': return pageURL({ page: 'instrument', id });
      case 'OBLIGATION': case 'Obligation': return pageURL({ page: 'obligation', id });
      case 'LAW': case 'Law': case 'EVIDENCE': case 'Evidence': case 'StateAction':
        return pageURL({ page: 'state', code: first.toUpperCase() }, id);
      case 'State': return pageURL({ page: 'state', code: id });
    }
    return null;
  }

  function link(href, text, attrs) {
    return h('a', Object.assign({ href, onclick: follow }, attrs || {}), text);
  }

  function follow(ev) {
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button) return;
    ev.preventDefault();
    history.pushState(null, '', ev.currentTarget.getAttribute('href'));
    route();
  }

  // --- the page frame -----------------------------------------------------

  let section;
  function frame(title) {
    if (!section) {
      section = h('section', { id: 'desk-page', class: 'panel desk' });
      document.querySelector('main').before(section);
    }
    document.querySelector('main').hidden = true;
    document.querySelector('.tabs').hidden = true;
    section.hidden = false;
    section.replaceChildren(h('p', { class: 'desk-back' }, link('/' + (currentAsOf() ? '?asOf=' + currentAsOf() : ''), '← Dashboard')),
      h('h2', { id: 'desk-title' }, title));
    document.title = title + ' — pactwatch';
    return section;
  }

  function leave() {
    if (section) section.hidden = true;
    document.querySelector('main').hidden = false;
    document.querySelector('.tabs').hidden = false;
    delete document.body.dataset.page;
  }

  async function citeThis(title, asOf) {
    let version = '';
    try { version = (await gql('{ dataVersion }')).dataVersion; } catch (e) { version = 'unknown'; }
    const p = h('p', { class: 'cite', id: 'cite-this', 'data-url': location.href, 'data-as-of': asOf || 'today', 'data-version': version },
      'Cite this: pactwatch, “' + title + '”, ' + location.href + ', as of ' + (asOf || 'today') + ', data version ' + version + '.');
    section.append(p);
  }

  function drawn(kind, id, asOf) {
    document.body.dataset.page = kind + ':' + id + '@' + (asOf || '');
    if (location.hash) {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) {
        target.classList.add('desk-target');
        target.scrollIntoView({ block: 'center' });
      }
    }
  }

  function failed(err) {
    section.append(h('p', { class: 'desk-error', role: 'alert' }, err.message));
  }

  const dateOf = (d) => d || '';
  const year = (d) => (d ? parseInt(d.slice(0, 4), 10) : null);

  // --- search -------------------------------------------------------------

  const searchQuery = `query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) {
    totalCount tookMs
    facets { kind { value count } state { value count } instrument { value count } theme { value count } }
    edges { node { __typename id kind title score highlights { field fragments }
      ... on SourceHit { source { citation url } record { __typename id } } } }
  }
}`;

  async function searchPage(q) {
    const text = q.get('q') || '';
    frame('Search: ' + text);
    const box = document.getElementById('search-input');
    if (box && box.value !== text) box.value = text;
    let data;
    try {
      data = await gql(searchQuery, { text, first: 50 });
    } catch (err) {
      if (err.code === 'INDEX_BUILDING') {
        section.append(h('p', { class: 'status' }, 'The search index is being built; trying again…'));
        setTimeout(route, 1000);
        return;
      }
      failed(err);
      return;
    }
    const s = data.search;
    section.append(h('p', { id: 'search-count', 'data-total': s.totalCount }, s.totalCount + (s.totalCount === 1 ? ' hit' : ' hits') + ' (' + s.tookMs.toFixed(1) + ' ms)'));
    const facets = h('div', { id: 'search-facets', class: 'facets' });
    for (const [field, list] of Object.entries(s.facets)) {
      if (!list.length) continue;
      facets.append(h('div', { class: 'facet' }, h('b', {}, field + ': '),
        list.slice(0, 10).map((f) => link(pageURL({ page: 'search', q: text + ' ' + field + ':' + f.value }), f.value + ' (' + f.count + ')', { 'data-facet': field, 'data-value': f.value }))));
    }
    section.append(facets);
    const ol = h('ol', { id: 'search-results', class: 'hits' });
    for (const { node } of s.edges) {
      const typ = node.kind === 'SOURCE' && node.record ? node.record.__typename : node.kind;
      const href = recordURL(typ, node.id);
      const frag = h('div', { class: 'hit-frags' });
      for (const hl of node.highlights) {
        for (const f of hl.fragments) {
          const p = h('p', { class: 'frag frag-' + hl.field });
          p.innerHTML = f; // escaped by the server, with the matches in <mark>
          frag.append(p);
        }
      }
      ol.append(h('li', { 'data-id': node.id, 'data-kind': node.kind },
        h('span', { class: 'hit-kind' }, node.kind), ' ',
        href ? link(href, node.title || node.id, { class: 'hit-link' }) : node.title, ' ',
        h('code', { class: 'hit-id' }, node.id), frag));
    }
    section.append(ol);
    drawn('search', text, '');
  }

  function searchBox() {
    const header = document.querySelector('header.top');
    if (!header || document.getElementById('search')) return;
    const input = h('input', { id: 'search-input', type: 'search', name: 'q', placeholder: 'Search provisions, laws, evidence, sources', 'aria-label': 'Search' });
    const form = h('form', { id: 'search', role: 'search', class: 'search-box',
      onsubmit: (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) return;
        history.pushState(null, '', pageURL({ page: 'search', q: input.value.trim() }));
        route();
      } }, input, h('button', { type: 'submit' }, 'Search'));
    header.append(form);
  }

  // --- state profile ------------------------------------------------------

  const stateQuery = `query StateProfile($code: String!, $asOf: Date) {
  state(code: $code) { code name aseanSince
    actions { id kind date deposited instrument { id shortTitle title } }
    laws { id title number kind enacted repealed }
    evidence { id kind date finding summary }
  }
  ratifiedButNotImplemented(state: $code, asOf: $asOf) { obligation { id summary provision { label } } instrument { id shortTitle } legal }
}`;

  async function statePage(q) {
    const code = (q.get('code') || '').toUpperCase();
    const asOf = q.get('asOf') || '';
    frame('State profile: ' + code);
    let data;
    try { data = await gql(stateQuery, { code, asOf: asOf || null }); } catch (err) { failed(err); return; }
    const st = data.state;
    if (!st) { failed(new Error('no state ' + code)); return; }
    document.getElementById('desk-title').textContent = st.name + ' (' + st.code + ')';
    section.append(h('p', {}, 'ASEAN member since ' + dateOf(st.aseanSince) + '. ',
      'Exports: ', link('/export/records.xlsx?state=' + st.code + (asOf ? '&asOf=' + asOf : ''), 'records (XLSX)', { onclick: null }), ', ',
      h('a', { href: '/export/gaps.csv?state=' + st.code + (asOf ? '&asOf=' + asOf : '') }, 'gaps (CSV)'), '.'));

    section.append(h('h3', {}, 'Instruments and standing'));
    const acts = h('table', { class: 'data', id: 'state-actions' }, h('tr', {}, h('th', {}, 'Instrument'), h('th', {}, 'Action'), h('th', {}, 'Date'), h('th', {}, 'Deposited')));
    for (const a of st.actions) {
      acts.append(h('tr', { id: a.id, 'data-instrument': a.instrument.id, 'data-kind': a.kind },
        h('td', {}, link(pageURL({ page: 'instrument', id: a.instrument.id }), a.instrument.shortTitle || a.instrument.title)),
        h('td', {}, a.kind), h('td', {}, dateOf(a.date)), h('td', {}, dateOf(a.deposited))));
    }
    section.append(acts);

    section.append(h('h3', {}, 'Ratified but not implemented ' + (asOf ? 'on ' + asOf : 'today') + ' (' + data.ratifiedButNotImplemented.length + ')'));
    const gaps = h('ul', { id: 'state-gaps' });
    for (const g of data.ratifiedButNotImplemented) {
      gaps.append(h('li', { 'data-obligation': g.obligation.id, 'data-legal': g.legal },
        link(pageURL({ page: 'obligation', id: g.obligation.id }), (g.instrument.shortTitle || g.instrument.id) + ' ' + g.obligation.provision.label), ' — ', g.obligation.summary));
    }
    section.append(gaps);

    section.append(h('h3', {}, 'Gaps over time'));
    const chartBox = h('figure', { class: 'chart' });
    section.append(chartBox);

    section.append(h('h3', {}, 'Laws'));
    const laws = h('ul', { id: 'state-laws' });
    for (const l of st.laws) {
      laws.append(h('li', { id: l.id, 'data-kind': l.kind }, h('b', {}, l.title), ' ', l.number ? '(' + l.number + ') ' : '', 'enacted ' + dateOf(l.enacted), l.repealed ? ', repealed ' + l.repealed : '', ' ', h('code', {}, l.id)));
    }
    section.append(laws);

    section.append(h('h3', {}, 'TIP report tier'));
    section.append(tierChart(st.evidence));

    section.append(h('h3', {}, 'Evidence timeline'));
    const ev = h('ol', { id: 'state-evidence', class: 'timeline' });
    for (const e of st.evidence.slice().sort((a, b) => (a.date || '').localeCompare(b.date || ''))) {
      ev.append(h('li', { id: e.id, 'data-date': dateOf(e.date), 'data-finding': e.finding },
        h('time', {}, dateOf(e.date) || 'undated'), ' ', h('span', { class: 'finding f-' + e.finding.toLowerCase() }, e.kind + ', ' + e.finding), ' ', e.summary));
    }
    section.append(ev);
    await citeThis(st.name + ' (' + st.code + ')', asOf);
    drawn('state', st.code, asOf);
    gapsChart(chartBox, st.code);
  }

  // tierChart draws the US TIP report tier by year, read from the state's
  // ASSESSMENT evidence whose summary names a tier.
  function tierChart(evidence) {
    const tiers = { '1': 1, '2': 2, '2 Watch List': 2.5, '3': 3 };
    const points = [];
    for (const e of evidence) {
      if (e.kind !== 'ASSESSMENT' || !e.date) continue;
      const m = /Tier (2 Watch List|1|2|3)\b/.exec(e.summary);
      if (m) points.push({ year: year(e.date), tier: m[1], y: tiers[m[1]], id: e.id });
    }
    const W = 520, H = 140, x0 = 40, x1 = W - 10;
    const yr = (y) => x0 + ((y - 2013) / (2019 - 2013)) * (x1 - x0);
    const ty = (t) => 20 + (t - 1) * 45;
    const s = svg('svg', { id: 'tier-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'TIP report tier by year, 2013 to 2019', 'data-points': points.length });
    for (const [label, t] of Object.entries(tiers)) {
      s.append(svg('line', { x1: x0, x2: x1, y1: ty(t), y2: ty(t), class: 'grid' }));
      const tx = svg('text', { x: 2, y: ty(t) + 4, class: 'axis' }); tx.textContent = 'Tier ' + label.replace(' Watch List', 'WL'); s.append(tx);
    }
    for (let y = 2013; y <= 2019; y++) {
      const tx = svg('text', { x: yr(y) - 14, y: H - 4, class: 'axis' }); tx.textContent = y; s.append(tx);
    }
    points.sort((a, b) => a.year - b.year);
    if (points.length > 1) {
      s.append(svg('polyline', { points: points.map((p) => yr(p.year) + ',' + ty(p.y)).join(' '), class: 'line' }));
    }
    for (const p of points) {
      const c = svg('circle', { cx: yr(p.year), cy: ty(p.y), r: 5, class: 'dot', 'data-year': p.year, 'data-tier': p.tier, 'data-evidence': p.id });
      const t = svg('title', {}); t.textContent = p.year + ': Tier ' + p.tier; c.append(t);
      s.append(c);
    }
    const fig = h('figure', { class: 'chart' }, s);
    if (!points.length) fig.append(h('figcaption', {}, 'No TIP report tier in this state\'s evidence.'));
    return fig;
  }

  // gapsChart draws the state's gaps (not or partly implemented, in law) at
  // the end of each year, asked in one query with an alias per year.
  async function gapsChart(box, code) {
    const last = new Date().getFullYear();
    const years = [];
    for (let y = 2004; y <= last; y++) years.push(y);
    const q = '{ ' + years.map((y) => `y${y}: compare(states: ["${code}"], asOf: "${y}-12-31") { bound notImplemented partial }`).join(' ') + ' }';
    let data;
    try { data = await gql(q); } catch (err) { box.append(h('figcaption', {}, err.message)); return; }
    const pts = years.map((y) => { const s = data['y' + y][0] || { bound: 0, notImplemented: 0, partial: 0 }; return { year: y, gaps: s.notImplemented + s.partial, bound: s.bound }; });
    const W = 520, H = 160, x0 = 30, x1 = W - 10, top = 10, bottom = H - 20;
    const max = Math.max(1, ...pts.map((p) => p.bound));
    const xs = (y) => x0 + ((y - years[0]) / Math.max(1, years.length - 1)) * (x1 - x0);
    const ys = (v) => bottom - (v / max) * (bottom - top);
    const s = svg('svg', { id: 'gaps-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Bound obligations and gaps at the end of each year' });
    let boundPath = '', gapPath = '';
    pts.forEach((p, i) => {
      boundPath += (i ? ' H' + xs(p.year) + ' V' : 'M' + xs(p.year) + ' ') + ys(p.bound);
      gapPath += (i ? ' H' + xs(p.year) + ' V' : 'M' + xs(p.year) + ' ') + ys(p.gaps);
    });
    s.append(svg('path', { d: boundPath, class: 'step bound' }), svg('path', { d: gapPath, class: 'step gaps' }));
    for (const p of pts) {
      const c = svg('circle', { cx: xs(p.year), cy: ys(p.gaps), r: 3, class: 'dot', 'data-year': p.year, 'data-gaps': p.gaps, 'data-bound': p.bound });
      const t = svg('title', {}); t.textContent = p.year + ': ' + p.gaps + ' gaps of ' + p.bound + ' bound'; c.append(t);
      s.append(c);
      if (p.year % 4 === 0) { const tx = svg('text', { x: xs(p.year) - 14, y: H - 4, class: 'axis' }); tx.textContent = p.year; s.append(tx); }
    }
    box.append(s, h('figcaption', {}, 'Upper line: obligations binding the state at the end of each year; lower line: those not or only partly implemented in law.'));
  }

  // --- instrument status page ----------------------------------------------

  const instrumentQuery = `query InstrumentPage($id: ID!, $asOf: Date) {
  instrument(id: $id) { id title shortTitle kind binding adopted place summary
    entryIntoForceDerivation { date derived stated reasons warnings }
    actions { id kind state { code } reservations { text provisionIds } }
    provisions { id label heading text textKind obligations { id modality summary } }
  }
  ratificationTable(instrument: $id, asOf: $asOf) { state { code name } signed ratified deposited inForce withdrawn party }
}`;

  async function instrumentPage(q) {
    const id = q.get('id') || '';
    const asOf = q.get('asOf') || '';
    frame('Instrument: ' + id);
    let data;
    try { data = await gql(instrumentQuery, { id, asOf: asOf || null }); } catch (err) { failed(err); return; }
    const inst = data.instrument;
    if (!inst) { failed(new Error('no instrument ' + id)); return; }
    document.getElementById('desk-title').textContent = inst.title;
    section.append(h('p', {}, inst.kind + (inst.binding ? ', binding' : ', not binding') + '; adopted ' + dateOf(inst.adopted) + (inst.place ? ' in ' + inst.place : '') + '. ', inst.summary));
    const eif = inst.entryIntoForceDerivation;
    if (inst.binding) {
      section.append(h('h3', {}, 'Entry into force'),
        h('p', { id: 'entry-into-force', 'data-date': dateOf(eif.date) }, eif.date ? 'In force since ' + eif.date + '.' : 'Not in force.'),
        h('ul', {}, eif.reasons.map((r) => h('li', {}, r)), eif.warnings.map((w) => h('li', { class: 'warn' }, w))));
    }
    // Reservations become footnotes of the participant table.
    const notes = [];
    const noteOf = {};
    for (const a of inst.actions) {
      for (const r of a.reservations) {
        notes.push({ state: a.state.code, text: r.text, provisions: r.provisionIds });
        noteOf[a.state.code] = (noteOf[a.state.code] || []).concat(notes.length);
      }
    }
    section.append(h('h3', {}, 'Participants ' + (asOf ? 'on ' + asOf : 'today')));
    const t = h('table', { class: 'data', id: 'participants' },
      h('tr', {}, ['Participant', 'Signature', 'Ratification, accession', 'Deposit', 'In force', 'Party'].map((c) => h('th', {}, c))));
    for (const r of data.ratificationTable) {
      t.append(h('tr', { 'data-state': r.state.code, 'data-party': r.party },
        h('td', {}, link(pageURL({ page: 'state', code: r.state.code }), r.state.name), (noteOf[r.state.code] || []).map((n) => h('sup', {}, h('a', { href: '#note-' + n }, n)))),
        h('td', {}, dateOf(r.signed)), h('td', {}, dateOf(r.ratified)), h('td', {}, dateOf(r.deposited)), h('td', {}, dateOf(r.inForce)),
        h('td', {}, r.withdrawn ? 'withdrew ' + r.withdrawn : r.party ? 'yes' : 'no')));
    }
    section.append(t);
    if (notes.length) {
      section.append(h('ol', { class: 'footnotes' }, notes.map((n, i) => h('li', { id: 'note-' + (i + 1) }, n.state + ': ' + n.text + ' (' + n.provisions.join(', ') + ')'))));
    }
    if (inst.binding) {
      section.append(h('h3', {}, 'Ratifications over time'), ratificationChart(data.ratificationTable));
    }
    section.append(h('h3', {}, 'Provisions'));
    const pl = h('div', { id: 'provisions' });
    for (const p of inst.provisions) {
      pl.append(h('article', { id: p.id, class: 'provision', 'data-text-kind': p.textKind },
        h('h4', {}, p.label + (p.heading ? ' — ' + p.heading : '')),
        h('p', { class: p.textKind === 'SUMMARY' ? 'summary' : 'verbatim' }, p.text),
        p.obligations.length ? h('ul', {}, p.obligations.map((o) => h('li', {}, link(pageURL({ page: 'obligation', id: o.id }), o.modality), ': ', o.summary))) : null));
    }
    section.append(pl);
    await citeThis(inst.title, asOf);
    drawn('instrument', inst.id, asOf);
  }

  // ratificationChart is a step chart of the consents to be bound deposited
  // (or, without a deposit date, made) by each date.
  function ratificationChart(rows) {
    const dates = rows.map((r) => r.deposited || r.ratified).filter(Boolean).sort();
    const W = 520, H = 150, x0 = 30, x1 = W - 10, top = 10, bottom = H - 20;
    const s = svg('svg', { id: 'ratification-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Ratifications over time', 'data-count': dates.length });
    if (!dates.length) return h('figure', { class: 'chart' }, s, h('figcaption', {}, 'No ratification yet.'));
    const y0 = year(dates[0]) - 1, y1 = Math.max(year(dates[dates.length - 1]) + 1, new Date().getFullYear());
    const frac = (d) => year(d) + ((parseInt(d.slice(5, 7) || '12', 10) - 1) / 12);
    const xs = (v) => x0 + ((v - y0) / (y1 - y0)) * (x1 - x0);
    const ys = (n) => bottom - (n / rows.length) * (bottom - top);
    let d = 'M' + x0 + ' ' + ys(0);
    dates.forEach((dt, i) => { d += ' H' + xs(frac(dt)) + ' V' + ys(i + 1); });
    d += ' H' + x1;
    s.append(svg('path', { d, class: 'step' }));
    dates.forEach((dt, i) => {
      const c = svg('circle', { cx: xs(frac(dt)), cy: ys(i + 1), r: 3, class: 'dot', 'data-date': dt, 'data-count': i + 1 });
      const t = svg('title', {}); t.textContent = dt + ': ' + (i + 1); c.append(t); s.append(c);
    });
    for (let y = y0; y <= y1; y += 2) { const tx = svg('text', { x: xs(y) - 14, y: H - 4, class: 'axis' }); tx.textContent = y; s.append(tx); }
    return h('figure', { class: 'chart' }, s, h('figcaption', {}, 'Consents to be bound by date of deposit (or of the act, where no deposit date is known), of ' + rows.length + ' states.'));
  }

  // --- obligation page ----------------------------------------------------

  async function obligationPage(q) {
    const id = q.get('id') || '';
    const asOf = q.get('asOf') || '';
    frame('Obligation: ' + id);
    let data;
    try {
      data = await gql(`query($id: ID!) { node(id: $id) { ... on Obligation { id modality themes summary provision { id label heading text } instrument { id shortTitle title } } } states { code name } }`, { id });
    } catch (err) { failed(err); return; }
    const o = data.node;
    if (!o || !o.provision) { failed(new Error('no obligation ' + id)); return; }
    const title = (o.instrument.shortTitle || o.instrument.title) + ' ' + o.provision.label + ': ' + o.modality.toLowerCase().replace('_', ' ');
    document.getElementById('desk-title').textContent = title;
    section.append(h('p', {}, o.summary),
      h('blockquote', {}, link(pageURL({ page: 'instrument', id: o.instrument.id }, o.provision.id), o.provision.label), ' ', o.provision.text),
      h('p', {}, 'Themes: ' + o.themes.join(', ')));
    const aliases = data.states.map((s) => `${s.code}: status(state: "${s.code}", asOf: $asOf) { bound committed legal practice boundSince reasons }`).join(' ');
    let st;
    try { st = (await gql(`query($id: ID!, $asOf: Date) { node(id: $id) { ... on Obligation { ${aliases} } } }`, { id, asOf: asOf || null })).node; } catch (err) { failed(err); return; }
    section.append(h('h3', {}, 'Every state ' + (asOf ? 'on ' + asOf : 'today')));
    const t = h('table', { class: 'data', id: 'obligation-status' },
      h('tr', {}, ['State', 'Bound', 'Since', 'In law', 'In practice', 'Why'].map((c) => h('th', {}, c))));
    for (const s of data.states) {
      const r = st[s.code];
      t.append(h('tr', { 'data-state': s.code, 'data-bound': r.bound, 'data-legal': r.legal, 'data-practice': r.practice },
        h('td', {}, link(pageURL({ page: 'state', code: s.code }), s.name)),
        h('td', {}, r.bound ? 'bound' : r.committed ? 'committed' : 'no'), h('td', {}, dateOf(r.boundSince)),
        h('td', { class: 'legal l-' + r.legal.toLowerCase() }, r.legal), h('td', {}, r.practice),
        h('td', {}, h('details', {}, h('summary', {}, r.reasons.length + ' reasons'), h('ul', {}, r.reasons.map((x) => h('li', {}, x)))))));
    }
    section.append(t);
    await citeThis(title, asOf);
    drawn('obligation', o.id, asOf);
  }

  // --- routing ------------------------------------------------------------

  const pages = { search: searchPage, state: statePage, instrument: instrumentPage, obligation: obligationPage };

  function route() {
    const q = new URLSearchParams(location.search);
    const page = pages[q.get('page')];
    if (!page) { leave(); return; }
    delete document.body.dataset.page;
    page(q).catch((err) => { if (section) failed(err); });
  }

  function start() {
    searchBox();
    window.addEventListener('popstate', route);
    route();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
