// curate.js: curators on the dashboard. A curator, editor or admin signs in
// by pasting an API key once: it is kept in sessionStorage (this tab only,
// gone when the tab closes) and sent as "Authorization: Bearer KEY" on every
// request to /graphql, from every asset of the page. Signed in:
//
//   - the header says who (viewer { name role }) and offers "Sign out",
//     which forgets the key;
//   - a compliance drill-down (a heatmap cell) gets an "Add evidence" form,
//     sent through applyChanges with a required message; a curator's batch
//     becomes a draft, an editor may publish at once; problems are shown by
//     the field they concern (BAD_USER_INPUT with extensions.field);
//   - "Drafts" lists the drafts awaiting publication, with Publish buttons
//     for editors and admins (publishDraft).
//
// For everyone, each evidence item and law in a compliance drill-down has a
// "History" (changes(record:), the audit log). The drill-down calls
// window.pactwatch.hooks.compliance once drawn (see app.js).
(function () {
  'use strict';

  const STORAGE = 'pactwatch.apiKey';
  const EDITORS = ['EDITOR', 'ADMIN'];
  const EVIDENCE_KINDS = ['REPORT', 'COURT_CASE', 'STATISTIC', 'ASSESSMENT', 'INTERVIEW', 'NEWS'];
  const FINDINGS = ['EFFECTIVE', 'MIXED', 'GAP'];

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

  // ---------- the evidence form ----------

  // FIELD maps the last part of a problem's path (extensions.field) to the
  // form's field that shows it.
  // A record the server cannot decode is reported at the record, its
  // message naming the JSON field ('within "/Date"').
  function fieldOf(path, message) {
    if (!path) return '';
    if (path === 'input.message') return 'message';
    const m = /^input\.put\[0\]\.record(?:\.(.*))?$/.exec(path);
    if (!m) return '';
    const within = /within "\/([^"]+)"/.exec(message || '');
    const rest = (m[1] || (within ? within[1].replace(/\//g, '.') : '')).toLowerCase();
    if (!rest) return '';
    const first = rest.split(/[.[]/)[0];
    if (first === 'sources' || first === 'source') return /url/.test(rest) ? 'url' : 'citation';
    if (first === 'obligations' || first === 'obligationids') return 'obligations';
    if (first === 'statecode' || first === 'state') return 'state';
    if (['id', 'kind', 'date', 'finding', 'summary'].includes(first)) return first;
    return '';
  }

  function field(name, label, control, hint) {
    control.id = 'ev-' + name;
    control.name = name;
    const err = h('p', { class: 'field-error', id: 'ev-' + name + '-error', 'data-field': name, role: 'alert' });
    err.hidden = true;
    control.setAttribute('aria-describedby', err.id);
    return h('div', { class: 'field', 'data-field': name },
      h('label', { for: control.id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null, err);
  }

  const select = (values, selected) => h('select', {}, values.map((v) => h('option', { value: v, selected: v === selected }, humanEnum(v))));

  function evidenceForm(ctx) {
    const code = ctx.state;
    const slug = new Date().toISOString().slice(0, 10) + '-' + Math.random().toString(36).slice(2, 6);
    const publish = canPublish();
    const result = h('p', { id: 'ev-result', class: 'ev-result', role: 'status' });
    const general = h('ul', { id: 'ev-errors', class: 'field-error', role: 'alert' });
    general.hidden = true;
    const publishBox = publish ? h('label', { class: 'publish' }, h('input', { type: 'checkbox', id: 'ev-publish', name: 'publish' }), ' Publish now (otherwise a draft for review)') : null;
    const form = h('form', { id: 'evidence-form', class: 'curate-form', novalidate: true, 'data-state': code, 'data-obligation': ctx.obligation },
      field('id', 'Record id', h('input', { type: 'text', value: `${code.toLowerCase()}/ev/${slug}`, autocomplete: 'off' }), 'Lower case, the state first: idn/ev/…'),
      field('state', 'State', h('input', { type: 'text', value: code, maxlength: '3', autocomplete: 'off' })),
      field('obligations', 'Obligations', h('input', { type: 'text', value: ctx.obligation, autocomplete: 'off' }), 'Obligation ids, separated by commas'),
      field('kind', 'Kind', select(EVIDENCE_KINDS, 'REPORT')),
      field('date', 'Date', h('input', { type: 'text', placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD', autocomplete: 'off' }), 'When observed or published; keep the precision the source gives'),
      field('finding', 'Finding', select(FINDINGS, 'EFFECTIVE')),
      field('summary', 'Summary', h('textarea', { rows: '3' })),
      field('citation', 'Source citation', h('input', { type: 'text', autocomplete: 'off' })),
      field('url', 'Source URL', h('input', { type: 'url', placeholder: 'https://…', autocomplete: 'off' })),
      field('message', 'Why (kept in the audit log)', h('input', { type: 'text', autocomplete: 'off' }), 'Required'),
      publishBox,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', id: 'ev-submit' }, publish ? 'Save' : 'Save as draft')),
      general, result);

    const val = (n) => form.elements[n].value.trim();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const e of form.querySelectorAll('.field-error')) { e.hidden = true; e.replaceChildren(); }
      for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
      result.textContent = 'Saving…';
      delete form.dataset.outcome;
      const record = {
        ID: val('id'), StateCode: val('state').toUpperCase(), Kind: val('kind'), Finding: val('finding'), Summary: val('summary'),
        ObligationIDs: val('obligations').split(',').map((s) => s.trim()).filter(Boolean),
        Sources: [{ Citation: val('citation'), URL: val('url') }],
      };
      if (val('date')) record.Date = val('date');
      const live = !!(publishBox && form.elements.publish.checked);
      const input = { message: val('message'), publish: live, put: [{ kind: 'EVIDENCE', record }] };
      const { data, errors } = await gql(`mutation AddEvidence($input: ChangesInput!) {
  applyChanges(input: $input) { published added changed draft { id author message } }
}`, { input });
      if (errors.length || !data || !data.applyChanges) {
        result.textContent = '';
        const rest = [];
        for (const e of errors.length ? errors : [{ message: 'nothing was saved' }]) {
          const ext = e.extensions || {};
          const name = fieldOf(ext.field, e.message);
          const box = name && form.querySelector(`.field-error[data-field="${name}"]`);
          // The message without its path: the field says where.
          let text = ext.field && e.message.startsWith(ext.field + ': ') ? e.message.slice(ext.field.length + 2) : e.message;
          const inner = / message=(.*)$/.exec(text); // a decode error wraps the application's message
          if (inner) text = inner[1];
          if (box) {
            box.hidden = false;
            box.append(h('span', {}, text), ' ');
            form.elements[name].setAttribute('aria-invalid', 'true');
          } else {
            rest.push(h('li', { 'data-code': ext.code || '' }, (ext.code ? ext.code + ': ' : '') + e.message));
          }
        }
        if (rest.length) { general.replaceChildren(...rest); general.hidden = false; }
        form.dataset.outcome = 'error';
        const first = form.querySelector('[aria-invalid]');
        if (first) first.focus();
        return;
      }
      const res = data.applyChanges;
      if (res.published) {
        form.dataset.outcome = 'published';
        result.textContent = `Published: ${[...res.added, ...res.changed].join(', ')}.`;
        if (window.pactwatch && window.pactwatch.redraw) window.pactwatch.redraw();
        setTimeout(() => ctx.reload(), 600);
      } else {
        form.dataset.outcome = 'draft';
        form.dataset.draft = res.draft.id;
        result.textContent = `Saved as draft ${res.draft.id}; an editor publishes it.`;
      }
    });
    return h('section', { id: 'curate-evidence', class: 'curate' }, h('h3', {}, 'Add evidence'),
      h('p', { class: 'meta' }, publish ? 'As an editor you may publish at once, or leave a draft.' : 'Your batch is kept as a draft until an editor publishes it; it is in no public answer until then.'),
      form);
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

  async function publishDraft(d, button, status) {
    button.disabled = true;
    status.textContent = 'Publishing…';
    const { data, errors } = await gql('mutation Publish($id: ID!) { publishDraft(id: $id) { published added changed removed } }', { id: d.id });
    if (errors.length || !data || !data.publishDraft) {
      button.disabled = false;
      status.textContent = 'Not published: ' + (errorText(errors) || 'no answer');
      status.classList.add('error');
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
    for (const item of ctx.body.querySelectorAll('.item[data-evidence], .item[data-law]')) {
      item.append(historyBox(item.dataset.evidence || item.dataset.law));
    }
    await viewerReady;
    if (!viewer || dlg.dataset.loaded !== key || ctx.body.querySelector('#curate-evidence')) return;
    if (ctx.knownAt) {
      ctx.body.append(h('section', { id: 'curate-evidence', class: 'curate' }, h('h3', {}, 'Add evidence'),
        h('p', { class: 'meta' }, 'This drill-down reads the graph as it was known in the past; clear "known at" (Now) to add evidence.')));
      return;
    }
    ctx.body.append(evidenceForm(ctx));
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
