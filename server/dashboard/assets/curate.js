// curate.js: curators on the dashboard. A curator, editor or admin signs in
// by pasting an API key once: it is kept in sessionStorage (this tab only,
// gone when the tab closes) and sent as "Authorization: Bearer KEY" on every
// request to /graphql, from every asset of the page. Signed in:
//
//   - the header says who (viewer { name role }) and offers "Sign out",
//     which forgets the key;
//   - a compliance drill-down (a heatmap cell) gets the edit forms of
//     curate-forms.js: add evidence, add a review, link a law;
//   - "Drafts" lists the drafts awaiting publication, 20 at a time ("More
//     drafts" for the rest), each with how many of its records are stale
//     or touched by another draft (Draft.staleCount, overlapCount, over all
//     its changes) and what it
//     would do record by record (Draft.changes, 20 at a time, "More
//     changes" for the rest): adds, changes or retracts; "replaces a stored
//     record"; a table of the fields that differ, as the draft's base had
//     them, as stored now and as proposed; "changed since the draft was
//     made" when the record moved on (stale); "base unknown" for a draft
//     saved before records carried versions; and every other open draft
//     touching the record. Editors and admins publish (publishDraft); a
//     draft whose records changed since it was made is refused with
//     CONFLICT, said at the draft, with a button to publish over the
//     change (force);
//   - the drill-down lists the suggested provisions, to accept or reject
//     (curate-suggest.js).
//
// For everyone, each evidence item, law and review in a compliance
// drill-down, and each record the desk pages can edit, has a "History"
// (changes(record:), the audit log); an editor may "Revert to this
// revision" (revertRecord), which makes a draft to review like any other.
// The drill-down calls window.pactwatch.hooks.compliance once drawn (see
// app.js).
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
  // sends it (app.js, desk.js or this file). Without a key, a query goes
  // by GET (readByGET), so that HTTP caches can keep its answer.
  const plainFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    const key = storedKey();
    if (key && isGraphQL(input)) {
      init = Object.assign({}, init || {});
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      if (!headers.has('Authorization')) headers.set('Authorization', 'Bearer ' + key);
      init.headers = headers;
    } else if (!key && isGraphQL(input) && init && String(init.method).toUpperCase() === 'POST' && typeof init.body === 'string') {
      return readByGET(init.body).catch(() => null).then((res) => res || plainFetch(input, init));
    }
    return plainFetch(input, init);
  };

  // readByGET sends an anonymous query (a POST body's) as a GET named by
  // the SHA-256 of its text: the server knows the pages' queries by hash
  // (server/dashboard/persisted.json), so the URL is short and the same for
  // every reader, and any HTTP cache can keep the answer. A query the
  // server does not know is sent again with its text, by GET while the
  // URL stays within 8 KiB. It answers null where a POST must go instead:
  // a mutation, a longer URL, or a page without crypto.subtle (plain http
  // off loopback).
  const MAX_GET_URL = 8192;
  async function readByGET(body) {
    const req = JSON.parse(body);
    if (!req || typeof req.query !== 'string' || /^\s*(mutation|subscription)\b/.test(req.query)) return null;
    if (!(window.crypto && window.crypto.subtle)) return null;
    const digest = await window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(req.query));
    const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    const url = (withText) => {
      const p = new URLSearchParams();
      if (withText) p.set('query', req.query);
      if (req.operationName) p.set('operationName', req.operationName);
      if (req.variables && Object.keys(req.variables).length) p.set('variables', JSON.stringify(req.variables));
      p.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
      const u = '/graphql?' + p.toString();
      return location.origin.length + u.length <= MAX_GET_URL ? u : null;
    };
    const get = (u) => plainFetch(u, { method: 'GET', headers: { Accept: 'application/json' } });
    const byHash = url(false);
    if (!byHash) return null;
    const res = await get(byHash);
    if (res.headers.get('ETag')) return res; // an answer
    const answer = await res.clone().json().catch(() => null);
    const unknown = answer && (answer.errors || []).some((e) => (e.extensions || {}).code === 'PERSISTED_QUERY_NOT_FOUND');
    if (!unknown) return res;
    const withText = url(true);
    return withText ? get(withText) : null;
  }

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
    redrawDeskPage();
  }

  // redrawDeskPage draws a desk page again, so that its edit tools
  // (desk-edit.js) follow who is signed in.
  function redrawDeskPage() {
    const hooks = window.pactwatch && window.pactwatch.hooks;
    if (new URLSearchParams(location.search).get('page') && hooks && hooks.page) hooks.page();
  }

  function signOut() {
    try { sessionStorage.removeItem(STORAGE); } catch (_) { /* gone */ }
    viewer = null;
    viewerReady = Promise.resolve(null);
    drawAccount();
    refreshDrill();
    redrawDeskPage();
    const d = document.getElementById('drafts-dialog');
    if (d && d.open) d.close();
  }

  // curate is what curate-forms.js (the drill-down's edit forms) uses of
  // this file; it sets curate.forms.
  const curate = window.pactwatchCurate = {
    h, gql, humanEnum, canPublish,
    viewer: () => viewer, ready: () => viewerReady,
    redraw: () => { if (window.pactwatch && window.pactwatch.redraw) window.pactwatch.redraw(); },
    historyBox: (id) => historyBox(id),
    openDrafts: () => openDrafts(),
  };

  // refreshDrill redraws an open compliance drill-down, so its form follows
  // who is signed in.
  let lastDrill = null;
  function refreshDrill() {
    const dlg = document.getElementById('drilldown');
    if (lastDrill && dlg && dlg.open && dlg.dataset.loaded === `${lastDrill.state}:${lastDrill.obligation}`) lastDrill.reload();
  }

  // ---------- the audit log of a record ----------

  const HISTORY = `query RecordHistory($record: ID!) {
  changes(record: $record, first: 100) { edges { node { id time author message action reason version previousVersion } } }
}`;
  const REVERT = `mutation RevertRecord($id: ID!, $version: String!, $message: String!) {
  revertRecord(id: $id, version: $version, message: $message) { published draft { id } }
}`;

  // revertButton asks for a revert of record id to version: a draft that
  // an editor reviews in "Drafts" and publishes.
  function revertButton(id, version, status) {
    return h('button', { type: 'button', class: 'revert btn-plain', 'data-version': version, onclick: async (ev) => {
      const b = ev.currentTarget;
      b.disabled = true;
      status.textContent = 'Reverting…';
      const { data, errors } = await gql(REVERT, { id, version, message: `revert ${id} to revision ${version}` });
      b.disabled = false;
      if (errors.length || !data || !data.revertRecord) {
        status.textContent = 'Not reverted: ' + (errorText(errors) || 'no answer');
        status.dataset.outcome = 'error';
        return;
      }
      const d = data.revertRecord.draft;
      status.dataset.outcome = 'draft';
      status.dataset.draft = d ? d.id : '';
      status.textContent = `Drafted ${d ? d.id : ''}: the record as at revision ${version}, based on the current one. Review and publish it in Drafts.`;
    } }, 'Revert to this revision');
  }

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
      const status = h('p', { class: 'history-status', role: 'status' });
      const editor = canPublish();
      const last = edges.length - 1;
      const items = edges.map(({ node: c }, i) => h('li', { 'data-action': c.action, 'data-author': c.author, 'data-version': c.version, 'data-previous-version': c.previousVersion },
        h('time', { datetime: c.time }, moment(c.time)), ' · ', h('strong', {}, c.author), ' · ', humanEnum(c.action), ' — ', c.message,
        c.reason ? ` (reason: ${c.reason})` : '', ' ', h('span', { class: 'meta' }, `revision ${c.version}`),
        editor && i < last ? [' ', revertButton(id, c.version, status)] : null));
      // The revision before the first change listed, when it replaced one.
      const first = edges.length ? edges[0].node : null;
      if (first && first.previousVersion) {
        items.unshift(h('li', { 'data-action': 'BEFORE', 'data-version': first.previousVersion, class: 'history-before' },
          'As it was before the first change listed ', h('span', { class: 'meta' }, `revision ${first.previousVersion}`),
          editor ? [' ', revertButton(id, first.previousVersion, status)] : null));
      }
      list.replaceChildren(edges.length
        ? h('ol', { class: 'history-list' }, items)
        : h('p', { class: 'meta' }, 'No change to this record in the log (it predates the log, or came with the bulk load).'), status);
    });
    return box;
  }

  // ---------- drafts ----------

  const CHANGE_FIELDS = `totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind recordKind replacesExisting baseKnown baseVersion currentVersion stale reason
      fields { name base current proposed changedSinceBase } overlaps { draft author role message kind } } }`;
  // The dialog reads the drafts a page at a time (the API's paging: first
  // after the last id shown), each with its marks over all its changes.
  const DRAFTS_PAGE = 20;
  const DRAFTS = `query Drafts($after: ID) { drafts(first: ${DRAFTS_PAGE}, after: $after) { id author created message force baseKnown recordCount staleCount overlapCount
    changes(first: 20) { ${CHANGE_FIELDS} } } }`;
  const DRAFT_CHANGES = `query DraftChanges($id: ID!, $after: String) { draft(id: $id) { id changes(first: 20, after: $after) { ${CHANGE_FIELDS} } } }`;
  const KIND_WORDS = { ADD: 'adds', CHANGE: 'changes', RETRACT: 'retracts' };

  // shownValue is a field's JSON value in a cell: none for null.
  const shownValue = (v) => (v == null ? h('span', { class: 'meta' }, '—') : typeof v === 'string' ? v : JSON.stringify(v));

  // changeItem is one record of a draft: what publishing it would do.
  function changeItem(c, forced) {
    const overlaps = c.overlaps || [];
    return h('li', { class: 'draft-change', 'data-record': c.id, 'data-kind': c.kind, 'data-stale': String(c.stale), 'data-replaces': String(c.replacesExisting),
      'data-overlaps': String(overlaps.length), 'data-base-known': String(c.baseKnown) },
    h('p', {}, h('strong', {}, KIND_WORDS[c.kind] || c.kind), ' ', h('code', {}, c.id), ` (${humanEnum(c.recordKind)})`,
      c.replacesExisting && c.kind !== 'RETRACT' ? h('span', { class: 'badge replaces' }, ' replaces a stored record') : null,
      c.reason ? `: ${c.reason}` : ''),
    forced ? h('p', { class: 'status warn forced' }, 'Forced: this draft publishes over whatever version the record has then.')
      : !c.baseKnown ? h('p', { class: 'status warn base-unknown' }, 'Base unknown: this draft was saved before records carried versions; it publishes only when forced. Compare it with the record as stored now.') : null,
    c.stale ? h('p', { class: 'status warn stale' }, c.baseVersion
      ? `Changed since the draft was made: based on revision ${c.baseVersion}, ${c.currentVersion ? 'now ' + c.currentVersion : 'not stored now'}.`
      : `Stored since the draft was made (revision ${c.currentVersion}): the draft would replace it.`) : null,
    overlaps.length ? h('ul', { class: 'overlaps' }, overlaps.map((o) => h('li', { class: 'overlap', 'data-draft': o.draft, 'data-author': o.author },
      `Also ${KIND_WORDS[o.kind] || o.kind} this record: draft ${o.draft} by ${o.author}${o.role ? ' (' + humanEnum(o.role) + ')' : ''}, “${o.message}”`))) : null,
    c.fields.length ? h('table', { class: 'data field-diff' },
      h('tr', {}, ['Field', 'Draft based on', 'Stored now', 'Proposed'].map((x) => h('th', {}, x))),
      c.fields.map((f) => h('tr', { 'data-field': f.name, 'data-changed-since-base': String(f.changedSinceBase) },
        h('th', {}, f.name), h('td', { class: 'base' }, c.baseKnown ? shownValue(f.base) : h('span', { class: 'meta' }, 'unknown')),
        h('td', { class: 'current' + (f.changedSinceBase ? ' changed-since' : '') }, shownValue(f.current)), h('td', { class: 'proposed' }, shownValue(f.proposed))))) : null);
  }

  // changesList draws a draft's changes, a page at a time, with "More
  // changes" while there are more.
  function changesList(d, first) {
    const list = h('ul', { class: 'draft-changes', 'data-total': first.totalCount });
    const box = h('div', { class: 'draft-changes-box' }, list);
    const add = (page) => {
      list.append(...page.edges.map((e) => changeItem(e.node, d.force)));
      const shown = list.querySelectorAll(':scope > li.draft-change').length;
      list.dataset.shown = String(shown);
      const old = box.querySelector(':scope > .more-changes');
      if (old) old.remove();
      if (!page.pageInfo.hasNextPage) return;
      const btn = h('button', { type: 'button', class: 'more-changes btn-plain', 'data-draft': d.id }, `More changes (${shown} of ${page.totalCount} shown)`);
      btn.addEventListener('click', async () => {
        btn.disabled = true;
        const { data, errors } = await gql(DRAFT_CHANGES, { id: d.id, after: page.pageInfo.endCursor });
        if (errors.length || !data || !data.draft) { btn.disabled = false; btn.textContent = 'Could not load more: ' + errorText(errors); return; }
        add(data.draft.changes);
      });
      box.append(btn);
    };
    add(first);
    return box;
  }

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
    const { data, errors } = await gql(DRAFTS, { after: null });
    if (errors.length || !data) { body.replaceChildren(h('p', { class: 'status error' }, 'Could not load the drafts: ' + errorText(errors))); return; }
    const list = data.drafts || [];
    const ul = h('ul', { id: 'drafts-list', class: 'drafts-list' }, list.map(draftItem));
    body.replaceChildren(...[
      notice ? h('p', { class: 'ev-result', id: 'drafts-notice', role: 'status' }, notice) : null,
      list.length ? ul : h('p', { class: 'meta', id: 'drafts-empty' }, 'No draft awaits publication.'),
      list.length ? moreDrafts(ul, list) : null,
      canPublish() ? null : h('p', { class: 'meta' }, 'An editor publishes drafts; yours are listed here until then.')].filter(Boolean));
    body.dataset.loaded = String(list.length);
  }

  // moreDrafts is the "More drafts" button under a full page: it reads the
  // next page after the last draft shown and appends it; an empty page
  // says there are no more.
  function moreDrafts(ul, page) {
    const box = h('p', { class: 'more-drafts-box' });
    if (page.length < DRAFTS_PAGE) return box;
    const btn = h('button', { type: 'button', id: 'more-drafts', class: 'btn-plain' }, 'More drafts');
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      const { data, errors } = await gql(DRAFTS, { after: page[page.length - 1].id });
      if (errors.length || !data) { btn.disabled = false; btn.textContent = 'Could not load more: ' + errorText(errors); return; }
      const next = data.drafts || [];
      ul.append(...next.map(draftItem));
      const body = document.getElementById('drafts-body');
      body.dataset.loaded = String(ul.querySelectorAll(':scope > li[data-draft]').length);
      box.replaceWith(next.length ? moreDrafts(ul, next) : h('p', { class: 'meta', id: 'drafts-end' }, 'No more drafts.'));
    });
    box.append(btn);
    return box;
  }

  function draftItem(d) {
    const status = h('p', { class: 'draft-status', role: 'status' });
    const mine = viewer && d.author === viewer.name;
    const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    return h('li', { 'data-draft': d.id, 'data-author': d.author, 'data-base-known': String(d.baseKnown), 'data-stale-count': d.staleCount, 'data-overlap-count': d.overlapCount },
      h('p', {}, h('strong', {}, d.message), ' — ', d.author, ', ', h('time', { datetime: d.created }, moment(d.created)),
        `; ${d.changes.totalCount} record${d.changes.totalCount === 1 ? '' : 's'}`, d.force ? ' (forced)' : '',
        !d.baseKnown && !d.force ? h('span', { class: 'badge base-unknown' }, ' base unknown') : null,
        d.staleCount ? h('span', { class: 'badge stale' }, ` ${plural(d.staleCount, 'record', 'records')} changed since the draft was made`) : null,
        d.overlapCount ? h('span', { class: 'badge overlapping' }, ` ${plural(d.overlapCount, 'record', 'records')} touched by another draft`) : null),
      changesList(d, d.changes),
      h('div', { class: 'form-actions' },
        canPublish() ? h('button', { type: 'button', class: 'publish-draft', 'data-draft': d.id, onclick: (ev) => publishDraft(d, ev.currentTarget, status) }, 'Publish') : null,
        canPublish() && !d.baseKnown && !d.force ? h('button', { type: 'button', class: 'publish-draft-force btn-plain', 'data-draft': d.id, onclick: (ev) => publishDraft(d, ev.currentTarget, status, true) }, 'Publish over the unknown base') : null,
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
