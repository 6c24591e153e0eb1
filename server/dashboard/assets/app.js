// pactwatch dashboard: a client of the public GraphQL API (POST /graphql) only.
// Plain JavaScript, no framework, no build step. Each panel keeps the query it
// sent, so "Show query" reveals exactly what a user could run themselves.
'use strict';

(function () {
  // ---------- small helpers ----------

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // h builds an element: h('td', {class: 'x', dataset: {state: 'SGP'}}, child, 'text').
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // fill replaces an element's children, flattening nested lists and dropping empty ones.
  function fill(e, ...kids) {
    e.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false));
  }

  // todayISO is the API's day (Query.today, the day a null asOf stands
  // for), read with the catalogue: never the browser's clock or zone.
  const todayISO = () => catalogue.today;

  // isDay accepts a real calendar day only: "2017-02-30" is refused, not rolled over.
  function isDay(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const t = Date.parse(s + 'T00:00:00Z');
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }
  const humanEnum = (s) => (s || '').toLowerCase().replace(/_/g, ' ');

  // ---------- GraphQL ----------

  class GraphQLError extends Error {}

  async function gql(query, variables) {
    let res;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new GraphQLError('the server cannot be reached: ' + err.message);
    }
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON */ }
    if (!body) throw new GraphQLError(`the server answered ${res.status} ${res.statusText}`);
    if (body.errors && body.errors.length) {
      const msg = body.errors.map((e) => e.message).join('; ');
      if (!body.data) throw new GraphQLError(msg);
      notice = 'Some data could not be loaded: ' + msg;
      setStatus(notice, true);
    }
    return body.data;
  }

  function showQuery(panel, query, variables) {
    const pre = $('details.query pre', panel);
    if (!pre) return;
    pre.textContent = query.trim() + '\n\n# variables\n' + JSON.stringify(variables, null, 2);
  }

  const statusEl = () => $('#status');
  function setStatus(msg, isError) {
    const s = statusEl();
    s.textContent = msg || '';
    s.classList.toggle('error', !!isError);
  }

  // ---------- view state, kept in the URL ----------

  const VIEWS = ['matrix', 'heatmap', 'compare'];
  const BASES = ['LAW', 'PRACTICE', 'EITHER'];
  // knownAt is the moment the graph is read as it was (RFC 3339, '' for now);
  // drill is the open drill-down: STATE:OBLIGATION_ID or STATE:INSTRUMENT_ID.
  const view = { asOf: '', basis: 'LAW', view: 'matrix', instrument: '', compare: '', knownAt: '', drill: '' };
  let notice = ''; // a problem with the address, shown once the view is drawn

  function readURL() {
    const q = new URLSearchParams(location.search || location.hash.replace(/^#/, ''));
    const asOf = q.get('asOf') || '';
    view.asOf = isDay(asOf) ? asOf : '';
    view.basis = BASES.includes(q.get('basis')) ? q.get('basis') : 'LAW';
    view.view = VIEWS.includes(q.get('view')) ? q.get('view') : 'matrix';
    view.instrument = q.get('instrument') || '';
    // The compare view honours instrument= as the heatmap and the exports
    // do; compare= (its own choice) wins when both are given.
    view.compare = q.get('compare') || (view.view === 'compare' ? view.instrument : '') || '';
    const known = q.get('knownAt') || '';
    view.knownAt = isMoment(known) ? known : '';
    view.drill = q.get('drill') || '';
    if (known && !view.knownAt) notice = `Ignored the moment "${known}" in the address: want a time with its zone (2026-11-27T10:00:00Z). Showing what the graph knows now.`;
    if (asOf && !view.asOf) notice = `Ignored the date "${asOf}" in the address: want a real day as YYYY-MM-DD. Showing today.`;
  }

  function writeURL() {
    if (new URLSearchParams(location.search).has('page')) { writePageURL(); return; }
    const q = new URLSearchParams();
    if (view.asOf) q.set('asOf', view.asOf);
    q.set('basis', view.basis);
    q.set('view', view.view);
    if (view.instrument) q.set('instrument', view.instrument);
    if (view.compare) q.set('compare', view.compare);
    if (view.knownAt) q.set('knownAt', view.knownAt);
    if (view.drill) q.set('drill', view.drill);
    history.replaceState(null, '', '?' + q.toString());
  }

  // writePageURL keeps the address of a desk.js page (page=...), which owns
  // its other parameters, in step with the as-of and known-at controls, and
  // has the page drawn again (hooks.page) when either changed.
  function writePageURL() {
    const q = new URLSearchParams(location.search);
    const before = q.toString();
    if (view.knownAt) q.set('knownAt', view.knownAt); else q.delete('knownAt');
    const inURL = q.get('asOf') || '';
    if (asOf() !== (isDay(inURL) ? inURL : todayISO())) {
      if (view.asOf) q.set('asOf', view.asOf); else q.delete('asOf');
    }
    if (q.toString() === before) return;
    history.replaceState(null, '', '?' + q.toString() + location.hash);
    if (hooks.page) hooks.page();
  }

  const asOf = () => view.asOf || todayISO();
  const knownAt = () => view.knownAt || null;

  // isMoment accepts a time to the minute, second or finer with its zone,
  // as knownAt takes it.
  function isMoment(s) {
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
  }
  // momentWords is a knownAt moment for ledes and titles, in UTC to the
  // second; knownWords the view's.
  const momentWords = (k) => new Date(k).toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  const knownWords = () => (view.knownAt ? momentWords(view.knownAt) : '');
  // asOfWords starts a lede: "As of DAY", and ", as the graph knew it on MOMENT".
  const asOfWords = (day) => h('span', { class: 'asof-words' }, 'As of ', h('strong', {}, day),
    view.knownAt ? [', as the graph knew it on ', h('strong', { class: 'known-at-words' }, knownWords())] : null);

  // ---------- the catalogue: states and instruments, loaded once ----------

  const CATALOGUE = `query Catalogue {
  today
  states { code name }
  instruments { id shortTitle title kind binding adopted coverage { complete caveat } }
}`;
  let catalogue = { today: '', states: [], instruments: [] };

  async function loadCatalogue() {
    const data = await gql(CATALOGUE, {});
    catalogue = {
      today: data.today,
      states: (data.states || []).slice().sort((a, b) => a.name.localeCompare(b.name)),
      instruments: data.instruments || [],
    };
    const year = Number(catalogue.today.slice(0, 4));
    $('#year').max = String(year);
    $('#asof').max = `${year + 1}-12-31`;
    syncControls();
    fillInstrumentSelect($('#heatmap-instrument'), [
      ['', 'All binding instruments'], ['*', 'All instruments'],
    ]);
    fillInstrumentSelect($('#compare-instrument'), [['', 'All instruments']]);
    $('#heatmap-instrument').value = view.instrument;
    if ($('#heatmap-instrument').value !== view.instrument) view.instrument = '';
    $('#compare-instrument').value = view.compare;
    if ($('#compare-instrument').value !== view.compare) view.compare = '';
  }

  function fillInstrumentSelect(sel, first) {
    sel.replaceChildren(...first.map(([v, t]) => h('option', { value: v }, t)));
    for (const i of catalogue.instruments) {
      sel.append(h('option', { value: i.id }, `${i.shortTitle || i.id} (${(i.adopted || '').slice(0, 4)})${i.binding ? '' : ' · non-binding'}`));
    }
  }

  const instrumentById = (id) => catalogue.instruments.find((i) => i.id === id);
  const stateName = (code) => (catalogue.states.find((s) => s.code === code) || {}).name || code;

  // ---------- ratification matrix ----------

  const MATRIX_STATUS = {
    'in-force': { sym: '✓', text: 'In force' },
    ratified: { sym: '◐', text: 'Ratified' },
    signed: { sym: '○', text: 'Signed only' },
    'ratified-undated': { sym: '◌', text: 'Ratified, date not held' },
    'force-unknown': { sym: '◌', text: 'Ratified; in force not known' },
    'signed-unknown': { sym: '?', text: 'Signed; consent not recorded' },
    unknown: { sym: '?', text: 'Not known' },
    none: { sym: '✗', text: 'Not a party (sourced)' },
    withdrawn: { sym: '✗', text: 'Withdrawn' },
    'not-adopted': { sym: '—', text: 'Not yet adopted' },
  };

  let matrix = null; // {asOf, instruments, rows: {instrumentID: {stateCode: row}}}

  const aliasOf = (id) => 'i_' + id.replace(/[^A-Za-z0-9]/g, '_');

  // Each instrument's table and the tally of its cells (t_ALIAS), and the
  // tally of every binding instrument's (tally): the page counts nothing.
  function matrixQuery(instruments) {
    const ka = view.knownAt ? ', knownAt: $knownAt' : '';
    const fields = instruments.map((i) => `  ${aliasOf(i.id)}: ratificationTable(instrument: ${JSON.stringify(i.id)}, asOf: $asOf${ka}) {
    state { code }
    dates { kind date } standing status cell
    action { id kind }
  }
  f_${aliasOf(i.id)}: instrument(id: ${JSON.stringify(i.id)}) { force(asOf: $asOf) { status adopted since noLaterThan } }
  t_${aliasOf(i.id)}: ratificationTally(instrument: ${JSON.stringify(i.id)}, asOf: $asOf${ka}) { inForce ratified notKnown }`).join('\n');
    return `query RatificationMatrix($asOf: Date${view.knownAt ? ', $knownAt: Time' : ''}) {\n${fields || '  states { code }'}
  tally: ratificationTally(asOf: $asOf${ka}) { inForce ratified notKnown }\n}`;
  }

  // matrixCellStatus draws the row's cell as the API reads it
  // (RatificationRow.cell: IN_FORCE is drawn as "in-force"); a row the
  // answer lacks is not known.
  const matrixCellStatus = (row) => (row && row.cell ? row.cell.toLowerCase().replace(/_/g, '-') : 'unknown');

  // shownDates names the dates the API shows for the row
  // (RatificationRow.dates: those that had come by the day, and the bounds).
  const ROW_DATE = {
    SIGNED: 'Signed', RATIFIED: 'Ratified', DEPOSITED: 'Deposited', IN_FORCE: 'In force', WITHDRAWN: 'Withdrawn',
    DEPOSITED_BEFORE: 'Deposited before', IN_FORCE_NO_LATER_THAN: 'In force no later than',
  };
  const shownDates = (row) => (row ? row.dates.map((d) => [ROW_DATE[d.kind], d.date]) : []);

  async function drawMatrix() {
    const panel = $('#panel-matrix');
    const day = asOf();
    const instruments = catalogue.instruments.filter((i) => i.binding);
    const query = matrixQuery(instruments);
    const variables = view.knownAt ? { asOf: day, knownAt: view.knownAt } : { asOf: day };
    showQuery(panel, query, variables);
    const data = await gql(query, variables);
    if (day !== asOf() || variables.knownAt !== (view.knownAt || undefined)) return; // a newer date was chosen meanwhile
    const rows = {};
    for (const i of instruments) {
      rows[i.id] = {};
      for (const r of data[aliasOf(i.id)] || []) rows[i.id][r.state.code] = r;
    }
    const tallies = Object.fromEntries(instruments.map((i) => [i.id, data['t_' + aliasOf(i.id)]]));
    const force = Object.fromEntries(instruments.map((i) => [i.id, (data['f_' + aliasOf(i.id)] || {}).force]));
    matrix = { asOf: day, instruments, rows, tallies, force, tally: data.tally };
    renderMatrix();
  }

  // forceWords words the API's Instrument.force for a matrix header.
  function forceWords(f) {
    if (!f) return 'in force: not known';
    switch (f.status) {
      case 'NOT_ADOPTED': return `adopted ${f.adopted}`;
      case 'IN_FORCE': return f.since ? `in force since ${f.since}` : `in force no later than ${f.noLaterThan}`;
      case 'NOT_YET_IN_FORCE': return 'not yet in force';
      default: return 'in force: not known';
    }
  }

  function renderMatrix() {
    const { asOf: day, instruments, rows, tallies, force, tally } = matrix;
    const table = $('#matrix');
    const head = h('tr', {}, h('th', { scope: 'col' }, 'State'),
      instruments.map((i) => h('th', { scope: 'col', dataset: { instrument: i.id, force: force[i.id] ? force[i.id].status : '' }, title: i.title },
        h('span', { class: 'inst' }, i.shortTitle || i.id),
        h('span', { class: 'inst-sub' }, forceWords(force[i.id])))));
    const body = catalogue.states.map((s) => h('tr', { dataset: { state: s.code } },
      h('th', { scope: 'row' }, s.name, h('span', { class: 'sub' }, s.code)),
      instruments.map((inst) => {
        const row = rows[inst.id][s.code];
        const st = matrixCellStatus(row);
        const dates = shownDates(row);
        const label = `${s.name}, ${inst.shortTitle || inst.id}: ${MATRIX_STATUS[st].text}` +
          dates.map(([n, d]) => `; ${n.toLowerCase()} ${d}`).join('');
        return h('td', { class: 'st-' + st, dataset: { state: s.code, instrument: inst.id, status: st } },
          h('button', { type: 'button', 'aria-label': label, onclick: () => openRatification(s.code, inst.id) },
            h('span', { class: 'cell-status' }, h('span', { class: 'sym', 'aria-hidden': 'true' }, MATRIX_STATUS[st].sym), MATRIX_STATUS[st].text),
            dates.length ? h('dl', { class: 'dates' }, dates.map(([n, d]) => h('div', {}, h('dt', {}, n), h('dd', {}, d)))) : null));
      })));
    const foot = h('tr', {}, h('th', { scope: 'row' }, 'Parties'),
      instruments.map((i) => { const c = tallies[i.id]; return h('td', { dataset: { instrument: i.id, inForce: c.inForce, ratified: c.ratified, notKnown: c.notKnown } }, `${c.inForce} bound · ${c.ratified} ratified · ${c.notKnown} not known`); }));
    table.replaceChildren(h('caption', { class: 'visually-hidden' }, `Ratification of binding instruments as of ${day}`),
      h('thead', {}, head), h('tbody', {}, body), h('tfoot', {}, foot));
    const lede = $('#matrix-lede');
    Object.assign(lede.dataset, { inForce: tally.inForce, notKnown: tally.notKnown });
    lede.replaceChildren(
      asOfWords(day), `: ${tally.inForce} state–instrument pairs in force; `,
      h('span', { class: 'unknown-note' }, `${tally.notKnown} whose standing the graph does not know`),
      ' (a consent without a held date, or no record either way: not a "no"). Open a cell for the action, its domestic act and its sources.');
  }



  // ---------- implementation heatmap ----------

  const LEGAL = {
    IMPLEMENTED: { sym: '✓', text: 'implemented in law' },
    PARTIAL: { sym: '◐', text: 'partly implemented in law' },
    NONE: { sym: '✗', text: 'reviewed: not implemented in law' },
    UNREVIEWED: { sym: '?', text: 'not reviewed (no law linked, no review)' },
    NOT_DOMESTIC: { sym: '↔', text: 'inter-state or procedural: judged by practice' },
    RESERVED: { sym: 'R', text: 'reserved' },
  };
  const PRACTICE = {
    EFFECTIVE: { sym: '✓', text: 'effective in practice' },
    MIXED: { sym: '◐', text: 'mixed practice' },
    GAP: { sym: '✗', text: 'practice gap' },
    NO_EVIDENCE: { sym: '?', text: 'no evidence on practice (not shown to be implemented)' },
  };
  const THEME_ORDER = ['CRIMINALISATION', 'PREVENTION', 'PROTECTION', 'PROSECUTION', 'LAW_ENFORCEMENT',
    'COOPERATION', 'MUTUAL_LEGAL_ASSISTANCE', 'EXTRADITION', 'CAPACITY_BUILDING', 'DATA_SHARING',
    'REPATRIATION', 'BORDER_CONTROL', 'ANTI_CORRUPTION', 'MONITORING'];

  const THEME_SHORT = {
    CRIMINALISATION: 'crim.', PREVENTION: 'prev.', PROTECTION: 'protect.', PROSECUTION: 'prosec.',
    LAW_ENFORCEMENT: 'law enf.', COOPERATION: 'coop.', MUTUAL_LEGAL_ASSISTANCE: 'MLA', EXTRADITION: 'extrad.',
    CAPACITY_BUILDING: 'capacity', DATA_SHARING: 'data', REPATRIATION: 'repat.', BORDER_CONTROL: 'borders',
    ANTI_CORRUPTION: 'corrupt.', MONITORING: 'monitor',
  };

  const THEME_ABBR = {
    CRIMINALISATION: 'CRIM', PREVENTION: 'PREV', PROTECTION: 'PROT', PROSECUTION: 'PROS', LAW_ENFORCEMENT: 'ENF',
    COOPERATION: 'COOP', MUTUAL_LEGAL_ASSISTANCE: 'MLA', EXTRADITION: 'EXTR', CAPACITY_BUILDING: 'CAP',
    DATA_SHARING: 'DATA', REPATRIATION: 'REP', BORDER_CONTROL: 'BORD', ANTI_CORRUPTION: 'CORR', MONITORING: 'MON',
  };

  // The page derives nothing: each record carries its outcome under every
  // basis as the engine decided it (outcome(basis:) and gap(basis:), asked
  // under the aliases below), and cellView only draws it. A gap (the API's
  // gap: PARTIAL or NOT_IMPLEMENTED) is outlined; UNREVIEWED is not known either way; NOT_COUNTED is a
  // modality the gap list leaves out (a recommendation, a permission).
  const OUTCOME_FIELDS = 'oLAW: outcome(basis: LAW) oPRACTICE: outcome(basis: PRACTICE) oEITHER: outcome(basis: EITHER) gLAW: gap(basis: LAW) gPRACTICE: gap(basis: PRACTICE) gEITHER: gap(basis: EITHER)';
  const outcomeOf = (rec, basis) => rec && rec['o' + basis];
  const OUTCOME_VIEW = {
    IMPLEMENTED: ['st-ok', '✓', 'implemented'], PARTIAL: ['st-part', '◐', 'partly implemented'],
    NOT_IMPLEMENTED: ['st-gap', '✗', 'not implemented (reviewed)'], UNREVIEWED: ['st-UNREVIEWED', '?', 'not known (not reviewed, or no evidence)'],
    RESERVED: ['st-RESERVED', 'R', 'reserved'], NOT_DOMESTIC: ['st-NOT_DOMESTIC', '↔', 'inter-state or procedural, judged by practice'],
    NOT_COUNTED: ['st-notcounted', '–', 'not counted as a gap (a recommendation or a permission)'],
  };

  // cellView says how one compliance record is drawn under the basis: its
  // class, symbol, words, and whether it is a gap, all from its outcome.
  function cellView(rec, basis) {
    if (rec && rec.bound === null) {
      return { cls: 'st-unknown', sym: '?', text: 'standing not known (see the drill-down)', gap: false, outcome: 'STANDING_UNKNOWN' };
    }
    if (!rec || (!rec.bound && !rec.committed)) {
      return { cls: 'st-unbound', sym: '·', text: 'not bound', gap: false, outcome: 'NOT_BOUND' };
    }
    const o = outcomeOf(rec, basis);
    const gap = rec['g' + basis];
    if (o === 'NOT_COUNTED' || o === 'RESERVED') {
      const [cls, sym, text] = OUTCOME_VIEW[o];
      return { cls, sym, text, gap, outcome: o };
    }
    const l = LEGAL[rec.legal] || { sym: '?', text: humanEnum(rec.legal) };
    const p = PRACTICE[rec.practice] || { sym: '?', text: humanEnum(rec.practice) };
    if (basis === 'LAW') return { cls: 'st-' + rec.legal, sym: l.sym, text: l.text, gap, outcome: o };
    if (basis === 'PRACTICE') return { cls: 'st-' + rec.practice, sym: p.sym, text: p.text, gap, outcome: o };
    const [cls] = OUTCOME_VIEW[o] || ['st-unknown'];
    return { cls, sym: l.sym + p.sym, text: `${l.text}; ${p.text}`, two: true, gap, outcome: o };
  }


  const OBLIGATION_FIELDS = 'id modality modalityLabel themes summary provision { label order }';

  // heatmapQuery asks for the columns (obligations) and, per state, the
  // records that fill the cells. For the binding instruments it asks for each
  // instrument's records under an alias, so no non-binding record is sent.
  // The totals (per state, and over all states) are the API's, under each
  // basis (compare and compareTotals, asked under the aliases cLAW, tLAW...):
  // the page counts nothing itself.
  function heatmapQuery(sel) {
    const REC = `{ obligation { id } bound committed nature legal practice ${OUTCOME_FIELDS} }`;
    const KA = ', knownAt: $knownAt';
    const totals = (inst) => ['LAW', 'PRACTICE', 'EITHER'].map((b) => `  c${b}: compare(asOf: $asOf, basis: ${b}, instrument: ${inst}${KA}) { state { code } bound gaps unreviewed }
  t${b}: compareTotals(asOf: $asOf, basis: ${b}, instrument: ${inst}${KA}) { statesBound bound reviewed gaps notImplemented unreviewed reserved notDomestic notCounted committed }`).join('\n');
    if (sel === '') {
      const binding = catalogue.instruments.filter((i) => i.binding);
      return `query Heatmap($asOf: Date, $knownAt: Time) {
  instruments(binding: true) { id shortTitle binding obligations { ${OBLIGATION_FIELDS} } }
  states {
    code name
${binding.map((i) => `    ${aliasOf(i.id)}: records(asOf: $asOf, instrument: ${JSON.stringify(i.id)}${KA}) ${REC}`).join('\n')}
  }
${totals('null')}
}`;
    }
    if (sel === '*') {
      return `query Heatmap($asOf: Date, $knownAt: Time) {
  instruments { id shortTitle binding obligations { ${OBLIGATION_FIELDS} } }
  states { code name records(asOf: $asOf${KA}) ${REC} }
${totals('null')}
}`;
    }
    return `query Heatmap($asOf: Date, $instrument: ID!, $knownAt: Time) {
  instrument(id: $instrument) { id shortTitle binding obligations { ${OBLIGATION_FIELDS} } }
  states { code name records(asOf: $asOf, instrument: $instrument${KA}) ${REC} }
${totals('$instrument')}
}`;
  }

  let heatmap = null;

  async function drawHeatmap() {
    const panel = $('#panel-heatmap');
    const day = asOf();
    const sel = view.instrument;
    const query = heatmapQuery(sel);
    const variables = sel === '' || sel === '*' ? { asOf: day, knownAt: knownAt() } : { asOf: day, instrument: sel, knownAt: knownAt() };
    showQuery(panel, query, variables);
    const data = await gql(query, variables);
    if (day !== asOf() || sel !== view.instrument || variables.knownAt !== knownAt()) return;
    const insts = data.instruments || (data.instrument ? [data.instrument] : []);
    const records = {};
    for (const s of data.states || []) {
      records[s.code] = {};
      const lists = Object.entries(s).filter(([k, v]) => (k === 'records' || k.startsWith('i_')) && Array.isArray(v));
      for (const [, list] of lists) for (const r of list) records[s.code][r.obligation.id] = r;
    }
    const totals = {};
    for (const b of ['LAW', 'PRACTICE', 'EITHER']) {
      totals[b] = { all: data['t' + b], byState: Object.fromEntries((data['c' + b] || []).map((r) => [r.state.code, r])) };
    }
    heatmap = { asOf: day, sel, insts, states: (data.states || []).slice().sort((a, b) => a.name.localeCompare(b.name)), records, totals };
    renderHeatmap();
  }

  function shortLabel(label) {
    return (label || '').replace(/^Article\s+/i, 'Art. ').replace(/^Paragraph\s+/i, '¶ ');
  }

  // oblLabel is the provision's short label, with the obligation's number
  // when the provision has more than one ("Art. 14(1) #2").
  function oblLabel(o) {
    const m = /\/obl_(\d+)$/.exec(o.id);
    const base = shortLabel(o.provision && o.provision.label) || o.id;
    return m && m[1] !== '1' ? `${base} #${m[1]}` : base;
  }

  function heatmapColumns(insts) {
    const cols = [];
    for (const inst of insts) {
      const obls = (inst.obligations || []).slice();
      const themeOf = (o) => (o.themes && o.themes[0]) || 'OTHER';
      const rank = (t) => { const k = THEME_ORDER.indexOf(t); return k < 0 ? 99 : k; };
      obls.sort((a, b) => rank(themeOf(a)) - rank(themeOf(b)) ||
        ((a.provision && a.provision.order) || 0) - ((b.provision && b.provision.order) || 0) || a.id.localeCompare(b.id));
      for (const o of obls) cols.push({ inst, theme: themeOf(o), o });
    }
    return cols;
  }

  function runs(cols, key) {
    const out = [];
    for (const c of cols) {
      const k = key(c);
      if (out.length && out[out.length - 1].key === k) out[out.length - 1].n++;
      else out.push({ key: k, n: 1, c });
    }
    return out;
  }

  function renderHeatmap() {
    const { asOf: day, sel, insts, states, records, totals } = heatmap;
    const basis = view.basis;
    const cols = heatmapColumns(insts);
    const table = $('#heatmap');
    if (!cols.length) {
      table.replaceChildren(h('caption', {}, 'No obligations recorded for this selection.'));
      $('#heatmap-lede').textContent = '';
      return;
    }
    const instRow = h('tr', {}, h('th', { rowspan: 3, scope: 'col' }, 'State'),
      h('th', { rowspan: 3, scope: 'col', title: 'bound obligations not implemented / bound obligations' }, 'Gaps'),
      runs(cols, (c) => c.inst.id).map((r) => h('th', { colspan: r.n, scope: 'colgroup', class: 'theme' },
        `${r.c.inst.shortTitle || r.c.inst.id}${r.c.inst.binding ? '' : ' (non-binding)'}`)));
    const themeRow = h('tr', {}, runs(cols, (c) => c.inst.id + '|' + c.theme).map((r) =>
      h('th', { colspan: r.n, scope: 'colgroup', class: 'theme', title: humanEnum(r.c.theme) },
        r.n >= 4 ? humanEnum(r.c.theme) : r.n >= 2 ? (THEME_SHORT[r.c.theme] || humanEnum(r.c.theme)) : (THEME_ABBR[r.c.theme] || r.c.theme.slice(0, 4)))));
    const oblRow = h('tr', {}, cols.map((c) => h('th', {
      scope: 'col', class: 'obl', dataset: { obligation: c.o.id },
      title: `${c.o.provision ? c.o.provision.label + ': ' : ''}${c.o.summary} (${c.o.modalityLabel})`,
    }, h('span', {}, oblLabel(c.o)))));

    const tot = totals[basis].all;
    const body = states.map((s) => {
      const row = totals[basis].byState[s.code] || { bound: 0, gaps: 0, unreviewed: 0 };
      const sb = row.bound; const sg = row.gaps; const su = row.unreviewed;
      const cells = cols.map((c) => {
        const rec = records[s.code] && records[s.code][c.o.id];
        const v = cellView(rec, basis);
        const what = rec && rec.bound ? 'bound' : rec && rec.committed ? 'committed (non-binding)' : '';
        const label = `${s.name}, ${c.o.provision ? c.o.provision.label : c.o.id}: ${what ? what + ', ' : ''}${v.text}`;
        return h('td', {
          class: v.cls + (v.gap ? ' gap-bound' : '') + (rec && !rec.bound && rec.committed ? ' committed' : ''),
          dataset: { state: s.code, obligation: c.o.id, bound: rec && rec.bound ? 'true' : 'false', outcome: v.outcome || '' },
        }, h('button', { type: 'button', title: label, 'aria-label': label, onclick: () => openCompliance(s.code, c.o.id) },
          h('span', { class: v.two ? 'sym2' : '', 'aria-hidden': 'true' }, v.sym)));
      });
      return h('tr', { dataset: { state: s.code } }, h('th', { scope: 'row' }, s.name),
        h('td', { class: 'tot' + (sg ? ' has-gap' : ''), dataset: { gaps: sg, unknown: su, boundCount: sb }, title: `${sg} of ${sb} bound obligations known not to be (fully) implemented; ${su} not known` },
          sb ? [`${sg}/${sb}`, su ? h('span', { class: 'unknown-note' }, ` · ${su} not known`) : ''] : '–'),
        cells);
    });
    table.replaceChildren(h('thead', {}, instRow, themeRow, oblRow), h('tbody', {}, body));

    const shortfall = basis === 'LAW' ? 'not, or only partly, implemented in law'
      : basis === 'PRACTICE' ? 'found short of effective in practice (gap or mixed)'
        : 'found short in law or in practice';
    const unknownWords = basis === 'PRACTICE' ? 'without evidence on practice' : 'not yet reviewed';
    const lede = $('#heatmap-lede');
    if (!tot.bound) {
      lede.replaceChildren(asOfWords(day), ': no state is bound by these obligations yet.');
    } else {
      lede.replaceChildren(asOfWords(day), `: ${tot.statesBound} states bound. `,
        h('span', { class: 'headline', dataset: { bound: tot.bound, known: tot.reviewed, gaps: tot.gaps, none: tot.notImplemented, unknown: tot.unreviewed } },
          `Of ${tot.bound} bound obligations, ${tot.reviewed} reviewed: `,
          h('span', { class: 'paradox' }, `${tot.gaps} ${shortfall}`), ` (${tot.notImplemented} not at all); `,
          h('span', { class: 'unknown-note' }, `${tot.unreviewed} ${unknownWords}`),
          tot.reserved ? `; ${tot.reserved} reserved` : '',
          tot.notDomestic ? `; ${tot.notDomestic} inter-state or procedural, judged by practice` : '',
          tot.notCounted ? `; ${tot.notCounted} recommendations or permissions, never counted as gaps` : '', '.'),
        ' Unknowns are not counted as gaps. Open a cell for the laws, evidence, reasons and sources.');
    }
    // The binding instruments' view draws no commitment (no non-binding column).
    if (tot.committed && sel !== '') {
      lede.append(` Paler cells without outline are ${tot.committed} commitments under non-binding instruments; they are not counted as bound.`);
    }
    renderHeatmapLegend(basis);
  }

  function renderHeatmapLegend(basis) {
    const chips = basis === 'PRACTICE'
      ? Object.entries(PRACTICE).map(([k, v]) => ['st-' + k, v.sym, v.text])
      : basis === 'LAW'
        ? Object.entries(LEGAL).map(([k, v]) => ['st-' + k, v.sym, v.text])
        : [['st-ok', '✓✓', 'in law and effective in practice'], ['st-part', '◐◐', 'partly, in law and practice'],
          ['st-gap', '✗', 'law or practice falls short (first symbol law, second practice)'], ['st-RESERVED', 'R', 'reserved']];
    if (basis === 'EITHER') chips.push(['st-UNREVIEWED', '?', 'not known on one side (not reviewed, or no evidence)']);
    chips.push(['st-notcounted', '–', 'not counted: a recommendation or a permission']);
    chips.push(['st-unknown', '?', 'standing not known']);
    chips.push(['st-unbound', '·', 'not bound']);
    $('#heatmap-legend').replaceChildren(...chips.map(([cls, sym, text]) =>
      h('span', { class: 'chip ' + cls }, h('b', {}, sym), text)),
    h('span', { class: 'chip gap-outline' }, 'red outline: bound but not implemented'));
  }

  // ---------- comparison ----------

  const COMPARE = `query Compare($asOf: Date, $basis: Basis, $instrument: ID, $knownAt: Time) {
  compare(asOf: $asOf, basis: $basis, instrument: $instrument, knownAt: $knownAt, orderBy: COVERAGE) {
    state { code name }
    bound implemented partial notImplemented unreviewed reserved notDomestic notCounted committed standingUnknown
    denominator reviewed rateLow rateHigh implementationRate coverage
  }
  compareTotals(asOf: $asOf, basis: $basis, instrument: $instrument, knownAt: $knownAt) {
    statesBound fullyReviewed { code name } noneReviewed { code } unreviewed denominator
  }
}`;
  let compare = null;
  let sortKey = 'coverage';
  let sortDir = -1;

  async function drawCompare() {
    const panel = $('#panel-compare');
    const day = asOf();
    const variables = { asOf: day, basis: view.basis, instrument: view.compare || null, knownAt: knownAt() };
    showQuery(panel, COMPARE, variables);
    const data = await gql(COMPARE, variables);
    // A newer date, basis or instrument was chosen meanwhile.
    if (day !== asOf() || variables.basis !== view.basis || variables.instrument !== (view.compare || null) || variables.knownAt !== knownAt()) return;
    // rank: the API's order (by coverage, then the range's low end).
    compare = { asOf: day, rows: (data.compare || []).map((r, rank) => ({ ...r, rank })), totals: data.compareTotals };
    renderCompare();
  }

  const pct = (f) => (100 * f).toFixed(0) + '%';
  // rangeWords draws the range the API gives ("29–71%"), or "–" when there
  // is nothing reviewed to rate.
  const rangeWords = (r) => (r.rateLow === null || r.reviewed === 0 ? '–'
    : r.rateLow === r.rateHigh ? pct(r.rateLow) : `${(100 * r.rateLow).toFixed(0)}–${pct(r.rateHigh)}`);

  const COMPARE_COLS = [
    ['name', 'State'], ['bound', 'Bound'], ['implemented', 'Implemented'], ['partial', 'Partial'],
    ['notImplemented', 'Not impl.'], ['unreviewed', 'Not reviewed'], ['coverage', 'Coverage'],
    ['rateLow', 'Implemented (range)'], ['standingUnknown', 'Standing not known'], ['committed', 'Committed'],
  ];

  // compareOrder: the API's order for coverage (reversed when ascending);
  // another column sorts by its value, ties in the API's order.
  function compareOrder(a, b) {
    if (sortKey === 'coverage') return (b.rank - a.rank) * sortDir;
    const val = (r, k) => (k === 'name' ? r.state.name : r[k]);
    const x = val(a, sortKey); const y = val(b, sortKey);
    const by = (typeof x === 'string' ? x.localeCompare(y) : (x || 0) - (y || 0)) * sortDir;
    return by || a.rank - b.rank;
  }

  function renderCompare() {
    const rows = compare.rows.slice().sort(compareOrder);
    const table = $('#compare');
    table.replaceChildren(
      h('thead', {}, h('tr', {}, COMPARE_COLS.map(([k, t]) => h('th', {
        scope: 'col', 'aria-sort': sortKey === k ? (sortDir > 0 ? 'ascending' : 'descending') : 'none', dataset: { key: k },
      }, h('button', { type: 'button', onclick: () => { sortDir = sortKey === k ? -sortDir : (k === 'name' ? 1 : -1); sortKey = k; renderCompare(); } }, t))))),
      h('tbody', {}, rows.map((r) => h('tr', { dataset: { state: r.state.code } },
        h('td', {}, r.state.name), h('td', { dataset: { key: 'bound' } }, r.bound),
        h('td', { dataset: { key: 'implemented' } }, r.implemented), h('td', { dataset: { key: 'partial' } }, r.partial),
        h('td', { dataset: { key: 'notImplemented' } }, r.notImplemented),
        h('td', { class: 'unknown-note', dataset: { key: 'unreviewed' } }, r.unreviewed),
        h('td', { dataset: { key: 'coverage' }, title: `${r.reviewed} of ${r.denominator} reviewed` },
          r.coverage === null ? '–' : `${pct(r.coverage)} (${r.reviewed}/${r.denominator})`),
        h('td', { class: 'range', dataset: { key: 'range' } }, rangeWords(r)),
        h('td', { class: 'unknown-note', dataset: { key: 'standingUnknown' } }, r.standingUnknown),
        h('td', { title: 'obligations of non-binding instruments the state is committed to' }, r.committed)))));
    $('#compare-chart').replaceChildren(compareChart(rows));
    // The lede quotes the API's totals (compareTotals), never sums of its own.
    const tot = compare.totals;
    const lede = $('#compare-lede');
    Object.assign(lede.dataset, { statesBound: tot.statesBound, unreviewed: tot.unreviewed, denominator: tot.denominator });
    if (!tot.statesBound) {
      lede.replaceChildren(asOfWords(compare.asOf), ': no state is bound yet, so there is nothing to compare.');
    } else {
      const full = tot.fullyReviewed; const none = tot.noneReviewed;
      lede.replaceChildren(asOfWords(compare.asOf), `: ${tot.statesBound} states bound (basis: ${humanEnum(view.basis === 'EITHER' ? 'law and practice' : view.basis)}). `,
        h('strong', {}, `${full.length} of them have every counted obligation reviewed`), full.length ? ` (${full.map((st) => st.name).join(', ')})` : '',
        none.length ? `; ${none.length} have none reviewed, and show no rate` : '', '. ',
        h('span', { class: 'unknown-note' }, `${tot.unreviewed} of ${tot.denominator} obligations in the ranges are not yet reviewed`),
        ': each state shows the range its rate lies in, and rates over different coverage are not averaged. Click a column to sort.');
    }
  }

  function compareChart(rows) {
    const NS = 'http://www.w3.org/2000/svg';
    const s = (tag, attrs, ...kids) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
      return e;
    };
    const W = 560; const labelW = 130; const rateW = 66; const barH = 18; const gap = 8;
    const max = Math.max(1, ...rows.map((r) => r.denominator));
    const H = rows.length * (barH + gap) + gap;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Implementation by state: implemented, partial, not implemented and not reviewed, with the range of the rate' });
    const scale = (W - labelW - rateW - 8) / max;
    const segs = [['implemented', 'var(--ok)'], ['partial', '#d08c1c'], ['notImplemented', 'var(--gap)'], ['unreviewed', 'var(--unk-bg)']];
    rows.forEach((r, k) => {
      const y = gap + k * (barH + gap);
      svg.append(s('text', { x: labelW - 6, y: y + barH - 5, 'text-anchor': 'end' }, r.state.name));
      let x = labelW;
      if (!r.denominator) {
        svg.append(s('rect', { x, y, width: W - labelW - rateW - 8, height: barH, fill: 'var(--off-bg)' }));
        svg.append(s('text', { x: x + 6, y: y + barH - 5, fill: 'var(--off)' }, r.bound ? 'nothing to rate' : 'not bound'));
      }
      for (const [key, fill] of segs) {
        const w = r[key] * scale;
        if (w <= 0) continue;
        const band = key === 'unreviewed';
        svg.append(s('rect', { x, y, width: w, height: barH, fill, class: band ? 'band-unknown' : '', 'data-key': key,
          stroke: band ? 'var(--unk)' : 'none', 'stroke-dasharray': band ? '3 2' : '' }, s('title', {}, `${r.state.name}: ${r[key]} ${band ? 'not reviewed (not known)' : key}`)));
        x += w;
      }
      svg.append(s('text', { x: W - 4, y: y + barH - 5, 'text-anchor': 'end', 'font-weight': 600, 'data-range': r.state.code }, rangeWords(r)));
    });
    return svg;
  }

  // ---------- drill-down ----------

  const SOURCE = 'citation url publisher date locator';

  function sourcesList(sources) {
    if (!sources || !sources.length) return h('p', { class: 'src empty' }, 'No source recorded.');
    return h('ul', { class: 'src' }, sources.map((src) => h('li', {},
      src.url ? h('a', { href: src.url, target: '_blank', rel: 'noopener noreferrer' }, src.citation || src.url) : src.citation,
      src.publisher ? ` — ${src.publisher}` : '', src.date ? ` (${src.date})` : '', src.locator ? `, ${src.locator}` : '')));
  }

  function recordNotes(r) {
    return [r.unverified ? h('p', { class: 'unverified' }, 'Unverified: no source confirms this fully.') : null,
      r.note ? h('p', { class: 'meta' }, r.note) : null,
      (r.claims || []).length ? h('details', { class: 'claims' }, h('summary', {}, `Sources disagree (${r.claims.length} claims)`),
        h('ul', {}, r.claims.map((c) => h('li', {}, `${c.field} = ${c.value}${c.used ? ' (used)' : ''}${c.note ? ': ' + c.note : ''}`, sourcesList(c.sources))))) : null];
  }

  let lastFocus = null;

  // openDialog opens the drill-down and puts it in the URL (drill=KEY), so
  // that the address reopens it; closing removes it.
  function openDialog(title, key) {
    const dlg = $('#drilldown');
    if (!dlg.open) lastFocus = document.activeElement;
    view.drill = key || '';
    writeURL();
    dlg.dataset.drill = view.drill;
    delete dlg.dataset.loaded;
    $('#drilldown-title').textContent = title;
    fill($('#drilldown-body'), h('p', { class: 'empty' }, 'Loading…'));
    if (!dlg.open) dlg.showModal();
    $('#drilldown-close').focus();
    return dlg;
  }

  const RATIFICATION_DETAIL = `query RatificationDetail($instrument: ID!, $state: String!, $asOf: Date, $knownAt: Time) {
  instrument(id: $instrument) {
    id title shortTitle adopted place entryIntoForce
    entryIntoForceSources { ${SOURCE} }
    sources { ${SOURCE} }
  }
  ratificationTable(instrument: $instrument, asOf: $asOf, knownAt: $knownAt) {
    state { code }
    signed ratified deposited inForce withdrawn party reasons cell
  }
  state(code: $state) {
    code name
    actions {
      id kind date deposited inForce
      instrument { id }
      inForceSources { ${SOURCE} }
      domesticAct { id title number enacted sources { ${SOURCE} } }
      domesticActText
      reservations { text textKind provisions { label } sources { ${SOURCE} } }
      sources { ${SOURCE} }
      claims { field value used note sources { ${SOURCE} } }
      unverified note
    }
  }
}`;

  async function openRatification(code, instrumentID) {
    const dlg = openDialog(`${stateName(code)} — ${(instrumentById(instrumentID) || {}).shortTitle || instrumentID}`, `${code}:${instrumentID}`);
    const variables = { instrument: instrumentID, state: code, asOf: asOf(), knownAt: knownAt() };
    showQuery(dlg, RATIFICATION_DETAIL, variables);
    try {
      const data = await gql(RATIFICATION_DETAIL, variables);
      const inst = data.instrument;
      const row = (data.ratificationTable || []).find((r) => r.state.code === code);
      // In the API's order: earliest first (graph/chronology.go).
      const actions = ((data.state && data.state.actions) || []).filter((a) => a.instrument.id === instrumentID);
      const st = matrixCellStatus(row);
      fill($('#drilldown-body'), 
        h('div', { class: 'verdict' }, h('span', { class: 'chip st-' + st }, h('b', {}, MATRIX_STATUS[st].sym), `${MATRIX_STATUS[st].text} as of ${variables.asOf}${view.knownAt ? ', as the graph knew it on ' + knownWords() : ''}`)),
        h('p', {}, h('strong', {}, inst.title), inst.adopted ? `, adopted ${inst.adopted}` : '', inst.place ? ` at ${inst.place}` : '',
          inst.entryIntoForce ? `; in force ${inst.entryIntoForce}.` : '.'),
        row && row.reasons && row.reasons.length ? [h('h3', {}, 'Why'), h('ul', {}, row.reasons.map((r) => h('li', {}, r)))] : null,
        h('h3', {}, 'Actions'),
        actions.length ? actions.map((a) => h('div', { class: 'item', dataset: { action: a.id } },
          h('p', {}, h('strong', {}, humanEnum(a.kind)), a.date ? ` — ${a.date}` : '',
            a.deposited ? `; deposited ${a.deposited}` : '', a.inForce ? `; in force ${a.inForce}` : ''),
          a.domesticAct ? h('p', { class: 'meta' }, `Domestic act: ${a.domesticAct.number || ''} ${a.domesticAct.title}`) : null,
          a.domesticActText ? h('p', { class: 'meta' }, `Domestic act: ${a.domesticActText}`) : null,
          (a.reservations || []).map((r) => h('p', { class: 'meta' }, `Reservation (${r.provisions.map((p) => p.label).join(', ')}): ${r.text}`)),
          recordNotes(a), sourcesList([...a.sources, ...(a.inForceSources || []), ...(a.domesticAct ? a.domesticAct.sources : []),
            ...(a.reservations || []).flatMap((r) => r.sources)])))
          : h('p', { class: 'empty' }, 'No recorded action by this state on this instrument.'),
        h('h3', {}, 'Instrument sources'), sourcesList([...(inst.sources || []), ...(inst.entryIntoForceSources || [])]));
      $('#drilldown').dataset.loaded = `${code}:${instrumentID}`;
    } catch (err) {
      fill($('#drilldown-body'), h('p', { class: 'status error' }, 'Could not load: ' + err.message));
    }
  }

  // A link's statute provisions, quoted in the version in force on asOf;
  // desk.js draws them beside the obligation's text (hooks.linkTexts).
  const VERSION = `text textKind madeBy from until language edition terms locator sources { ${SOURCE} }`;
  const QUOTED_PROVISION = `provision { id label law { id } } asOf version { ${VERSION} } parallel { ${VERSION} } note`;
  // reviewWhen words a review's two dates (desk.js's hooks.reviewWhen).
  const reviewWhen = (rv) => (hooks.reviewWhen ? hooks.reviewWhen(rv) : `law as of ${rv.date}${rv.read ? ', read ' + rv.read : ''}`);

  const COMPLIANCE_DETAIL = `query ComplianceDetail($obligation: ID!, $state: String!, $asOf: Date, $knownAt: Time) {
  node(id: $obligation) {
    ... on Obligation {
      id summary modality modalityLabel themes
      instrument { id shortTitle title }
      provision { label heading text textKind }
      sources { ${SOURCE} }
      status(state: $state, asOf: $asOf, knownAt: $knownAt) {
        state { code name }
        bound boundSince committed legal practice reasons warnings
        boundBy { id kind date deposited sources { ${SOURCE} } }
        reservation { text sources { ${SOURCE} } }
        laws { id title number kind enacted inForce repealed sources { ${SOURCE} } }
        implementations { id law { id number title } extent articles note sources { ${SOURCE} }
          provisions(asOf: $asOf) { ${QUOTED_PROVISION} } unresolvedArticles { article reason } }
        evidence { id kind date finding summary sources { ${SOURCE} } }
        review { id }
        reviews { id date read scope method reviewer summary laws { id number } articles sources { ${SOURCE} } }
      }
    }
  }
}`;

  async function openCompliance(code, obligationID) {
    const dlg = openDialog(`${stateName(code)} — ${obligationID}`, `${code}:${obligationID}`);
    const variables = { obligation: obligationID, state: code, asOf: asOf(), knownAt: knownAt() };
    showQuery(dlg, COMPLIANCE_DETAIL, variables);
    try {
      const data = await gql(COMPLIANCE_DETAIL, variables);
      const o = data.node;
      if (!o) throw new Error(`no obligation ${obligationID}`);
      const r = o.status;
      const l = LEGAL[r.legal] || { sym: '?', text: humanEnum(r.legal) };
      const p = PRACTICE[r.practice] || { sym: '?', text: humanEnum(r.practice) };
      const impls = Object.fromEntries((r.implementations || []).map((i) => [i.law.id, i]));
      $('#drilldown-title').textContent = `${r.state.name} — ${o.instrument.shortTitle || o.instrument.id} ${o.provision.label}`;
      fill($('#drilldown-body'), 
        view.knownAt ? h('p', { class: 'meta known-at-note' }, `As of ${variables.asOf}, as the graph knew it on ${knownWords()}.`) : null,
        h('div', { class: 'verdict', dataset: { legal: r.legal, practice: r.practice } },
          h('span', { class: 'chip ' + (r.bound ? 'st-in-force' : 'st-unbound') }, h('b', {}, r.bound ? '✓' : '·'),
            r.bound ? `bound since ${r.boundSince || '?'}` : r.committed ? 'committed (non-binding)' : 'not bound'),
          h('span', { class: 'chip st-' + r.legal }, h('b', {}, l.sym), l.text),
          h('span', { class: 'chip st-' + r.practice }, h('b', {}, p.sym), p.text)),
        h('p', {}, h('strong', {}, `${o.provision.label}${o.provision.heading ? ' — ' + o.provision.heading : ''}: `), o.summary,
          h('span', { class: 'meta' }, ` (${o.modalityLabel}; ${o.themes.map(humanEnum).join(', ')})`)),
        o.provision.text ? h('blockquote', { class: 'meta' }, o.provision.text, o.provision.textKind === 'SUMMARY' ? ' [summary]' : '') : null,
        h('h3', {}, 'Reasons'), h('ul', {}, r.reasons.map((x) => h('li', {}, x))),
        r.warnings.length ? [h('h3', {}, 'Data warnings'), h('ul', {}, r.warnings.map((x) => h('li', {}, x)))] : null,
        h('h3', {}, 'Binding action'),
        r.boundBy ? h('div', { class: 'item' }, h('p', {}, h('strong', {}, humanEnum(r.boundBy.kind)),
          r.boundBy.date ? ` — ${r.boundBy.date}` : '', r.boundBy.deposited ? `; deposited ${r.boundBy.deposited}` : ''),
        sourcesList(r.boundBy.sources)) : h('p', { class: 'empty' }, 'None on this date.'),
        r.reservation ? [h('h3', {}, 'Reservation'), h('div', { class: 'item' }, h('p', {}, r.reservation.text), sourcesList(r.reservation.sources))] : null,
        h('h3', {}, 'Laws weighed'),
        r.laws.length ? r.laws.map((law) => {
          const impl = impls[law.id];
          return h('div', { class: 'item', dataset: impl ? { law: law.id, implementation: impl.id, extent: impl.extent } : { law: law.id } },
            h('p', {}, h('strong', {}, law.number || law.id), ` — ${law.title}`),
            h('p', { class: 'meta' }, [humanEnum(law.kind), law.enacted ? `enacted ${law.enacted}` : '', law.inForce ? `in force ${law.inForce}` : '',
              law.repealed ? `repealed ${law.repealed}` : ''].filter(Boolean).join(' · ')),
            impl ? h('p', { class: 'meta' }, `Implements: ${humanEnum(impl.extent)}${impl.articles.length ? ' (' + impl.articles.join(', ') + ')' : ''}${impl.note ? ' — ' + impl.note : ''}`) : null,
            impl && hooks.linkTexts ? hooks.linkTexts(impl, o) : null,
            sourcesList([...law.sources, ...(impl ? impl.sources : [])]));
        }) : h('p', { class: 'empty' }, 'No law linked to this obligation.'),
        h('h3', {}, 'Reviews'),
        r.reviews.length ? r.reviews.map((rv) => h('div', { class: 'item', dataset: { review: rv.id, decides: String(!!r.review && r.review.id === rv.id) } },
          h('p', {}, h('strong', { class: 'review-when', dataset: { date: rv.date, read: rv.read || '' } }, `Reviewed: ${reviewWhen(rv)}`), ` by ${rv.reviewer} (${humanEnum(rv.method)}; ${rv.scope === 'ALL_HELD' ? 'every obligation of the instrument held' : 'listed obligations'}): ${rv.summary}`),
          rv.laws.length || rv.articles.length ? h('p', { class: 'meta' }, 'Read: ' + [...rv.laws.map((l) => l.number || l.id), ...rv.articles].join(', ')) : null,
          r.review && r.review.id === rv.id ? h('p', { class: 'meta' }, 'No law implements the obligation: this review makes it "reviewed, none found".') : null,
          sourcesList(rv.sources))) : h('p', { class: 'empty' }, 'No review of the state\'s law covers this obligation.'),
        h('h3', {}, 'Evidence weighed'),
        r.evidence.length ? r.evidence.map((e) => h('div', { class: 'item', dataset: { evidence: e.id } },
          h('p', {}, h('span', { class: 'chip st-' + e.finding }, humanEnum(e.finding)), ` ${humanEnum(e.kind)}${e.date ? ', ' + e.date : ''}: ${e.summary}`),
          sourcesList(e.sources))) : h('p', { class: 'empty' }, 'No evidence on practice.'),
        h('h3', {}, 'Obligation sources'), sourcesList(o.sources));
      $('#drilldown').dataset.loaded = `${code}:${obligationID}`;
      // Hook for curate.js: the edit form and record histories of a
      // compliance drill-down (it draws nothing for an anonymous reader).
      if (hooks.compliance) hooks.compliance({ body: $('#drilldown-body'), state: code, obligation: obligationID, record: r, node: o, asOf: variables.asOf, knownAt: variables.knownAt, reload: () => openCompliance(code, obligationID) });
    } catch (err) {
      fill($('#drilldown-body'), h('p', { class: 'status error' }, 'Could not load: ' + err.message));
    }
  }

  // hooks lets other assets add to a drill-down once drawn (curate.js's
  // compliance) and draw a desk page again when the controls move (desk.js's page).
  const hooks = {};

  // openDrill reopens the drill-down the URL names (drill=STATE:ID): an
  // instrument's id opens the ratification drill-down, an obligation's the
  // compliance one.
  function openDrill(key) {
    const m = /^([A-Za-z]{3}):(.+)$/.exec(key || '');
    if (!m) { if (key) setStatus(`Ignored the drill-down "${key}" in the address: want STATE:OBLIGATION or STATE:INSTRUMENT.`, true); view.drill = ''; writeURL(); return; }
    const code = m[1].toUpperCase();
    if (instrumentById(m[2])) openRatification(code, m[2]);
    else openCompliance(code, m[2]);
  }

  // ---------- drawing and wiring ----------

  const DRAW = { matrix: drawMatrix, heatmap: drawHeatmap, compare: drawCompare };
  let drawing = 0;

  async function redraw() {
    writeURL();
    $$('.asof-label').forEach((e) => { e.textContent = `as of ${asOf()}` + (view.knownAt ? `, known at ${knownWords()}` : ''); });
    const n = ++drawing;
    const panel = view.view;
    // Say "Loading…" only when an answer is slow, so quick redraws do not flicker.
    const slow = setTimeout(() => { if (n === drawing) setStatus('Loading…'); }, 300);
    document.body.dataset.loading = 'true';
    try {
      await DRAW[panel]();
      if (n === drawing) { setStatus(notice, !!notice); notice = ''; }
    } catch (err) {
      if (n === drawing) setStatus('Could not load the ' + panel + ': ' + err.message, true);
    } finally {
      clearTimeout(slow);
      if (n === drawing) {
        document.body.dataset.loading = 'false';
        document.body.dataset.drawn = `${panel}@${asOf()}/${view.basis}` + (view.knownAt ? '~' + view.knownAt : '');
      }
    }
  }

  function selectView(v) {
    view.view = v;
    for (const b of $$('[role=tab]')) {
      const on = b.dataset.view === v;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
      $('#' + b.getAttribute('aria-controls')).hidden = !on;
    }
    redraw();
  }

  function syncControls() {
    const day = asOf();
    $('#asof').value = day;
    $('#year').value = day.slice(0, 4);
    $('#year-out').textContent = day.slice(0, 4);
    for (const r of $$('input[name=basis]')) r.checked = r.value === view.basis;
    $('#knownat').value = view.knownAt ? localMoment(view.knownAt) : '';
  }

  // localMoment is an RFC 3339 time as a datetime-local input's value.
  function localMoment(iso) {
    const d = new Date(iso);
    const p = (n) => String(n).padStart(2, '0');
    const ms = d.getMilliseconds() ? '.' + String(d.getMilliseconds()).padStart(3, '0') : '';
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${ms}`;
  }

  // gridKeys moves focus between cell buttons with the arrow keys.
  function gridKeys(ev) {
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const m = moves[ev.key];
    const td = ev.target.closest('td');
    if (!m || !td || !ev.target.matches('td > button')) return;
    const tr = td.parentElement;
    const rows = $$('tbody tr', ev.currentTarget);
    const cells = (row) => $$('td', row).filter((c) => c.querySelector('button'));
    const r = rows.indexOf(tr) + m[0];
    const c = cells(tr).indexOf(td) + m[1];
    const target = rows[r] && cells(rows[r])[c];
    if (target) { ev.preventDefault(); target.querySelector('button').focus(); }
  }

  let slideTimer = 0;

  function wire() {
    $('#asof').addEventListener('change', (ev) => {
      const v = ev.target.value;
      if (!isDay(v)) { setStatus('Choose a full date (YYYY-MM-DD).', true); return; }
      view.asOf = v === todayISO() ? '' : v;
      syncControls();
      redraw();
    });
    $('#year').addEventListener('input', (ev) => {
      const y = Number(ev.target.value);
      $('#year-out').textContent = String(y);
      view.asOf = String(y) === todayISO().slice(0, 4) ? '' : `${y}-12-31`; // the slider's last year (the API's) is today
      $('#asof').value = asOf();
      clearTimeout(slideTimer);
      slideTimer = setTimeout(redraw, 180);
    });
    $('#today').addEventListener('click', () => { view.asOf = ''; syncControls(); redraw(); });
    // Known at: a local date and time, sent as knownAt in UTC at the
    // precision typed (a minute, a second or finer): the graph as it was
    // known by the end of that minute or second.
    $('#knownat').addEventListener('change', (ev) => {
      const v = ev.target.value;
      const t = v ? new Date(v) : null;
      if (v && Number.isNaN(t.getTime())) { setStatus('Choose a date and time for "known at".', true); return; }
      const iso = t ? t.toISOString() : '';
      view.knownAt = !t ? '' : /\.\d+$/.test(v) ? iso : /T\d{2}:\d{2}:\d{2}$/.test(v) ? iso.slice(0, 19) + 'Z' : iso.slice(0, 16) + 'Z';
      syncControls();
      redraw();
    });
    $('#known-now').addEventListener('click', () => { view.knownAt = ''; syncControls(); redraw(); });
    for (const r of $$('input[name=basis]')) {
      r.addEventListener('change', () => { view.basis = r.value; redraw(); });
    }
    for (const b of $$('[role=tab]')) b.addEventListener('click', () => selectView(b.dataset.view));
    $('.tabs').addEventListener('keydown', (ev) => {
      const tabs = $$('[role=tab]');
      const k = tabs.indexOf(document.activeElement);
      if (k < 0 || (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft')) return;
      const next = tabs[(k + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      selectView(next.dataset.view);
    });
    $('#heatmap-instrument').addEventListener('change', (ev) => { view.instrument = ev.target.value; redraw(); });
    $('#compare-instrument').addEventListener('change', (ev) => { view.compare = ev.target.value; redraw(); });
    $('#matrix').addEventListener('keydown', gridKeys);
    $('#heatmap').addEventListener('keydown', gridKeys);
    const dlg = $('#drilldown');
    $('#drilldown-close').addEventListener('click', () => dlg.close());
    dlg.addEventListener('click', (ev) => { if (ev.target === dlg) dlg.close(); });
    dlg.addEventListener('close', () => {
      view.drill = ''; delete dlg.dataset.drill; delete dlg.dataset.loaded; writeURL();
      if (lastFocus && lastFocus.focus) lastFocus.focus();
    });
    window.addEventListener('popstate', () => { readURL(); syncControls(); selectView(view.view); });
  }

  async function start() {
    readURL();
    wire();
    syncControls();
    try {
      await loadCatalogue();
    } catch (err) {
      setStatus('Could not load the list of states and instruments: ' + err.message, true);
      document.body.dataset.loading = 'false';
      return;
    }
    selectView(view.view);
    if (view.drill && !new URLSearchParams(location.search).has('page')) openDrill(view.drill);
  }

  // curate.js registers its drill-down hooks and asks for redraws here.
  // desk.js reads and words the known-at moment as the controls do (moment),
  // and is told through hooks.page when they change its page's address.
  window.pactwatch = { hooks, redraw: () => redraw(), moment: { valid: isMoment, words: momentWords } };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
