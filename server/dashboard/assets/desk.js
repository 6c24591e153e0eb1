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
// data version, and the known-at moment when there is one (knownAt=, set by
// the dashboard's Known at control). Charts are plain SVG with their data in
// data-* attributes. body[data-page] is "KIND:ID@ASOF" once a page is drawn,
// "KIND:ID@ASOF~KNOWNAT" when it is read at a past moment.
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
    for (const kid of kids.flat(Infinity)) {
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

  // The known-at moment every link carries (knownAt=, RFC 3339): the graph
  // read as it was then; '' for now. The dashboard's Known at control
  // (app.js) sets it in the address and has the page drawn again; a moment
  // it cannot read is ignored, as the dashboard ignores it.
  const moment = (window.pactwatch && window.pactwatch.moment) || { valid: () => true, words: (k) => k };
  function currentKnownAt() {
    const k = new URLSearchParams(location.search).get('knownAt') || '';
    return moment.valid(k) ? k : '';
  }
  const knownWords = (k) => moment.words(k);
  // whenWords is "on DAY" or "today", and ", as the graph knew it on MOMENT".
  const whenWords = (asOf, knownAt) => (asOf ? 'on ' + asOf : 'today') + (knownAt ? ', as the graph knew it on ' + knownWords(knownAt) : '');
  // knownNote is the lede line of a page read at a past moment.
  // now names what the page lists as the graph holds it now (the records
  // themselves, which GraphQL reads only as they are).
  const knownNote = (knownAt, now) => (knownAt ? h('p', { class: 'known-at-note', id: 'known-at-note', 'data-known-at': knownAt },
    'As the graph knew it on ' + knownWords(knownAt) + ': the answers it gave then, not what it knows now.',
    now ? h('span', { class: 'unknown-note known-now' }, ' ' + now + ' are listed as the graph holds them now.') : '') : '');


  function pageURL(params, hash) {
    const q = new URLSearchParams(params);
    const asOf = params.asOf !== undefined ? params.asOf : currentAsOf();
    if (asOf) q.set('asOf', asOf); else q.delete('asOf');
    const knownAt = params.knownAt !== undefined ? params.knownAt : currentKnownAt();
    if (knownAt) q.set('knownAt', knownAt); else q.delete('knownAt');
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
    delete section.dataset.editable; // desk-edit.js marks a page it has drawn its tools on
    delete section.dataset.pending;
    const back = new URLSearchParams();
    if (currentAsOf()) back.set('asOf', currentAsOf());
    if (currentKnownAt()) back.set('knownAt', currentKnownAt());
    section.replaceChildren(h('p', { class: 'desk-back' }, link('/' + (back.toString() ? '?' + back.toString() : ''), '← Dashboard')),
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

  // citeThis ends a page with the line to cite it by: its URL built from the
  // page's parsed parameters (never the address as typed), always with the
  // day it answers for (the API's today when none was asked) and the
  // moment of the graph (the newest change's time when none was asked).
  async function citeThis(title, asOf, params) {
    let version = 'unknown'; let dataTime = ''; let today = '';
    try {
      const d = await gql('{ dataVersion dataTime today }');
      version = d.dataVersion; dataTime = d.dataTime || ''; today = d.today;
    } catch (e) { /* the line says "unknown" */ }
    const day = asOf || today;
    const knownAt = currentKnownAt() || dataTime;
    const q = new URLSearchParams(params);
    q.set('asOf', day);
    if (knownAt) q.set('knownAt', knownAt);
    const url = location.origin + '/?' + q.toString();
    const p = h('p', { class: 'cite', id: 'cite-this', 'data-url': url, 'data-as-of': day, 'data-known-at': knownAt || '', 'data-version': version },
      'Cite this: pactwatch, “' + title + '”, ' + url + ', as of ' + day +
      (knownAt ? ', as the graph knew it on ' + knownWords(knownAt) : '') + ', data version ' + version + '.');
    section.append(p);
  }


  function drawn(kind, id, asOf) {
    document.body.dataset.page = kind + ':' + id + '@' + (asOf || '') + (currentKnownAt() ? '~' + currentKnownAt() : '');
    // desk-edit.js adds a curator's edit tools to the records drawn.
    const hooks = window.pactwatch && window.pactwatch.hooks;
    if (hooks && hooks.deskPage) hooks.deskPage({ kind, id, section, knownAt: currentKnownAt() || null });
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

  // --- the words for what is known, and what is not -------------------------
  //
  // A negative ("not a party", "none found") is shown only where the graph
  // has a source for it; what the graph does not know is drawn apart (the
  // hatched st-unknown and st-UNREVIEWED looks of app.css), never as a no.

  const STANDING = {
    PARTY: { cls: 'st-in-force', text: 'party' },
    PENDING: { cls: 'st-ratified', text: 'consent deposited, not yet in force for it' },
    SIGNED_ONLY: { cls: 'st-signed', text: 'signed only' },
    NOT_PARTY: { cls: 'st-none', text: 'not a party (sourced)' },
    WITHDRAWN: { cls: 'st-none', text: 'withdrawn' },
    CONSENT_NOT_DATED: { cls: 'st-ratified-undated', text: 'consent recorded, date not held' },
    IN_FORCE_UNKNOWN: { cls: 'st-force-unknown', text: 'deposited; in force not known' },
    UNKNOWN: { cls: 'st-unknown', text: 'not known' },
    COMMITTED: { cls: 'st-in-force', text: 'committed' },
    NOT_COMMITTED: { cls: 'st-unbound', text: 'not committed' },
  };
  const LEGAL = {
    IMPLEMENTED: 'implemented in law',
    PARTIAL: 'partly implemented in law',
    NONE: 'reviewed: none found',
    RESERVED: 'reserved',
    UNREVIEWED: 'not reviewed (not known)',
    NOT_DOMESTIC: 'not for domestic law: judged by practice',
  };
  const PRACTICE = {
    EFFECTIVE: 'effective', MIXED: 'mixed', GAP: 'gap (sourced)', NO_EVIDENCE: 'no evidence (not known)',
  };

  // standingCell is a table cell with the row's standing in the server's
  // words (status), drawn by what is known.
  function standingCell(row) {
    const st = STANDING[row.standing] || STANDING.UNKNOWN;
    const srcs = (row.statementSources || []).map((src) => src.url ? h('a', { href: src.url, rel: 'noreferrer' }, src.citation) : src.citation);
    return h('td', { class: 'standing ' + st.cls, 'data-standing': row.standing, title: st.text },
      row.status || st.text, srcs.length ? h('span', { class: 'src' }, ' (', srcs.map((x, i) => [i ? '; ' : '', x]), ')') : null);
  }

  // partyCell says yes, no (sourced) or not known; never "no" for a null.
  function partyCell(row, binding) {
    if (!binding) return h('td', { 'data-party': 'n/a' }, 'non-binding');
    if (row.party === true) return h('td', { class: 'st-in-force', 'data-party': 'true' }, 'yes');
    if (row.party === false) return h('td', { 'data-party': 'false' }, 'no');
    return h('td', { class: 'st-unknown', 'data-party': 'unknown' }, 'not known');
  }

  // reviewWhen words a review's two dates: the day as of which the law was
  // read (date) and the day the reading was done (read), when held. A
  // reading done in 2026 of a law as promulgated in 2008 is "law as of
  // 2008-02-04, read 2026-12-01", never "review of 2008-02-04".
  const reviewWhen = (rv) => 'law as of ' + dateOf(rv.date) + (rv.read ? ', read ' + rv.read : '');

  // legalCell shows a legal status; a NONE names the review that found no
  // law, linked on the state's page (reviewURL) or, by default, this one.
  function legalCell(rec, reviewURL) {
    const text = LEGAL[rec.legal] || rec.legal;
    const review = rec.review || null; // the API gives it only where it makes legal NONE
    const attrs = review ? { class: 'review-when', 'data-date': dateOf(review.date), 'data-read': review.read || null } : null;
    const ref = review && (reviewURL ? link(reviewURL(review), 'reviewed: ' + reviewWhen(review), attrs) : h('a', Object.assign({ href: '#' + review.id }, attrs), 'reviewed: ' + reviewWhen(review)));
    return h('td', { class: 'legal st-' + rec.legal, 'data-legal': rec.legal }, text, ref ? [' (', ref, ')'] : null);
  }

  function practiceCell(rec) {
    return h('td', { class: 'practice st-' + rec.practice, 'data-practice': rec.practice }, PRACTICE[rec.practice] || rec.practice);
  }

  // coverageNote says how much of an instrument the graph holds: nothing for
  // a complete record, else its caveat and the provisions not held.
  function coverageNote(inst, attrs, open) {
    const cov = inst.coverage;
    if (!cov || cov.complete) return h('p', Object.assign({ class: 'coverage complete', 'data-complete': 'true' }, attrs || {}), 'The graph holds the whole instrument.');
    const box = h('details', Object.assign({ class: 'coverage caveat st-unknown', 'data-complete': 'false', role: 'note' }, attrs || {}),
      h('summary', {}, h('b', {}, 'Incomplete record'), cov.notHeld.length ? ': ' + cov.notHeld.length + ' parts known but not held' : ': held in part'),
      h('p', {}, cov.caveat + '.'),
      cov.notHeld.length ? h('p', { class: 'not-held' }, 'Not held: ', cov.notHeld.map((k) => k.label).join('; '), '.') : null);
    if (open) box.open = true;
    return box;
  }

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
    const knownAt = currentKnownAt();
    if (knownAt) {
      section.append(h('p', { class: 'known-at-note', id: 'known-at-note', 'data-known-at': knownAt },
        'The hits are of the records as the graph holds them now; the pages they link to, and the exports, are read as the graph knew it on ' + knownWords(knownAt) + '.'));
    }
    section.append(h('p', { id: 'search-count', 'data-total': s.totalCount }, s.totalCount + (s.totalCount === 1 ? ' hit' : ' hits') + ' (' + s.tookMs.toFixed(1) + ' ms). ',
      'Export with citations: ', h('a', { id: 'export-search-csv', href: exportURL('search', 'csv', { q: text }, '') }, 'CSV'), ', ',
      h('a', { id: 'export-search-xlsx', href: exportURL('search', 'xlsx', { q: text }, '') }, 'XLSX'), '.'));
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
    await citeThis('Search: ' + text, '', { page: 'search', q: text });
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

  const stateQuery = `query StateProfile($code: String!, $asOf: Date, $knownAt: Time) {
  state(code: $code) { code name aseanSince
    actions { id kind date deposited instrument { id shortTitle title } }
    laws { id title number kind enacted repealed futureDates }
    evidence { id kind date finding summary }
    tierSeries { from to notHeld placements { year tier inferred disputed conflict evidence { id } claims { value used } } }
    reviews { id instrument { id shortTitle title } scope date read method reviewer summary articles
      laws { id title } provisions { id label } obligations { id } sources { citation url } }
  }
  instruments { id shortTitle title binding adopted coverage { complete caveat notHeld { label } } }
  compare(states: [$code], asOf: $asOf, knownAt: $knownAt) { bound implemented partial notImplemented unreviewed reserved notDomestic committed standingUnknown caveats }
  records(state: $code, asOf: $asOf, knownAt: $knownAt) { obligation { id summary provision { label } } instrument { id shortTitle } legal practice review { id date read } }
  ratifiedButNotImplemented(state: $code, asOf: $asOf, knownAt: $knownAt) { obligation { id summary provision { label } } instrument { id shortTitle } legal review { id date read } }
}`;

  // standingsQuery asks every instrument's status table on asOf, one alias
  // per instrument; the state's own row is read from each.
  function standingsQuery(instruments) {
    const alias = (id) => 'i_' + id.replace(/[^A-Za-z0-9]/g, '_');
    return 'query Standings($asOf: Date, $knownAt: Time) { ' + instruments.map((i) => `${alias(i.id)}: ratificationTable(instrument: ${JSON.stringify(i.id)}, asOf: $asOf, knownAt: $knownAt) {
    state { code } standing party status statementSources { citation url } }`).join(' ') + ' }';
  }

  const REVIEW_METHOD = {
    STATUTE_READING: 'reading of the statutes', LEGISLATIVE_REVIEW: 'legislative review', UN_ASSESSMENT: 'UN assessment',
    ASEAN_ASSESSMENT: 'ASEAN assessment', TIP_REPORT: 'US TIP report', OTHER: 'other review',
  };

  async function statePage(q) {
    const code = (q.get('code') || '').toUpperCase();
    const asOf = q.get('asOf') || '';
    const knownAt = currentKnownAt() || null;
    frame('State profile: ' + code);
    let data;
    try { data = await gql(stateQuery, { code, asOf: asOf || null, knownAt }); } catch (err) { failed(err); return; }
    const st = data.state;
    if (!st) { failed(new Error('no state ' + code)); return; }
    let standings = {};
    try {
      const t = await gql(standingsQuery(data.instruments), { asOf: asOf || null, knownAt });
      for (const i of data.instruments) {
        standings[i.id] = (t['i_' + i.id.replace(/[^A-Za-z0-9]/g, '_')] || []).find((r) => r.state.code === st.code) || null;
      }
    } catch (err) { standings = null; failed(err); }
    const when = whenWords(asOf, knownAt);
    document.getElementById('desk-title').textContent = st.name + ' (' + st.code + ')';
    section.append(knownNote(knownAt, 'Its actions, reviews, laws, tier placements and evidence'));
    section.append(h('p', {}, 'ASEAN member since ' + dateOf(st.aseanSince) + '. ',
      'Exports: ', h('a', { id: 'export-records', href: exportURL('records', 'xlsx', { state: st.code }, asOf) }, 'records (XLSX)'), ', ',
      h('a', { id: 'export-gaps', href: exportURL('gaps', 'csv', { state: st.code }, asOf) }, 'gaps (CSV)'), '.'));

    section.append(h('h3', {}, 'Instruments and standing ' + when));
    const stand = h('table', { class: 'data desk-table', id: 'state-standing' },
      h('tr', {}, ['Instrument', 'Standing', 'Party', 'What the graph holds'].map((c) => h('th', {}, c))));
    for (const inst of data.instruments) {
      const row = standings && standings[inst.id];
      const name = link(pageURL({ page: 'instrument', id: inst.id }), inst.shortTitle || inst.title);
      if (!row) {
        stand.append(h('tr', { 'data-instrument': inst.id, 'data-standing': 'UNKNOWN' }, h('td', {}, name),
          h('td', { class: 'st-unknown' }, 'not known'), h('td', { class: 'st-unknown', 'data-party': 'unknown' }, 'not known'), h('td', {}, coverageNote(inst))));
        continue;
      }
      stand.append(h('tr', { 'data-instrument': inst.id, 'data-standing': row.standing },
        h('td', {}, name), standingCell(row), partyCell(row, inst.binding), h('td', {}, coverageNote(inst))));
    }
    section.append(stand);

    section.append(h('h3', {}, 'Actions'));
    const acts = h('table', { class: 'data', id: 'state-actions' }, h('tr', {}, h('th', {}, 'Instrument'), h('th', {}, 'Action'), h('th', {}, 'Date'), h('th', {}, 'Deposited')));
    for (const a of st.actions) {
      acts.append(h('tr', { id: a.id, 'data-instrument': a.instrument.id, 'data-kind': a.kind },
        h('td', {}, link(pageURL({ page: 'instrument', id: a.instrument.id }), a.instrument.shortTitle || a.instrument.title)),
        h('td', {}, a.kind), h('td', {}, dateOf(a.date) || h('span', { class: 'unknown-note' }, 'date not held')),
        h('td', {}, dateOf(a.deposited) || h('span', { class: 'unknown-note' }, 'not held'))));
    }
    section.append(acts);

    const sum = data.compare[0];
    section.append(h('h3', {}, 'Ratified but not implemented ' + when + ' (' + data.ratifiedButNotImplemented.length + ')'));
    if (sum) {
      section.append(h('p', { id: 'state-summary', 'data-bound': sum.bound, 'data-unreviewed': sum.unreviewed, 'data-not-domestic': sum.notDomestic, 'data-standing-unknown': sum.standingUnknown },
        `Of ${sum.bound} bound obligations: ${sum.implemented} implemented in law, ${sum.partial} partly, ${sum.notImplemented} reviewed with none found, ${sum.reserved} reserved; `,
        h('span', { class: 'unknown-note' }, `${sum.unreviewed} not reviewed (not known)`), ', ',
        h('span', { class: 'unknown-note' }, `${sum.notDomestic} not for domestic law (judged by practice)`),
        sum.standingUnknown ? [', and ', h('span', { class: 'unknown-note' }, `${sum.standingUnknown} more of instruments whose standing is not known`)] : null, '. ',
        'Only the partly implemented and the reviewed-none-found are gaps.'));
    }
    const gaps = h('ul', { id: 'state-gaps' });
    for (const g of data.ratifiedButNotImplemented) {
      gaps.append(h('li', { 'data-obligation': g.obligation.id, 'data-legal': g.legal },
        h('span', { class: 'badge st-' + g.legal }, LEGAL[g.legal] || g.legal), ' ',
        link(pageURL({ page: 'obligation', id: g.obligation.id }), (g.instrument.shortTitle || g.instrument.id) + ' ' + g.obligation.provision.label), ' — ', g.obligation.summary,
        g.review ? [' ', h('a', { href: '#' + g.review.id, class: 'src review-when', 'data-date': dateOf(g.review.date), 'data-read': g.review.read || null }, '(reviewed: ' + reviewWhen(g.review) + ')')] : null));
    }
    section.append(gaps);

    section.append(h('h3', {}, 'Gaps over time'));
    const chartBox = h('figure', { class: 'chart' });
    section.append(chartBox);

    section.append(h('h3', {}, 'Every bound obligation ' + when + ' (' + data.records.length + ')'));
    const recs = h('table', { class: 'data desk-table', id: 'state-records' },
      h('tr', {}, ['Obligation', 'In law', 'In practice'].map((c) => h('th', {}, c))));
    for (const r of data.records) {
      recs.append(h('tr', { 'data-obligation': r.obligation.id, 'data-legal': r.legal, 'data-practice': r.practice },
        h('td', { title: r.obligation.summary }, link(pageURL({ page: 'obligation', id: r.obligation.id }), (r.instrument.shortTitle || r.instrument.id) + ' ' + r.obligation.provision.label),
          h('span', { class: 'src' }, ' ' + r.obligation.id.split('/').pop().replace('obl_', '#'))),
        legalCell(r), practiceCell(r)));
    }
    section.append(data.records.length ? recs : h('p', {}, 'No instrument binds the state ' + when + ', as far as the graph knows.'));
    if (sum && sum.caveats.length) section.append(h('ul', { class: 'caveats' }, sum.caveats.map((c) => h('li', { class: 'unknown-note' }, c))));

    section.append(h('h3', {}, 'Reviews (' + st.reviews.length + ')'));
    const revs = h('ol', { id: 'state-reviews', class: 'timeline' });
    for (const r of st.reviews) { // in the API's order: earliest first (graph/chronology.go)
      revs.append(h('li', { id: r.id, 'data-instrument': r.instrument.id, 'data-scope': r.scope, 'data-date': dateOf(r.date), 'data-read': r.read || null },
        h('span', { class: 'review-when' }, h('time', { datetime: dateOf(r.date) }, 'law as of ' + dateOf(r.date)),
          r.read ? [', ', h('time', { datetime: r.read }, 'read ' + r.read)] : null), ' — ',
        link(pageURL({ page: 'instrument', id: r.instrument.id }), r.instrument.shortTitle || r.instrument.title), ': ',
        (REVIEW_METHOD[r.method] || r.method) + ' by ' + r.reviewer + ', covering ',
        r.scope === 'ALL_HELD' ? 'every provision the graph holds' : 'only ' + [...r.provisions.map((p) => p.label),
          r.obligations.length ? r.obligations.length + (r.obligations.length === 1 ? ' obligation' : ' obligations') + ' listed' : ''].filter(Boolean).join(', '), '. ',
        r.summary,
        r.laws.length ? h('p', { class: 'review-laws' }, 'Laws read: ', r.laws.map((l, i) => [i ? '; ' : '', h('a', { href: '#' + l.id }, l.title)])) : null,
        r.articles.length ? h('p', { class: 'review-articles' }, 'Read: ' + r.articles.join('; ')) : null,
        r.sources.length ? h('p', { class: 'src' }, 'Sources: ', r.sources.map((src, i) => [i ? '; ' : '', src.url ? h('a', { href: src.url, rel: 'noreferrer' }, src.citation) : src.citation])) : null));
    }
    section.append(st.reviews.length ? revs : h('p', { id: 'state-reviews', class: 'unknown-note' }, 'No review of this state\'s law is recorded: what its law implements is not known beyond the laws linked.'));

    section.append(h('h3', {}, 'Laws'));
    const laws = h('ul', { id: 'state-laws' });
    for (const l of st.laws) {
      laws.append(h('li', { id: l.id, 'data-kind': l.kind }, h('b', {}, l.title), ' ', l.number ? '(' + l.number + ') ' : '', 'enacted ' + dateOf(l.enacted), l.repealed ? ', repealed ' + l.repealed + ((l.futureDates || []).includes('repealed') ? ' (future)' : '') : '', ' ', h('code', {}, l.id)));
    }
    section.append(laws);

    section.append(h('h3', {}, 'TIP report tier'));
    section.append(tierChart(st.tierSeries));

    section.append(h('h3', {}, 'Evidence timeline'));
    const ev = h('ol', { id: 'state-evidence', class: 'timeline' });
    for (const e of st.evidence) { // in the API's order: earliest first (graph/chronology.go)
      ev.append(h('li', { id: e.id, 'data-date': dateOf(e.date), 'data-finding': e.finding },
        h('time', {}, dateOf(e.date) || 'undated'), ' ', h('span', { class: 'finding f-' + e.finding.toLowerCase() }, e.kind + ', ' + e.finding), ' ', e.summary));
    }
    section.append(ev);
    await citeThis(st.name + ' (' + st.code + ')', asOf, { page: 'state', code: st.code });
    drawn('state', st.code, asOf);
    gapsChart(chartBox, st.code, knownAt);
  }

  // The US TIP report's placements, best first, as the chart's rows.
  const TIERS = [
    { tier: 'TIER_1', label: '1', axis: 'Tier 1' },
    { tier: 'TIER_2', label: '2', axis: 'Tier 2' },
    { tier: 'TIER_2_WATCH_LIST', label: '2 Watch List', axis: 'Tier 2WL' },
    { tier: 'TIER_3', label: '3', axis: 'Tier 3' },
    { tier: 'SPECIAL_CASE', label: 'Special case', axis: 'Special' },
  ];

  // tierChart draws the API's tier series (State.tierSeries): its years,
  // its placements and the years it says are not held. A year not held is
  // drawn as a gap marked "not held", never as a tier, and breaks the line;
  // an inferred placement is hollow, a disputed one ringed, and two
  // placements held for one year (conflict) are both drawn.
  function tierChart(series) {
    const { from: y0, to: y1, notHeld, placements } = series;
    const byYear = new Map();
    for (const p of placements) {
      if (!byYear.has(p.year)) byYear.set(p.year, []);
      byYear.get(p.year).push(p);
    }
    const rows = TIERS.filter((t) => t.tier !== 'SPECIAL_CASE' || placements.some((p) => p.tier === t.tier));
    const rowOf = {};
    rows.forEach((t, i) => { rowOf[t.tier] = i; });
    const W = 520, x0 = 80, x1 = W - 36, top = 16, step = 30;
    const H = top + (rows.length - 1) * step + 40;
    const xs = (y) => x0 + ((y - y0) / Math.max(1, y1 - y0)) * (x1 - x0);
    const ys = (tier) => top + rowOf[tier] * step;
    const s = svg('svg', { id: 'tier-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
      'aria-label': `TIP report tier by report year, ${y0} to ${y1}` + (notHeld.length ? '; not held for ' + notHeld.join(', ') : ''),
      'data-points': byYear.size, 'data-not-held': notHeld.join(' ') });
    for (const t of rows) {
      s.append(svg('line', { x1: x0, x2: x1, y1: ys(t.tier), y2: ys(t.tier), class: 'grid' }));
      const tx = svg('text', { x: 2, y: ys(t.tier) + 4, class: 'axis' }); tx.textContent = t.axis; s.append(tx);
    }
    const half = Math.min(30, (x1 - x0) / Math.max(1, y1 - y0) / 2 - 3);
    const bottom = top + (rows.length - 1) * step;
    for (let y = y0; y <= y1; y++) {
      const tx = svg('text', { x: xs(y) - 14, y: H - 4, class: 'axis' }); tx.textContent = y; s.append(tx);
    }
    for (const y of notHeld) {
      const g = svg('g', { class: 'not-held', 'data-year': y, 'data-held': 'false' });
      g.append(svg('rect', { x: xs(y) - half, y: top - 8, width: 2 * half, height: bottom - top + 16, class: 'not-held-band' }));
      const label = svg('text', { x: xs(y), y: bottom + 18, class: 'axis not-held-label', 'text-anchor': 'middle' }); label.textContent = 'not held';
      const title = svg('title', {}); title.textContent = y + ': no placement held (not a tier)';
      g.append(label, title);
      s.append(g);
    }
    // The line joins consecutive years with one placement each; a year not
    // held, or with two placements (conflict), breaks it.
    let run = [];
    const flush = () => {
      if (run.length > 1) s.append(svg('polyline', { points: run.map(([y, t]) => xs(y) + ',' + ys(t)).join(' '), class: 'line', 'data-from': run[0][0], 'data-to': run[run.length - 1][0] }));
      run = [];
    };
    for (let y = y0; y <= y1; y++) {
      const ps = byYear.get(y) || [];
      if (ps.length && !ps[0].conflict) run.push([y, ps[0].tier]); else flush();
      for (const p of ps) {
        const t = TIERS.find((x) => x.tier === p.tier);
        const c = svg('circle', { cx: xs(y), cy: ys(p.tier), r: 5,
          class: 'dot' + (p.inferred ? ' inferred' : '') + (p.disputed ? ' disputed' : '') + (p.conflict ? ' conflict' : ''),
          'data-year': y, 'data-tier': t.label, 'data-tier-value': p.tier, 'data-evidence': p.evidence.map((e) => e.id).join(' '),
          'data-unverified': p.inferred, 'data-disputed': p.disputed });
        const title = svg('title', {});
        title.textContent = y + ': Tier ' + t.label + (p.inferred ? ' (inferred, unverified)' : '') +
          (p.disputed ? ' (sources disagree: ' + p.claims.map((cl) => cl.value + (cl.used ? ', used' : '')).join('; ') + ')' : '');
        c.append(title);
        s.append(c);
      }
    }
    flush();
    const fig = h('figure', { class: 'chart' }, s);
    const caption = h('figcaption', {}, 'US TIP report placement by report year, from the structured tier of the state\'s assessment evidence. ',
      'Hollow: an inferred placement (unverified); ringed: sources disagree (the graph uses one). ');
    if (!placements.length) caption.append(h('span', { class: 'unknown-note' }, 'No placement is held for this state: not held, not a tier.'));
    else if (notHeld.length) caption.append(h('span', { class: 'unknown-note', id: 'tier-not-held' }, 'Not held: ' + notHeld.join(', ') + ' (no placement in the graph for those years; not a tier).'));
    fig.append(caption);
    return fig;
  }

  // gapsChart draws the state's gaps (not or partly implemented, in law) at
  // the end of each year, as the engine counts them (StateSummary.gaps,
  // gapsAtMost, standingUnknown): one query document, the same for every
  // state and year (so the pages' persisted set holds it and a cache keeps
  // each answer), asked once per year. What is not known is its own band
  // (unreviewed: between gaps and gapsAtMost) and its own line (standing
  // not known); a year with no answer is drawn as missing, never as 0.
  const gapsAtYearEnd = 'query GapsAtYearEnd($states: [String!], $asOf: Date, $knownAt: Time) { compare(states: $states, asOf: $asOf, knownAt: $knownAt) { bound gaps gapsAtMost standingUnknown } }';
  // The years run to the API's (Query.today), not the browser's clock.
  async function gapsChart(box, code, knownAt) {
    const last = Number((await gql('{ today }')).today.slice(0, 4));
    const years = [];
    for (let y = 2004; y <= last; y++) years.push(y);
    const answers = await Promise.allSettled(years.map((y) => gql(gapsAtYearEnd, { states: [code], asOf: `${y}-12-31`, knownAt: knownAt || null })));
    const pts = years.map((y, i) => {
      const a = answers[i];
      const row = a.status === 'fulfilled' && a.value && a.value.compare && a.value.compare[0];
      return row ? { year: y, ...row } : { year: y, missing: true, why: a.status === 'rejected' ? a.reason.message : 'no answer' };
    });
    const held = pts.filter((p) => !p.missing);
    const W = 520, H = 160, x0 = 30, x1 = W - 10, top = 10, bottom = H - 20;
    const max = Math.max(1, ...held.map((p) => Math.max(p.bound, p.gapsAtMost, p.standingUnknown)));
    const xs = (y) => x0 + ((y - years[0]) / Math.max(1, years.length - 1)) * (x1 - x0);
    const ys = (v) => bottom - (v / max) * (bottom - top);
    const s = svg('svg', { id: 'gaps-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Bound obligations, gaps and what is not known at the end of each year' });
    // runs are the stretches of consecutive years with an answer: lines and
    // the band break where a year has none.
    const runs = [];
    let run = null;
    for (const p of pts) {
      if (p.missing) { run = null; continue; }
      if (!run) { run = []; runs.push(run); }
      run.push(p);
    }
    const step = (ps, key) => ps.map((p, i) => (i ? ' H' + xs(p.year) + ' V' : 'M' + xs(p.year) + ' ') + ys(p[key])).join('');
    for (const r of runs) {
      // back along the gaps line, last year first: each value holds until the next year.
      const back = r.slice().reverse().map((p, i) => (i ? ' V' + ys(p.gaps) + ' H' + xs(p.year) : ' L' + xs(p.year) + ' ' + ys(p.gaps))).join('');
      s.append(svg('path', { d: step(r, 'gapsAtMost') + back + ' Z', class: 'band not-known', 'data-from': r[0].year, 'data-to': r[r.length - 1].year }));
      s.append(svg('path', { d: step(r, 'bound'), class: 'step bound' }), svg('path', { d: step(r, 'gaps'), class: 'step gaps' }),
        svg('path', { d: step(r, 'standingUnknown'), class: 'step standing-unknown' }));
    }
    for (const p of pts) {
      if (p.missing) {
        const m = svg('text', { x: xs(p.year) - 3, y: bottom, class: 'missing', 'data-year': p.year, 'data-missing': 'true' });
        m.textContent = '?';
        const t = svg('title', {}); t.textContent = p.year + ': not known (' + p.why + ')'; m.append(t);
        s.append(m);
      } else {
        const c = svg('circle', { cx: xs(p.year), cy: ys(p.gaps), r: 3, class: 'dot', 'data-year': p.year, 'data-gaps': p.gaps,
          'data-gaps-at-most': p.gapsAtMost, 'data-bound': p.bound, 'data-standing-unknown': p.standingUnknown });
        const t = svg('title', {});
        t.textContent = `${p.year}: ${p.gaps} gaps (at most ${p.gapsAtMost} if every unreviewed obligation is one) of ${p.bound} bound; standing not known for ${p.standingUnknown}`;
        c.append(t);
        s.append(c);
      }
      if (p.year % 4 === 0) { const tx = svg('text', { x: xs(p.year) - 14, y: H - 4, class: 'axis' }); tx.textContent = p.year; s.append(tx); }
    }
    box.append(s, h('figcaption', {}, 'Upper line: obligations binding the state at the end of each year; lower line: those not or only partly implemented in law; ',
      'shaded: unreviewed, not known either way (gaps lie between the lower line and the top of the band); dashed: obligations of instruments whether the state is bound by is not known (not in the upper line). ',
      '"?": a year with no answer, not zero.'));
  }

  // --- instrument status page ----------------------------------------------

  const instrumentQuery = `query InstrumentPage($id: ID!, $asOf: Date, $knownAt: Time) {
  instrument(id: $id) { id title shortTitle kind binding adopted place summary
    coverage { complete caveat notHeld { label note } incompleteProvisions }
    actions { id kind state { code } reservations { text provisionIds } }
    provisions { id label heading text textKind obligations { id modality modalityLabel summary } }
  }
  ratificationTable(instrument: $id, asOf: $asOf, knownAt: $knownAt) { state { code name } signed ratified deposited depositedBefore inForce inForceNoLaterThan withdrawn
    party standing status statementSources { citation url } }
  entryIntoForce(instrument: $id, knownAt: $knownAt) { date derived stated reasons warnings }
  consentTimeline(instrument: $id, asOf: $asOf, knownAt: $knownAt) { points { state { code } date count } undated states }
  today
}`;

  async function instrumentPage(q) {
    const id = q.get('id') || '';
    const asOf = q.get('asOf') || '';
    const knownAt = currentKnownAt() || null;
    frame('Instrument: ' + id);
    let data;
    try { data = await gql(instrumentQuery, { id, asOf: asOf || null, knownAt }); } catch (err) { failed(err); return; }
    const inst = data.instrument;
    if (!inst) { failed(new Error('no instrument ' + id)); return; }
    document.getElementById('desk-title').textContent = inst.title;
    section.append(knownNote(knownAt, 'Its provisions, coverage and reservations'));
    section.append(h('p', {}, inst.kind + (inst.binding ? ', binding' : ', not binding') + '; adopted ' + dateOf(inst.adopted) + (inst.place ? ' in ' + inst.place : '') + '. ', inst.summary));
    section.append(coverageNote(inst, { id: 'coverage' }, true));
    const eif = data.entryIntoForce;
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
    section.append(h('h3', {}, 'Participants ' + whenWords(asOf, knownAt)));
    const t = h('table', { class: 'data desk-table', id: 'participants' },
      h('tr', {}, ['Participant', 'Signature', 'Ratification, accession', 'Deposit', 'In force', 'Standing', inst.binding ? 'Party' : 'Binding'].map((c) => h('th', {}, c))));
    for (const r of data.ratificationTable) {
      const deposit = r.deposited ? dateOf(r.deposited) : r.depositedBefore ? h('span', { class: 'unknown-note' }, 'before ' + r.depositedBefore) : '';
      const inForce = r.inForce ? dateOf(r.inForce) : r.inForceNoLaterThan ? h('span', { class: 'unknown-note' }, 'by ' + r.inForceNoLaterThan) : '';
      const party = partyCell(r, inst.binding);
      t.append(h('tr', { 'data-state': r.state.code, 'data-party': party.dataset.party, 'data-standing': r.standing },
        h('td', {}, link(pageURL({ page: 'state', code: r.state.code }), r.state.name), (noteOf[r.state.code] || []).map((n) => h('sup', {}, h('a', { href: '#note-' + n }, n)))),
        h('td', {}, dateOf(r.signed)), h('td', {}, dateOf(r.ratified)), h('td', {}, deposit), h('td', {}, inForce),
        standingCell(r), party));
    }
    section.append(t);
    if (notes.length) {
      section.append(h('ol', { class: 'footnotes' }, notes.map((n, i) => h('li', { id: 'note-' + (i + 1) }, n.state + ': ' + n.text + ' (' + n.provisions.join(', ') + ')'))));
    }
    if (inst.binding) {
      section.append(h('h3', {}, 'Ratifications over time'), ratificationChart(data.consentTimeline, data.today));
    }
    const partial = new Set(inst.coverage ? inst.coverage.incompleteProvisions : []);
    section.append(h('h3', {}, 'Provisions'));
    const pl = h('div', { id: 'provisions' });
    for (const p of inst.provisions) {
      pl.append(h('article', { id: p.id, class: 'provision', 'data-text-kind': p.textKind, 'data-incomplete': partial.has(p.id) },
        h('h4', {}, p.label + (p.heading ? ' — ' + p.heading : ''), partial.has(p.id) ? h('span', { class: 'badge st-unknown' }, 'held only in part') : null),
        h('p', { class: p.textKind === 'SUMMARY' ? 'summary' : 'verbatim' }, p.text),
        p.obligations.length ? h('ul', {}, p.obligations.map((o) => h('li', { 'data-obligation': o.id }, link(pageURL({ page: 'obligation', id: o.id }), o.modalityLabel), ': ', o.summary))) : null));
    }
    section.append(pl);
    await citeThis(inst.title, asOf, { page: 'instrument', id: inst.id });
    drawn('instrument', inst.id, asOf);
  }

  // ratificationChart is a step chart of the consents to be bound deposited
  // (or, without a deposit date, made) by each date, as the API places and
  // counts them (consentTimeline), on an axis that runs to the API's today.
  function ratificationChart(tl, today) {
    const pts = tl.points;
    const dates = pts.map((p) => p.date);
    const W = 520, H = 150, x0 = 30, x1 = W - 10, top = 10, bottom = H - 20;
    const s = svg('svg', { id: 'ratification-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Ratifications over time', 'data-count': dates.length });
    if (!dates.length) return h('figure', { class: 'chart' }, s, h('figcaption', {}, 'No ratification yet.'));
    const y0 = year(dates[0]) - 1, y1 = Math.max(year(dates[dates.length - 1]) + 1, year(today));
    const frac = (d) => year(d) + ((parseInt(d.slice(5, 7) || '12', 10) - 1) / 12);
    const xs = (v) => x0 + ((v - y0) / (y1 - y0)) * (x1 - x0);
    const ys = (n) => bottom - (n / tl.states) * (bottom - top);
    let d = 'M' + x0 + ' ' + ys(0);
    pts.forEach((p) => { d += ' H' + xs(frac(p.date)) + ' V' + ys(p.count); });
    d += ' H' + x1;
    s.append(svg('path', { d, class: 'step' }));
    pts.forEach((p) => {
      const c = svg('circle', { cx: xs(frac(p.date)), cy: ys(p.count), r: 3, class: 'dot', 'data-date': p.date, 'data-count': p.count, 'data-state': p.state.code });
      const t = svg('title', {}); t.textContent = p.date + ': ' + p.count + ' (' + p.state.code + ')'; c.append(t); s.append(c);
    });
    for (let y = y0; y <= y1; y += 2) { const tx = svg('text', { x: xs(y) - 14, y: H - 4, class: 'axis' }); tx.textContent = y; s.append(tx); }
    const undated = tl.undated;
    return h('figure', { class: 'chart' }, s, h('figcaption', {}, 'Consents to be bound by date of deposit (or of the act, where no deposit date is known), of ' + tl.states + ' states.',
      undated ? [' ', h('span', { class: 'unknown-note', id: 'ratification-undated', 'data-count': undated }, undated + ' consent' + (undated > 1 ? 's' : '') + ' without a date held ' + (undated > 1 ? 'are' : 'is') + ' not drawn.')] : null));
  }

  // --- the two texts of a link ---------------------------------------------
  //
  // Wherever a link between a law and an obligation is listed (the
  // obligation page here, the dashboard's drill-down through hooks.linkTexts)
  // it is shown with both its texts: the obligation's own (its provision's
  // words, or a summary said to be one, and the duty in pactwatch's words)
  // and each statute provision the link rests on, in the version in force on
  // the page's day as the server picks it: the official text first, then
  // the translations held beside it, each with its language, edition, the
  // act that made it, its dates and sources. Verbatim words are quotations;
  // a summary is marked as one. Articles the link cites whose provisions are
  // not held are listed with the server's reason.

  // QUOTED_PROVISION is what a page asks of Implementation.provisions(asOf:).
  const VERSION_FIELDS = 'text textKind madeBy from until language edition terms locator sources { citation url locator }';
  const QUOTED_PROVISION = `provision { id label law { id } } asOf version { ${VERSION_FIELDS} } parallel { ${VERSION_FIELDS} } note`;

  const EDITION = { OFFICIAL: 'official text', UNOFFICIAL_TRANSLATION: 'unofficial translation' };
  let languageNames = null;
  try { languageNames = new Intl.DisplayNames(['en'], { type: 'language' }); } catch (e) { languageNames = null; }
  // languageName is "Indonesian (id)" for a BCP 47 tag.
  function languageName(tag) {
    let name = '';
    try { name = languageNames ? languageNames.of(tag) : ''; } catch (e) { name = ''; }
    return name && name !== tag ? name + ' (' + tag + ')' : tag;
  }

  function sourceLine(sources, label) {
    if (!sources || !sources.length) return null;
    return h('p', { class: 'src' }, (label || 'Sources') + ': ', sources.map((src, i) => [i ? '; ' : '',
      src.url ? h('a', { href: src.url, rel: 'noreferrer' }, src.citation || src.url) : src.citation, src.locator ? ' (' + src.locator + ')' : '']));
  }

  // quoted draws a text as what it is: the words themselves as a quotation
  // (in their language, when known), a summary as a summary.
  function quoted(text, textKind, lang) {
    if (textKind === 'VERBATIM') return h('blockquote', { class: 'verbatim', 'data-text-kind': 'VERBATIM', lang: lang || null }, text);
    return h('p', { class: 'summary', 'data-text-kind': textKind || 'SUMMARY' }, h('span', { class: 'text-kind' }, 'Summary, not the words: '), text);
  }

  // versionWords says which text a version is: "Indonesian (id), official
  // text, as enacted, in force from 2007-04-19".
  function versionWords(v) {
    return [languageName(v.language), EDITION[v.edition] || v.edition, v.madeBy,
      'in force from ' + dateOf(v.from) + (v.until ? ' until ' + v.until : '')].filter(Boolean).join(', ');
  }

  function versionBlock(v, role) {
    return h('div', { class: 'statute-version ' + role, 'data-role': role, 'data-language': v.language, 'data-edition': v.edition,
      'data-text-kind': v.textKind, 'data-made-by': v.madeBy, 'data-from': dateOf(v.from), 'data-until': v.until || null },
    h('p', { class: 'version-meta' }, (role === 'parallel' ? 'Beside it, ' : '') + versionWords(v) + (v.locator ? '; at ' + v.locator : '') + ':'),
    quoted(v.text, v.textKind, v.language),
    v.terms ? h('p', { class: 'src terms' }, 'Terms of the copy: ' + v.terms) : null,
    sourceLine(v.sources));
  }

  // quotedProvision is one statute provision a link rests on, as of a day.
  function quotedProvision(q) {
    const p = q.provision;
    return h('section', { class: 'statute-provision', 'data-provision': p.id, 'data-as-of': q.asOf, 'data-held': q.version ? 'true' : 'false' },
      h('h5', {}, p.label, ' ', h('code', { class: 'src' }, p.id)),
      q.version ? versionBlock(q.version, 'quoted')
        : h('p', { class: 'unknown-note no-version' }, (q.note || 'no version held for that day').replace(/^./, (c) => c.toUpperCase()) + ' (' + q.asOf + '): nothing is quoted.'),
      q.parallel.map((v) => versionBlock(v, 'parallel')),
      q.version && q.note ? h('p', { class: 'meta' }, q.note) : null);
  }

  // obligationSide is the obligation's own text: its provision's words, or
  // a summary of them, and the duty in pactwatch's summary.
  function obligationSide(o) {
    const name = (o.instrument.shortTitle || o.instrument.id) + ' ' + o.provision.label;
    return h('div', { class: 'link-side obligation-side', 'data-text-kind': o.provision.textKind },
      h('h5', {}, 'The obligation: ' + name),
      h('p', { class: 'version-meta' }, o.provision.textKind === 'VERBATIM' ? 'The provision\'s words:' : 'The provision, as a summary (its words are not held):'),
      quoted(o.provision.text, o.provision.textKind),
      h('p', { class: 'summary obligation-summary' }, h('span', { class: 'text-kind' }, 'The duty, in pactwatch\'s summary: '), o.summary));
  }

  // linkTexts draws a link's two texts side by side: the obligation's (o:
  // summary, instrument, provision { label text textKind }) and the statute
  // provisions of impl (provisions, unresolvedArticles, law { number title })
  // as quoted on the day asked.
  function linkTexts(impl, o) {
    const qs = impl.provisions || [];
    const day = qs.length ? qs[0].asOf : '';
    const unresolved = impl.unresolvedArticles || [];
    const law = impl.law && (impl.law.number || impl.law.title) ? (impl.law.number || impl.law.title) : 'the law';
    return h('div', { class: 'link-texts', 'data-implementation': impl.id },
      obligationSide(o),
      h('div', { class: 'link-side law-side', 'data-quoted': qs.length },
        h('h5', {}, 'The law: ' + law + (day ? ', as in force on ' + day : '')),
        qs.length ? qs.map(quotedProvision) : h('p', { class: 'unknown-note' }, 'No text of the provisions this link rests on is held.'),
        unresolved.length ? h('div', { class: 'unresolved' }, h('p', { class: 'version-meta' }, 'Cited but not quoted:'),
          h('ul', {}, unresolved.map((u) => h('li', { 'data-article': u.article }, (u.article ? u.article + ': ' : '') + u.reason)))) : null));
  }

  // The dashboard's drill-down draws links and reviews with these words too.
  if (window.pactwatch && window.pactwatch.hooks) Object.assign(window.pactwatch.hooks, { linkTexts, reviewWhen });

  // --- correspondences ----------------------------------------------------
  //
  // A correspondence says that a provision of another instrument does the
  // same thing (ACTIP's article and the UN Protocol's it was drafted on). It
  // is context for reading and nothing more: no answer rests on it, and a law
  // linked to one provision is never counted for the other.

  const CORRESPONDENCE_FIELDS = 'basis similarity note sources { citation url locator }';
  const OTHER_PROVISION = 'id label text textKind instrument { id shortTitle title } sources { citation url locator }';

  // correspondenceBasis labels what a correspondence rests on.
  function correspondenceBasis(c) {
    if (c.basis === 'TEXT_COMPARISON') return 'texts compared, similarity ' + (c.similarity == null ? 'not given' : c.similarity.toFixed(2));
    return 'a source says so';
  }

  // correspondences lists the provision's correspondences both ways: those
  // it states (correspondsTo) and those stated of it (correspondedBy, whose
  // basis is read from the other side).
  function correspondences(p) {
    const rows = (p.correspondsTo || []).map((c) => ({ other: c.provision, c }));
    for (const other of p.correspondedBy || []) {
      const c = (other.correspondsTo || []).find((x) => x.provision.id === p.id);
      if (c) rows.push({ other, c });
    }
    const box = h('div', { id: 'correspondences', 'data-count': rows.length });
    if (!rows.length) {
      box.append(h('p', { class: 'meta' }, 'No provision of another instrument is recorded as corresponding to ' + p.label + '.'));
      return box;
    }
    box.append(h('p', { class: 'meta correspondence-caveat' }, 'Context for reading only: these provisions of other instruments do the same thing in their own words. ',
      'No answer on this page rests on them, and a law linked to one of them is not counted for this one.'));
    const ul = h('ul', { class: 'correspondences' });
    for (const { other, c } of rows) {
      ul.append(h('li', { class: 'correspondence', 'data-provision': other.id, 'data-basis': c.basis, 'data-similarity': c.similarity == null ? null : c.similarity },
        h('p', {}, link(pageURL({ page: 'instrument', id: other.instrument.id }, other.id), (other.instrument.shortTitle || other.instrument.id) + ' ' + other.label), ' ',
          h('span', { class: 'badge basis basis-' + c.basis }, correspondenceBasis(c))),
        quoted(other.text, other.textKind),
        c.note ? h('p', { class: 'meta' }, c.note) : null,
        sourceLine(c.sources, c.basis === 'TEXT_COMPARISON' ? 'Copies compared' : 'Sources that say so'),
        sourceLine(other.sources, 'Sources of ' + other.label)));
    }
    box.append(ul);
    return box;
  }

  // --- obligation page ----------------------------------------------------

  async function obligationPage(q) {
    const id = q.get('id') || '';
    const asOf = q.get('asOf') || '';
    const knownAt = currentKnownAt() || null;
    frame('Obligation: ' + id);
    let data;
    try {
      data = await gql(`query($id: ID!) { node(id: $id) { ... on Obligation { id modality modalityLabel themes summary
  provision { id label heading text textKind sources { citation url locator }
    correspondsTo { provision { ${OTHER_PROVISION} } ${CORRESPONDENCE_FIELDS} }
    correspondedBy { ${OTHER_PROVISION} correspondsTo { provision { id } ${CORRESPONDENCE_FIELDS} } } }
  instrument { id shortTitle title } } } states { code name } }`, { id });
    } catch (err) { failed(err); return; }
    const o = data.node;
    if (!o || !o.provision) { failed(new Error('no obligation ' + id)); return; }
    const title = (o.instrument.shortTitle || o.instrument.title) + ' ' + o.provision.label + ': ' + o.modalityLabel;
    document.getElementById('desk-title').textContent = title;
    section.append(h('p', { class: 'summary obligation-summary' }, h('span', { class: 'text-kind' }, 'The duty, in pactwatch\'s summary: '), o.summary),
      h('p', { class: 'version-meta', id: 'obligation-text' }, link(pageURL({ page: 'instrument', id: o.instrument.id }, o.provision.id), o.provision.label),
        o.provision.textKind === 'VERBATIM' ? ', in its own words:' : ', as a summary (its words are not held):'),
      quoted(o.provision.text, o.provision.textKind),
      sourceLine(o.provision.sources),
      h('p', {}, 'Themes: ' + o.themes.join(', ')));
    section.append(h('h3', {}, 'Corresponding provisions of other instruments'), correspondences(o.provision));
    const links = `implementations { id extent articles note law { id title number } sources { citation url locator }
      provisions(asOf: $asOf) { ${QUOTED_PROVISION} } unresolvedArticles { article reason } }`;
    const aliases = data.states.map((s) => `${s.code}: status(state: "${s.code}", asOf: $asOf, knownAt: $knownAt) { bound committed legal practice boundSince boundNoLaterThan review { id date read } reasons ${links} }`).join(' ');
    let st;
    try { st = (await gql(`query($id: ID!, $asOf: Date, $knownAt: Time) { node(id: $id) { ... on Obligation { ${aliases} } } }`, { id, asOf: asOf || null, knownAt })).node; } catch (err) { failed(err); return; }
    section.append(knownNote(knownAt, 'Its text and summary, its correspondences and the statute texts quoted'));
    section.append(h('h3', {}, 'Every state ' + whenWords(asOf, knownAt)));
    const t = h('table', { class: 'data', id: 'obligation-status' },
      h('tr', {}, ['State', 'Bound', 'Since', 'In law', 'In practice', 'Why'].map((c) => h('th', {}, c))));
    for (const s of data.states) {
      const r = st[s.code];
      const bound = r.bound === true ? h('td', { class: 'st-in-force' }, 'bound') : r.committed ? h('td', {}, 'committed')
        : r.bound === false ? h('td', {}, 'not bound') : h('td', { class: 'st-unknown' }, 'not known');
      t.append(h('tr', { 'data-state': s.code, 'data-bound': r.bound === null ? 'unknown' : r.bound, 'data-legal': r.legal, 'data-practice': r.practice },
        h('td', {}, link(pageURL({ page: 'state', code: s.code }), s.name)),
        bound, h('td', {}, dateOf(r.boundSince) || (r.boundNoLaterThan ? h('span', { class: 'unknown-note' }, 'by ' + r.boundNoLaterThan) : '')),
        legalCell(r, (rv) => pageURL({ page: 'state', code: s.code }, rv.id)), practiceCell(r),
        h('td', {}, h('details', {}, h('summary', {}, r.reasons.length + ' reasons'), h('ul', {}, r.reasons.map((x) => h('li', {}, x)))))));
    }
    section.append(t);
    section.append(h('h3', {}, 'Laws linked to it, with both texts, ' + whenWords(asOf, knownAt)), linkList(data.states, st, o));
    await citeThis(title, asOf, { page: 'obligation', id });
    drawn('obligation', o.id, asOf);
  }

  const EXTENT = { FULL: 'implements it fully', PARTIAL: 'implements it in part' };

  // linkList is every state's links to the obligation, each with its two
  // texts: what the obligation says beside what the law says on the day.
  function linkList(states, status, o) {
    const box = h('div', { id: 'link-texts' });
    let n = 0;
    for (const s of states) {
      for (const impl of (status[s.code] && status[s.code].implementations) || []) {
        n++;
        box.append(h('article', { class: 'link', id: impl.id, 'data-state': s.code, 'data-law': impl.law.id, 'data-extent': impl.extent },
          h('h4', {}, link(pageURL({ page: 'state', code: s.code }, impl.law.id), s.name + ': ' + (impl.law.number ? impl.law.number + ', ' : '') + impl.law.title), ' ',
            h('span', { class: 'badge st-' + (impl.extent === 'FULL' ? 'IMPLEMENTED' : 'PARTIAL') }, 'in the curators\' reading, ' + (EXTENT[impl.extent] || impl.extent))),
          impl.articles.length ? h('p', { class: 'meta' }, 'Cites: ' + impl.articles.join(', ')) : null,
          impl.note ? h('p', { class: 'meta link-note' }, impl.note) : null,
          linkTexts(impl, o),
          sourceLine(impl.sources, 'Sources of the link')));
      }
    }
    box.dataset.count = n;
    if (!n) box.append(h('p', { class: 'unknown-note' }, 'No law of any state is linked to this obligation.'));
    return box;
  }

  // --- export buttons on the dashboard's panels ----------------------------
  //
  // The matrix, heatmap and compare panels get links to the server's exports
  // (/export/NAME.csv|xlsx), which carry every row's citations and source
  // URLs and a Sources sheet; the panel's own "Export CSV" stays the table as
  // drawn. Each link follows the view in the address (as-of, known-at,
  // basis, instrument) and is refreshed whenever the dashboard draws.

  const EXPORTS = [
    { panel: 'panel-matrix', name: 'matrix', params: () => ({}) },
    { panel: 'panel-heatmap', name: 'heatmap', params: (q) => ({ instrument: q.get('instrument') || selected('heatmap-instrument') }) },
    { panel: 'panel-compare', name: 'compare', params: (q) => ({ instrument: q.get('compare') || selected('compare-instrument'), basis: q.get('basis') || '' }) },
  ];

  function selected(id) {
    const el = document.getElementById(id);
    return el && el.value ? el.value : '';
  }

  // exportURL is the address of an export for the view: its as-of date
  // (the page's, else the dashboard's) and known-at moment, and params.
  function exportURL(name, format, params, asOfDay) {
    const q = new URLSearchParams();
    const asOf = asOfDay !== undefined ? asOfDay : currentAsOf();
    if (asOf) q.set('asOf', asOf);
    if (currentKnownAt()) q.set('knownAt', currentKnownAt());
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    const qs = q.toString();
    return '/export/' + name + '.' + format + (qs ? '?' + qs : '');
  }

  function refreshExports() {
    const q = new URLSearchParams(location.search);
    for (const e of EXPORTS) {
      for (const a of document.querySelectorAll('#' + e.panel + ' a.export-link')) {
        a.href = exportURL(e.name, a.dataset.format, e.params(q));
      }
    }
  }

  function exportButtons() {
    for (const e of EXPORTS) {
      const tools = document.querySelector('#' + e.panel + ' .panel-tools');
      if (!tools || tools.querySelector('.export-links')) continue;
      const group = h('span', { class: 'export-links', role: 'group', 'aria-label': 'Download with citations' },
        ['csv', 'xlsx'].map((f) => h('a', { class: 'button export-link', 'data-export': e.name, 'data-format': f,
          href: exportURL(e.name, f, {}), title: 'Every row with its citations and source URLs, and the sources' + (f === 'xlsx' ? ' on a second sheet' : ''),
          onclick: refreshExports, onfocus: refreshExports, onmouseenter: refreshExports }, f.toUpperCase() + ' with citations')));
      tools.append(group);
    }
    refreshExports();
    new MutationObserver(refreshExports).observe(document.body, { attributes: true, attributeFilter: ['data-drawn'] });
  }

  // --- routing ------------------------------------------------------------

  const pages = { search: searchPage, state: statePage, instrument: instrumentPage, obligation: obligationPage };

  // route draws the page the address names. Pages are drawn one at a time:
  // a route asked while one draws (a link followed, the known-at control
  // moved) draws the address as it is once that one is done.
  let routing = false, again = false;
  async function route() {
    if (routing) { again = true; return; }
    routing = true;
    try {
      do { again = false; await draw(); } while (again);
    } finally { routing = false; }
  }

  async function draw() {
    const q = new URLSearchParams(location.search);
    const page = pages[q.get('page')];
    if (!page) { leave(); return; }
    delete document.body.dataset.page;
    await page(q).catch((err) => { if (section) failed(err); });
  }

  function start() {
    searchBox();
    exportButtons();
    if (window.pactwatch && window.pactwatch.hooks) window.pactwatch.hooks.page = route;
    window.addEventListener('popstate', route);
    route();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
