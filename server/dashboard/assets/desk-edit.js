// desk-edit.js: edit where you read. On the desk's state, obligation and
// instrument pages (desk.js), a signed-in curator, editor or admin gets,
// for each record the page shows:
//
//   - "Edit" (.edit-record): the record's form (curate-forms.js, through
//     curate.formFor), filled from the stored record (record(id:)) and
//     sending its version, in the edit dialog (#edit-dialog);
//   - "Retract" (.retract-record): a form asking the reason, required
//     (#retract-form), which sends the retraction with the version read;
//   - "History": the record's change log, with "Revert to this revision"
//     for editors (curate.js);
//   - a mark (.pending-draft, data-pending-draft on the record) when an
//     open draft puts or retracts it;
//
// and "Add" buttons (.add-record, data-kind) for each list:
//
//   state page        evidence, reviews, laws (and each law's links to
//                     obligations), state actions
//   obligation page   the laws linked to it, evidence and reviews of it,
//                     and the obligation itself
//   instrument page   its provisions and their obligations
//
// A curator's save is a draft that an editor publishes from "Drafts"; an
// editor may publish at once. Nothing is offered while the page reads the
// graph at a past moment (known at). The page's section carries
// data-editable="true" once the tools are drawn, and data-pending (the
// number of records marked) once the open drafts are read.
(function () {
  'use strict';

  const curate = window.pactwatchCurate;
  if (!curate) return;
  const { h, gql, humanEnum, canPublish } = curate;

  // What each page can edit: the list (a selector in the page), its items
  // (each a record, by its id or idAttr), their kind and the add button's
  // words; context gives a form its defaults from the page.
  const PAGES = {
    state: [
      { list: '#state-evidence', item: ':scope > li[id]', kind: 'EVIDENCE', add: 'Add evidence' },
      { list: '#state-reviews', item: ':scope > li[id]', kind: 'REVIEW', add: 'Add a review' },
      { list: '#state-laws', item: ':scope > li[id]', kind: 'LAW', add: 'Add a law' },
      { list: '#state-actions', item: 'tr[id]', kind: 'STATE_ACTION', add: 'Add an action' },
    ],
    obligation: [
      { list: '#link-texts', item: ':scope > article.link[id]', kind: 'IMPLEMENTATION', add: 'Link a law' },
      { list: '#obligation-status', item: null, kind: 'EVIDENCE', add: 'Add evidence' },
      { list: '#obligation-status', item: null, kind: 'REVIEW', add: 'Add a review' },
    ],
    instrument: [
      { list: '#provisions', item: ':scope > article.provision[id]', kind: 'PROVISION', add: 'Add a provision' },
      { list: '#provisions', item: 'li[data-obligation]', idAttr: 'data-obligation', kind: 'OBLIGATION', add: 'Add an obligation' },
    ],
  };

  const RECORD = 'query EditRecord($id: ID!) { record(id: $id) { id kind version record } }';
  const PENDING = 'query PendingDrafts($records: [ID!]!) { pendingDrafts(records: $records) { record drafts { draft author message } } }';
  const LAW_LINKS = 'query LawLinks($code: String!) { state(code: $code) { laws { id implementations { id extent obligation { id } } } } }';
  const RETRACT = `mutation Retract($input: ChangesInput!) {
  applyChanges(input: $input) { published removed draft { id } }
}`;

  let page = null; // {kind, id, section}

  // ---------- the dialog ----------

  function dialog() {
    let dlg = document.getElementById('edit-dialog');
    if (dlg) return dlg;
    dlg = h('dialog', { id: 'edit-dialog', class: 'drafts', 'aria-labelledby': 'edit-title' },
      h('div', { class: 'dd-head' }, h('h2', { id: 'edit-title' }, 'Edit'),
        h('button', { type: 'button', class: 'dd-close', id: 'edit-close', 'aria-label': 'Close (Esc)', onclick: () => dlg.close() }, '✕')),
      h('div', { id: 'edit-body', class: 'dd-body' }));
    document.body.append(dlg);
    return dlg;
  }

  function openWith(title, ...content) {
    const dlg = dialog();
    document.getElementById('edit-title').textContent = title;
    document.getElementById('edit-body').replaceChildren(...content);
    if (!dlg.open) dlg.showModal();
    return dlg;
  }

  // contextOf is what a form takes from the page: its state and
  // obligation, how to redraw, and the stored record to edit (base).
  function contextOf(kind, base, item) {
    const rec = base ? base.record : {};
    const q = new URLSearchParams(location.search);
    const chosen = document.getElementById('edit-state');
    let state = rec.StateCode || (item && item.dataset.state) || (page.kind === 'state' ? (q.get('code') || '').toUpperCase() : '') || (chosen ? chosen.value : '');
    if (!state && rec.LawID) state = rec.LawID.split('/')[0].toUpperCase();
    const obligation = rec.ObligationID || (page.kind === 'obligation' ? page.id : '') || ((rec.ObligationIDs || [])[0]) || '';
    return {
      state, obligation, base, node: null,
      reload: () => { if (window.pactwatch && window.pactwatch.hooks && window.pactwatch.hooks.page) window.pactwatch.hooks.page(); },
      onDraft: () => markPending(),
    };
  }

  async function editRecord(id, kind, item) {
    openWith('Edit ' + id, h('p', { class: 'meta' }, 'Loading…'));
    const { data, errors } = await gql(RECORD, { id });
    const got = data && data.record;
    if (errors.length || !got) {
      openWith('Edit ' + id, h('p', { class: 'status error' }, 'Could not load ' + id + ': ' + (errors.map((e) => e.message).join('; ') || 'not stored')));
      return;
    }
    const form = curate.formFor(got.kind || kind, contextOf(kind, { id, version: got.version, record: got.record }, item));
    openWith('Edit ' + id, form);
  }

  function addRecord(kind, defaults) {
    const ctx = contextOf(kind, null, null);
    const form = curate.formFor(kind, ctx);
    openWith(humanEnum(kind) === 'implementation' ? 'Link a law' : 'Add ' + humanEnum(kind), form);
    if (defaults) {
      for (const [name, v] of Object.entries(defaults)) {
        const el = form.querySelector(`[name="${name}"]`);
        if (el) el.value = v;
      }
    }
  }

  // retractRecord asks why, then sends the retraction with the version
  // read: a draft for a curator, live for an editor who asks it.
  async function retractRecord(id) {
    const { data } = await gql(RECORD, { id });
    const version = data && data.record ? data.record.version : null;
    const reason = h('textarea', { id: 'rt-reason', name: 'reason', rows: '3', required: true });
    const err = h('p', { class: 'field-error', id: 'rt-reason-error', role: 'alert' });
    err.hidden = true;
    const result = h('p', { id: 'rt-result', class: 'ev-result', role: 'status' });
    const publish = canPublish() ? h('label', { class: 'publish' }, h('input', { type: 'checkbox', id: 'rt-publish', name: 'publish' }), ' Publish now (otherwise a draft for review)') : null;
    const submit = h('button', { type: 'submit', id: 'rt-submit' }, canPublish() ? 'Retract' : 'Propose the retraction');
    let idempotencyKey = window.crypto && crypto.randomUUID ? crypto.randomUUID() : 'k-' + Math.random().toString(36).slice(2);
    let pending = false;
    const form = h('form', { id: 'retract-form', class: 'curate-form', novalidate: true, 'data-record': id },
      h('p', { class: 'meta' }, `Retract ${id}${version ? ' (as stored at version ' + version + ')' : ''}: the change log keeps it, with the reason.`),
      h('div', { class: 'field', 'data-field': 'reason' }, h('label', { for: 'rt-reason' }, 'Why is it retracted? (required)'), reason, err),
      publish, h('div', { class: 'form-actions' }, submit), result);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (pending) return;
      err.hidden = true;
      if (!reason.value.trim()) {
        err.textContent = 'required: say why the record is retracted';
        err.hidden = false;
        reason.setAttribute('aria-invalid', 'true');
        form.dataset.outcome = 'error';
        return;
      }
      pending = true;
      submit.disabled = true;
      result.textContent = 'Saving…';
      const r = { id, reason: reason.value.trim() };
      if (version) r.version = version;
      const live = !!(publish && form.elements.publish.checked);
      const res = await gql(RETRACT, { input: { message: r.reason, publish: live, retract: [r], idempotencyKey } });
      pending = false;
      submit.disabled = false;
      if (res.errors.length || !res.data || !res.data.applyChanges) {
        result.textContent = 'Not retracted: ' + (res.errors.map((e) => (e.extensions && e.extensions.code ? e.extensions.code + ': ' : '') + e.message).join('; ') || 'no answer');
        form.dataset.outcome = res.errors.some((e) => e.extensions && e.extensions.code === 'CONFLICT') ? 'conflict' : 'error';
        return;
      }
      idempotencyKey = window.crypto && crypto.randomUUID ? crypto.randomUUID() : 'k-' + Math.random().toString(36).slice(2);
      const a = res.data.applyChanges;
      if (a.published) {
        form.dataset.outcome = 'published';
        result.textContent = `Retracted ${id}.`;
        setTimeout(() => contextOf('', null, null).reload(), 600);
      } else {
        form.dataset.outcome = 'draft';
        form.dataset.draft = a.draft.id;
        result.textContent = `Saved as draft ${a.draft.id}; an editor publishes it.`;
        markPending();
      }
    });
    openWith('Retract ' + id, form);
    reason.focus();
  }

  // ---------- the tools on the page ----------

  function tools(id, kind, item) {
    return h('span', { class: 'edit-tools', 'data-record': id },
      h('button', { type: 'button', class: 'edit-record btn-plain', 'data-record': id, 'data-kind': kind, onclick: () => editRecord(id, kind, item) }, 'Edit'),
      h('button', { type: 'button', class: 'retract-record btn-plain', 'data-record': id, onclick: () => retractRecord(id) }, 'Retract'),
      curate.historyBox ? curate.historyBox(id) : null);
  }

  function addButton(kind, words, defaults) {
    return h('button', { type: 'button', class: 'add-record btn-secondary', 'data-kind': kind, onclick: () => addRecord(kind, defaults) }, words);
  }

  // lawLinks lists, under each law of the state page, its links to
  // obligations, each with its tools, and a button to link it to one more.
  async function lawLinks(section, code) {
    const { data } = await gql(LAW_LINKS, { code });
    const laws = (data && data.state && data.state.laws) || [];
    for (const l of laws) {
      const li = section.querySelector(`#state-laws > li[id="${CSS.escape(l.id)}"]`);
      if (!li) continue;
      const ul = h('ul', { class: 'law-links' }, l.implementations.map((impl) => h('li', { 'data-link': impl.id, 'data-record-id': impl.id },
        'implements ', h('code', {}, impl.obligation.id), ` (${humanEnum(impl.extent)}) `, tools(impl.id, 'IMPLEMENTATION', null))));
      li.append(ul, addButton('IMPLEMENTATION', 'Link to an obligation', { law: l.id, obligation: '' }));
    }
  }

  async function onPage(p) {
    page = p;
    await curate.ready();
    const section = p.section;
    if (!section || !curate.viewer() || p.knownAt || section.querySelector('.edit-tools, .add-bar')) return;
    for (const spec of PAGES[p.kind] || []) {
      const list = section.querySelector(spec.list);
      if (!list) continue;
      if (spec.item) {
        for (const item of list.querySelectorAll(spec.item)) {
          const id = spec.idAttr ? item.getAttribute(spec.idAttr) : item.id;
          item.dataset.recordId = id;
          const where = item.tagName === 'TR' ? item.lastElementChild : item;
          where.append(' ', tools(id, spec.kind, item));
        }
      }
      const bar = list.nextElementSibling && list.nextElementSibling.classList.contains('add-bar') ? list.nextElementSibling : h('p', { class: 'add-bar' });
      bar.append(addButton(spec.kind, spec.add), ' ');
      if (!bar.isConnected) list.after(bar);
    }
    if (p.kind === 'obligation') {
      // Evidence and reviews of the obligation are a state's: chosen here.
      const bar = section.querySelector('#obligation-status + .add-bar');
      const states = [...section.querySelectorAll('#obligation-status tr[data-state]')].map((tr) => tr.dataset.state);
      if (bar && states.length) {
        bar.prepend(h('label', { class: 'control' }, 'State ', h('select', { id: 'edit-state' }, states.map((c) => h('option', { value: c }, c)))), ' ');
      }
      const title = section.querySelector('#desk-title');
      if (title) title.after(h('p', { class: 'add-bar', 'data-record-id': p.id }, tools(p.id, 'OBLIGATION', null)));
    }
    if (p.kind === 'state') await lawLinks(section, p.id);
    section.dataset.editable = 'true';
    await markPending();
  }

  // markPending marks each record of the page that an open draft puts or
  // retracts, naming the drafts and their authors, as the API lists them
  // (pendingDrafts over every open draft).
  async function markPending() {
    const section = page && page.section;
    if (!section) return;
    const ids = [...new Set([...section.querySelectorAll('[data-record-id]')].map((el) => el.dataset.recordId))];
    const { data } = await gql(PENDING, { records: ids });
    const byRecord = {};
    for (const p of (data && data.pendingDrafts) || []) byRecord[p.record] = p.drafts;
    for (const old of section.querySelectorAll('.pending-draft')) old.remove();
    let n = 0;
    for (const el of section.querySelectorAll('[data-record-id]')) {
      const drafts = byRecord[el.dataset.recordId];
      if (!drafts) { delete el.dataset.pendingDraft; continue; }
      n++;
      el.dataset.pendingDraft = drafts.map((d) => d.draft).join(' ');
      const tip = el.querySelector(':scope > .edit-tools') || el.querySelector('.edit-tools');
      const mark = h('span', { class: 'pending-draft badge', title: drafts.map((d) => `${d.draft}: ${d.message}`).join('\n') },
        `pending draft${drafts.length > 1 ? 's' : ''} by ${drafts.map((d) => d.author).join(', ')}`);
      if (tip) tip.before(mark, ' '); else el.append(' ', mark);
    }
    section.dataset.pending = String(n);
  }

  function start() {
    if (window.pactwatch && window.pactwatch.hooks) window.pactwatch.hooks.deskPage = (p) => { onPage(p); };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
