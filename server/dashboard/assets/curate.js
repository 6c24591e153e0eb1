// curate.js: curators on the dashboard. A curator, editor or admin signs in
// by pasting an API key once: it is kept in sessionStorage (this tab only,
// gone when the tab closes) and sent as "Authorization: Bearer KEY" on every
// request to /graphql, from every asset of the page. Signed in:
//
//   - the header says who (viewer { name role }) and offers "Sign out",
//     which forgets the key;
//   - a compliance drill-down (a heatmap cell) gets the edit forms of
//     curate-forms.js: add evidence, add a review, link a law;
//   - "Drafts" lists the drafts awaiting publication, with Publish buttons
//     for editors and admins (publishDraft); a draft whose records changed
//     since it was made is refused with CONFLICT, said at the draft, with
//     a button to publish over the change (force);
//   - the drill-down lists the suggested provisions, to accept or reject
//     (curate-suggest.js).
//
// For everyone, each evidence item, law and review in a compliance drill-down has a
// "History" (changes(record:), the audit log). The drill-down calls
// window.pactwatch.hooks.compliance once drawn (see app.js).
(function () {
  'use strict';

  const STORAGE = 'pactwatch.apiKey';
  const EDITORS = ['EDITOR', 'ADMIN'];

  const h = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return e;
  };
  const humanEnum = (s) => (s || '').toLowerCase().replace(/_/g, ' ');
  const moment = (t) => (t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '');

  // ---------- the key, on every request ----------

  const storedKey = () => { try { return sessionStorage.getItem(STORAGE) || ''; } catch (_) { return ''; } };

  function isGraphQL(input) {
    try {
      const u = new URL(typeof input === 'string' ? input : input.url, location.href);
      return u.origin === location.origin && u.pathname === '/graphql';
    } catch (_) { return false; }
  }

  // Every fetch to this server's /graphql carries the key, whichever asset
  // sends it (app.js, desk.js or this file).
  const plainFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    const key = storedKey();
    if (key && isGraphQL(input)) {
      init = Object.assign({}, init || {});
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      if (!headers.has('Authorization')) headers.set('Authorization', 'Bearer ' + key);
      init.headers = headers;
    }
    return plainFetch(input, init);
  };

  // gql answers {data, errors}, never throwing for GraphQL errors: a caller
  // shows them where they belong.
  async function gql(query, variables) {
    let res;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      return { data: null, errors: [{ message: 'the server cannot be reached: ' + err.message }] };
    }
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON */ }
    if (!body) return { data: null, errors: [{ message: `the server answered ${res.status} ${res.statusText}` }] };
    return { data: body.data || null, errors: body.errors || [] };
  }

  const errorText = (errs) => errs.map((e) => e.message).join('; ');

  // ---------- who is signed in ----------

  let viewer = null; // {name, role} or null
  let viewerReady = Promise.resolve(null);

  async function loadViewer() {
    if (!storedKey()) { viewer = null; return null; }
    const { data, errors } = await gql('{ viewer { name role } }');
    if (errors.length || !data || !data.viewer) {
      viewer = null;
      return { error: errors.length ? errorText(errors) : 'the key is not recognised' };
    }
    viewer = data.viewer;
    return viewer;
  }

  const canPublish = () => !!viewer && EDITORS.includes(viewer.role);

  let account;

  function drawAccount(problem) {
    if (!account) return;
    document.body.dataset.viewer = viewer ? `${viewer.name}:${viewer.role}` : '';
    if (viewer) {
      account.replaceChildren(
        h('span', { id: 'viewer', class: 'viewer', 'data-name': viewer.name, 'data-role': viewer.role, title: 'The key in this tab belongs to ' + viewer.name },
          'Signed in as ', h('strong', {}, viewer.name), ` (${humanEnum(viewer.role)})`),
        h('button', { type: 'button', id: 'drafts-open', class: 'btn-secondary', onclick: openDrafts }, 'Drafts'),
        h('button', { type: 'button', id: 'sign-out', class: 'btn-secondary', onclick: signOut }, 'Sign out'));
      return;
    }
    const input = h('input', { id: 'api-key', type: 'password', name: 'key', autocomplete: 'off', spellcheck: 'false', placeholder: 'pwk_…', 'aria-label': 'API key' });
    const err = h('p', { id: 'sign-in-error', class: 'sign-in-error', role: 'alert' }, problem || '');
    err.hidden = !problem;
    const form = h('form', { id: 'sign-in-form', class: 'sign-in-form', onsubmit: (ev) => { ev.preventDefault(); signIn(input.value.trim()); } },
      h('label', { class: 'control' }, 'API key', input),
      h('button', { type: 'submit', class: 'btn-secondary', id: 'sign-in-submit' }, 'Sign in'), err);
    form.hidden = !problem;
    account.replaceChildren(
      h('button', { type: 'button', id: 'sign-in', class: 'btn-secondary', 'aria-expanded': problem ? 'true' : 'false', 'aria-controls': 'sign-in-form',
        onclick: (ev) => { form.hidden = !form.hidden; ev.currentTarget.setAttribute('aria-expanded', String(!form.hidden)); if (!form.hidden) input.focus(); } }, 'Sign in'),
      form);
  }

  async function signIn(key) {
    if (!key) { drawAccount('Paste an API key (pactwatch keys create prints one).'); return; }
    try { sessionStorage.setItem(STORAGE, key); } catch (_) { drawAccount('This browser keeps no session storage here.'); return; }
    viewerReady = loadViewer();
    const v = await viewerReady;
    if (!v || v.error) {
      try { sessionStorage.removeItem(STORAGE); } catch (_) { /* gone */ }
      viewer = null;
      drawAccount('Not signed in: ' + ((v && v.error) || 'the key is not recognised') + '.');
      return;
    }
    drawAccount();
    refreshDrill();
  }

  function signOut() {
    try { sessionStorage.removeItem(STORAGE); } catch (_) { /* gone */ }
    viewer = null;
    viewerReady = Promise.resolve(null);
    drawAccount();
    refreshDrill();
    const d = document.getElementById('drafts-dialog');
    if (d && d.open) d.close();
  }

  // curate is what curate-forms.js (the drill-down's edit forms) uses of
  // this file; it sets curate.forms.
  const curate = window.pactwatchCurate = { h, gql, humanEnum, canPublish, redraw: () => { if (window.pactwatch && window.pactwatch.redraw) window.pactwatch.redraw(); } };

  // refreshDrill redraws an open compliance drill-down, so its form follows
  // who is signed in.
  let lastDrill = null;
  function refreshDrill() {
    const dlg = document.getElementById('drilldown');
    if (lastDrill && dlg && dlg.open && dlg.dataset.loaded === `${lastDrill.state}:${lastDrill.obligation}`) lastDrill.reload();
  }

  // ---------- the audit log of a record ----------

  const HISTORY = `query RecordHistory($record: ID!) {
  changes(record: $record, first: 100) { edges { node { id time author message action reason } } }
}`;

  // historyBox is a "History" disclosure that loads the record's changes
  // when first opened.
  function historyBox(id) {
    const list = h('div', { class: 'history-body' }, h('p', { class: 'meta' }, 'Loading…'));
    const box = h('details', { class: 'history', 'data-record': id }, h('summary', {}, 'History'), list);
    let loaded = false;
    box.addEventListener('toggle', async () => {
      if (!box.open || loaded) return;
      loaded = true;
      const { data, errors } = await gql(HISTORY, { record: id });
      if (errors.length || !data) { list.replaceChildren(h('p', { class: 'status error' }, 'Could not load the history: ' + errorText(errors))); return; }
      const edges = data.changes.edges;
      box.dataset.count = String(edges.length);
      list.replaceChildren(edges.length
        ? h('ol', { class: 'history-list' }, edges.map(({ node: c }) => h('li', { 'data-action': c.action, 'data-author': c.author },
          h('time', { datetime: c.time }, moment(c.time)), ' · ', h('strong', {}, c.author), ' · ', humanEnum(c.action), ' — ', c.message,
          c.reason ? ` (reason: ${c.reason})` : '')))
        : h('p', { class: 'meta' }, 'No change to this record in the log (it predates the log, or came with the bulk load).'));
    });
    return box;
  }

  // ---------- drafts ----------

  const DRAFTS = `query Drafts { drafts { id author created message records { id kind record } retract { id reason } } }`;

  function draftsDialog() {
    let dlg = document.getElementById('drafts-dialog');
    if (dlg) return dlg;
    dlg = h('dialog', { id: 'drafts-dialog', class: 'drafts', 'aria-labelledby': 'drafts-title' },
      h('div', { class: 'dd-head' }, h('h2', { id: 'drafts-title' }, 'Drafts awaiting publication'),
        h('button', { type: 'button', class: 'dd-close', id: 'drafts-close', 'aria-label': 'Close (Esc)', onclick: () => dlg.close() }, '✕')),
      h('div', { id: 'drafts-body', class: 'dd-body' }));
    document.body.append(dlg);
    return dlg;
  }

  async function openDrafts() {
    const dlg = draftsDialog();
    if (!dlg.open) dlg.showModal();
    await drawDrafts();
  }

  async function drawDrafts(notice) {
    const body = document.getElementById('drafts-body');
    delete body.dataset.loaded;
    body.replaceChildren(h('p', { class: 'meta' }, 'Loading…'));
    const { data, errors } = await gql(DRAFTS);
    if (errors.length || !data) { body.replaceChildren(h('p', { class: 'status error' }, 'Could not load the drafts: ' + errorText(errors))); return; }
    const list = data.drafts || [];
    body.replaceChildren(...[
      notice ? h('p', { class: 'ev-result', id: 'drafts-notice', role: 'status' }, notice) : null,
      list.length ? h('ul', { id: 'drafts-list', class: 'drafts-list' }, list.map(draftItem))
        : h('p', { class: 'meta', id: 'drafts-empty' }, 'No draft awaits publication.'),
      canPublish() ? null : h('p', { class: 'meta' }, 'An editor publishes drafts; yours are listed here until then.')].filter(Boolean));
    body.dataset.loaded = String(list.length);
  }

  function draftItem(d) {
    const status = h('p', { class: 'draft-status', role: 'status' });
    const mine = viewer && d.author === viewer.name;
    return h('li', { 'data-draft': d.id, 'data-author': d.author },
      h('p', {}, h('strong', {}, d.message), ' — ', d.author, ', ', h('time', { datetime: d.created }, moment(d.created))),
      h('ul', { class: 'draft-records' },
        d.records.map((r) => h('li', { 'data-record': r.id }, h('code', {}, r.id), ` (${humanEnum(r.kind)})`,
          r.record && (r.record.Summary || r.record.summary) ? ': ' + (r.record.Summary || r.record.summary) : '')),
        d.retract.map((r) => h('li', { 'data-retract': r.id }, 'retract ', h('code', {}, r.id), `: ${r.reason}`))),
      h('div', { class: 'form-actions' },
        canPublish() ? h('button', { type: 'button', class: 'publish-draft', 'data-draft': d.id, onclick: (ev) => publishDraft(d, ev.currentTarget, status) }, 'Publish') : null,
        canPublish() || mine ? h('button', { type: 'button', class: 'discard-draft btn-plain', 'data-draft': d.id, onclick: (ev) => discardDraft(d, ev.currentTarget, status) }, 'Discard') : null),
      status);
  }

  // publishDraft publishes d; when a record of it has changed since the
  // draft was made (CONFLICT, naming the record and its version), it says
  // so and offers to publish over the change (force, kept in the log).
  async function publishDraft(d, button, status, force) {
    button.disabled = true;
    status.textContent = 'Publishing…';
    const { data, errors } = await gql('mutation Publish($id: ID!, $force: Boolean) { publishDraft(id: $id, force: $force) { published added changed removed } }', { id: d.id, force: !!force });
    if (errors.length || !data || !data.publishDraft) {
      button.disabled = false;
      status.textContent = 'Not published: ' + (errorText(errors) || 'no answer');
      status.classList.add('error');
      if (errors.some((e) => e.extensions && e.extensions.code === 'CONFLICT')) {
        status.dataset.conflict = 'true';
        status.append(' ', h('button', { type: 'button', class: 'publish-draft-force btn-plain', 'data-draft': d.id,
          onclick: (ev) => publishDraft(d, ev.currentTarget, status, true) }, 'Publish over the newer version'));
      }
      return;
    }
    const r = data.publishDraft;
    await drawDrafts(`Published “${d.message}”: ${[...r.added, ...r.changed, ...r.removed].join(', ') || 'no change'}.`);
    if (window.pactwatch && window.pactwatch.redraw) window.pactwatch.redraw();
  }

  async function discardDraft(d, button, status) {
    button.disabled = true;
    const { data, errors } = await gql('mutation Discard($id: ID!) { discardDraft(id: $id) }', { id: d.id });
    if (errors.length || !data) {
      button.disabled = false;
      status.textContent = 'Not discarded: ' + errorText(errors);
      return;
    }
    await drawDrafts(`Discarded “${d.message}”.`);
  }

  // ---------- the drill-down hook ----------

  async function onCompliance(ctx) {
    lastDrill = ctx;
    const key = `${ctx.state}:${ctx.obligation}`;
    const dlg = document.getElementById('drilldown');
    for (const item of ctx.body.querySelectorAll('.item[data-evidence], .item[data-law], .item[data-review]')) {
      item.append(historyBox(item.dataset.evidence || item.dataset.law || item.dataset.review));
    }
    if (curate.annotateSuggested) curate.annotateSuggested(ctx);
    await viewerReady;
    if (!viewer || dlg.dataset.loaded !== key || ctx.body.querySelector('#curate-evidence')) return;
    if (ctx.knownAt) {
      ctx.body.append(h('section', { id: 'curate-evidence', class: 'curate' }, h('h3', {}, 'Edit'),
        h('p', { class: 'meta' }, 'This drill-down reads the graph as it was known in the past; clear "known at" (Now) to add evidence, a review or a law.')));
      return;
    }
    if (curate.forms) ctx.body.append(...curate.forms(ctx));
    if (curate.suggestions) ctx.body.append(curate.suggestions(ctx));
  }

  function start() {
    const header = document.querySelector('header.top');
    if (!header) return;
    account = h('div', { id: 'account', class: 'account' });
    header.append(account);
    drawAccount();
    if (storedKey()) {
      viewerReady = loadViewer().then((v) => { drawAccount(v && v.error ? 'Signed out: ' + v.error + '.' : ''); if (v && v.error) { try { sessionStorage.removeItem(STORAGE); } catch (_) { /* gone */ } } return v; });
    }
    if (window.pactwatch && window.pactwatch.hooks) window.pactwatch.hooks.compliance = (ctx) => { onCompliance(ctx); };
  }

  // curate.js loads first, so that its fetch carries the key from the first
  // request; it draws once every asset has run (app.js's hooks exist then).
  if (document.readyState === 'complete') start();
  else document.addEventListener('DOMContentLoaded', start);
})();
