// curate-forms.js: the edit forms of a compliance drill-down (state ×
// obligation), for a signed-in curator, editor or admin (curate.js calls
// curate.forms once the drill-down is drawn):
//
//   - Add evidence (#evidence-form, fields #ev-*): an EVIDENCE record;
//   - Add a review (#review-form, fields #rv-*): a REVIEW record, that the
//     state's law was read against the obligation (or the instrument);
//   - Link a law (#link-form, fields #ln-*): an IMPLEMENTATION record, from
//     one of the state's laws to the obligation, its id made as the files
//     make it: LAW/implements/OBLIGATION.
//
//   - a law (#law-form, fields #lw-*) and, for the other kinds, the record
//     as JSON (#record-form, fields #rc-*), for the desk pages' "Edit" and
//     "Add" (desk-edit.js, through curate.formFor).
//
// Each is sent through applyChanges with a source (a citation, required;
// a URL, or without one a locator that the form asks for once: a record
// may rest on an interview or an offline court file) and a required
// message: a curator's batch becomes a draft
// that an editor publishes from "Drafts"; an editor may publish at once.
// The server's problems (BAD_USER_INPUT with extensions.field) are shown at
// the field they concern; the others below the form. The form's
// data-outcome is "error", "draft", "published" or "conflict" once
// answered.
//
// A form submits once: its button waits while the answer is pending, and
// each submission carries an idempotencyKey, kept until the server has
// answered it, so that a repeat (a double click, a retry) is told the same
// draft rather than making another.
//
// Editing a stored record (ctx.base = {id, version, record}): the form
// starts from the record, and what it saves is the record with the form's
// fields laid over it, so that fields the form does not show (a tier, a
// report year, claims, further sources) are kept.
//
// Versions: a form sends the version of the record it edits, the one it
// reloaded (none for a new record, which the server then expects absent).
// When the record is stored already, or has changed since it was loaded
// (CONFLICT), the form says so in #PREFIX-conflict, with the record's
// current version (data-version), and offers "Reload the record"
// (#PREFIX-reload): the stored record fills the form and its version is
// sent with the next save.
(function () {
  'use strict';

  const EVIDENCE_KINDS = ['REPORT', 'COURT_CASE', 'STATISTIC', 'ASSESSMENT', 'INTERVIEW', 'NEWS'];
  const FINDINGS = ['EFFECTIVE', 'MIXED', 'GAP'];
  const SCOPES = ['LISTED', 'ALL_HELD'];
  const METHODS = ['STATUTE_READING', 'LEGISLATIVE_REVIEW', 'UN_ASSESSMENT', 'ASEAN_ASSESSMENT', 'TIP_REPORT', 'OTHER'];
  const EXTENTS = ['PARTIAL', 'FULL'];

  const curate = window.pactwatchCurate;
  if (!curate) return;
  const { h, gql, humanEnum, canPublish } = curate;

  const RECORD_VERSION = 'query RecordVersion($id: ID!) { node(id: $id) { ... on Evidence { version } ... on Review { version } ... on Implementation { version } } }';
  const RECORD_NOW = 'query RecordNow($id: ID!) { record(id: $id) { id kind version record } }';

  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const slug = () => new Date().toISOString().slice(0, 10) + '-' + Math.random().toString(36).slice(2, 6);
  const select = (values, selected) => h('select', {}, values.map((v) => h('option', { value: v, selected: v === selected }, humanEnum(v))));
  const text = (attrs) => h('input', Object.assign({ type: 'text', autocomplete: 'off' }, attrs || {}));

  // The fields every form ends with: the source and the message.
  const SOURCE_FIELDS = [
    { name: 'citation', label: 'Source citation', control: () => text(), required: 'the source the record rests on' },
    { name: 'url', label: 'Source URL', control: () => h('input', { type: 'url', placeholder: 'https://…', autocomplete: 'off' }), hint: 'Optional: a source may be a citation alone (an interview, an offline court file)' },
    { name: 'locator', label: 'Where in the source', control: () => text({ placeholder: 'page, paragraph, file number, archive…' }), hint: 'Without a URL, say where a reader finds it' },
    { name: 'message', label: 'Why (kept in the audit log)', control: () => text(), hint: 'Required' },
  ];

  // newIdempotencyKey names one submission of a form.
  const newIdempotencyKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : 'k-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2));

  // sourceOf is the form's source, over the one it was loaded with (its
  // publisher, date and claims kept).
  const sourceOf = (val, loaded) => {
    const src = Object.assign({}, loaded || {}, { Citation: val('citation'), URL: val('url') });
    if (val('locator')) src.Locator = val('locator'); else delete src.Locator;
    return src;
  };

  // fieldOf maps a problem's path (extensions.field) to the form's field
  // that shows it: the record's field after input.put[0].record, by the
  // names spec.aliases gives (lower case); a record the server cannot
  // decode is reported at the record, its message naming the JSON field
  // ('within "/Date"').
  function fieldOf(spec, path, message) {
    if (!path) return '';
    if (path === 'input.message') return 'message';
    const m = /^input\.put\[0\]\.record(?:\.(.*))?$/.exec(path);
    if (!m) return '';
    const within = /within "\/([^"]+)"/.exec(message || '');
    const rest = (m[1] || (within ? within[1].replace(/\//g, '.') : '')).toLowerCase();
    if (!rest) return '';
    const first = rest.split(/[.[]/)[0];
    if (first === 'sources' || first === 'source') {
      const m2 = message || '';
      return /url/.test(rest) || (/\burl\b/.test(m2) && !/citation/.test(m2)) ? 'url' : 'citation';
    }
    for (const f of spec.fields) {
      if (f.name === first || (f.aliases || []).includes(first)) return f.name;
    }
    return '';
  }

  function fieldBox(prefix, f) {
    const control = f.control();
    control.id = `${prefix}-${f.name}`;
    control.name = f.name;
    if (f.list) control.setAttribute('list', f.list);
    const err = h('p', { class: 'field-error', id: `${prefix}-${f.name}-error`, 'data-field': f.name, role: 'alert' });
    err.hidden = true;
    control.setAttribute('aria-describedby', err.id);
    return h('div', { class: 'field', 'data-field': f.name },
      h('label', { for: control.id }, f.label), control, f.hint ? h('p', { class: 'hint' }, f.hint) : null, err);
  }

  // recordForm builds one form from its spec: {id, prefix, section, title,
  // kind, intro, open, fields, record(val), fill(rec, set), extra}: fill
  // puts a stored record (its JSON) back into the fields, for a reload.
  function recordForm(spec, ctx) {
    const { prefix } = spec;
    const publish = canPublish();
    const fields = [...spec.fields, ...SOURCE_FIELDS];
    spec = Object.assign({}, spec, { fields });
    const result = h('p', { id: `${prefix}-result`, class: 'ev-result', role: 'status' });
    const general = h('ul', { id: `${prefix}-errors`, class: 'field-error', role: 'alert' });
    general.hidden = true;
    const conflict = h('div', { id: `${prefix}-conflict`, class: 'field-error conflict', role: 'alert' });
    conflict.hidden = true;
    // base is the record the form edits, as last reloaded: {id, version}.
    let base = ctx.base ? { id: ctx.base.id, version: ctx.base.version } : null;
    // loaded is the stored record the form started from (kept fields).
    let loaded = ctx.base ? ctx.base.record : null;
    let idempotencyKey = newIdempotencyKey();
    let pending = false;
    let promptedLocator = false;
    const publishBox = publish ? h('label', { class: 'publish' }, h('input', { type: 'checkbox', id: `${prefix}-publish`, name: 'publish' }), ' Publish now (otherwise a draft for review)') : null;
    const form = h('form', { id: spec.id, class: 'curate-form', novalidate: true, 'data-state': ctx.state, 'data-obligation': ctx.obligation },
      fields.map((f) => fieldBox(prefix, f)), spec.extra || null, publishBox,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', id: `${prefix}-submit` }, publish ? 'Save' : 'Save as draft')),
      ctx.base ? h('p', { class: 'meta edit-base', 'data-version': ctx.base.version }, `Editing ${ctx.base.id} as stored at version ${ctx.base.version}.`) : null,
      conflict, general, result);

    const val = (n) => form.elements[n].value.trim();
    const showAt = (name, message) => {
      const box = form.querySelector(`.field-error[data-field="${name}"]`);
      box.hidden = false;
      box.append(h('span', {}, message), ' ');
      form.elements[name].setAttribute('aria-invalid', 'true');
    };
    const failed = () => {
      form.dataset.outcome = 'error';
      const first = form.querySelector('[aria-invalid]');
      if (first) first.focus();
    };
    const submit = () => form.querySelector('button[type=submit]');
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (pending) return; // one submission at a time
      pending = true;
      submit().disabled = true;
      form.setAttribute('aria-busy', 'true');
      try { await save(); } finally {
        pending = false;
        submit().disabled = false;
        form.removeAttribute('aria-busy');
      }
    });
    async function save() {
      for (const e of form.querySelectorAll('.field-error')) { e.hidden = true; e.replaceChildren(); }
      for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
      delete form.dataset.outcome;
      result.textContent = '';
      conflict.hidden = true;
      conflict.replaceChildren();
      // What the server cannot know the form wants: a source readers can follow.
      const missing = fields.filter((f) => f.required && !val(f.name));
      if (missing.length) {
        for (const f of missing) showAt(f.name, 'required: ' + f.required);
        failed();
        return;
      }
      // A citation alone is a source; asked once where a reader finds it.
      if (!val('url') && !val('locator') && !promptedLocator) {
        promptedLocator = true;
        showAt('locator', 'No URL: say where a reader finds the source (a page, a file number, an archive), or save again to keep the citation alone.');
        form.dataset.outcome = 'prompt';
        form.elements.locator.focus();
        return;
      }
      result.textContent = 'Saving…';
      const fromForm = spec.record(val);
      const sameRecord = loaded && (loaded.ID === fromForm.ID || loaded.id === fromForm.ID);
      const kept = sameRecord ? loaded : {};
      const sources = (kept.Sources || []).slice();
      sources[0] = sourceOf(val, sources[0]);
      const record = Object.assign({}, kept, fromForm, { Sources: sources });
      delete record.Origin; delete record.OriginLine;
      const live = !!(publishBox && form.elements.publish.checked);
      const put = { kind: spec.kind, record };
      if (base && base.id === record.ID) put.version = base.version;
      const input = { message: val('message'), publish: live, put: [put], idempotencyKey };
      const { data, errors } = await gql(`mutation ${spec.operation}($input: ChangesInput!) {
  applyChanges(input: $input) { published added changed version draft { id author message } }
}`, { input });
      if (errors.length || !data || !data.applyChanges) {
        result.textContent = '';
        const rest = [];
        for (const e of errors.length ? errors : [{ message: 'nothing was saved' }]) {
          const ext = e.extensions || {};
          if (ext.code === 'CONFLICT' || (ext.code === 'BAD_USER_INPUT' && ext.field === 'input.put[0].version')) {
            await showConflict(record.ID, ext.code === 'CONFLICT' ? e.message : '');
            continue;
          }
          const name = fieldOf(spec, ext.field, e.message);
          // The message without its path: the field says where.
          let msg = ext.field && e.message.startsWith(ext.field + ': ') ? e.message.slice(ext.field.length + 2) : e.message;
          const inner = / message=(.*)$/.exec(msg); // a decode error wraps the application's message
          if (inner) msg = inner[1];
          if (name) showAt(name, msg);
          else rest.push(h('li', { 'data-code': ext.code || '' }, (ext.code ? ext.code + ': ' : '') + e.message));
        }
        if (rest.length) { general.replaceChildren(...rest); general.hidden = false; }
        if (!conflict.hidden && !rest.length && !form.querySelector('[aria-invalid]')) {
          form.dataset.outcome = 'conflict';
          return;
        }
        failed();
        return;
      }
      const res = data.applyChanges;
      idempotencyKey = newIdempotencyKey(); // answered: the next save is another batch
      promptedLocator = false;
      if (res.published && res.version) base = { id: record.ID, version: res.version };
      if (res.published) {
        form.dataset.outcome = 'published';
        result.textContent = `Published: ${[...res.added, ...res.changed].join(', ')}.`;
        curate.redraw();
        setTimeout(() => ctx.reload(), 600);
        if (ctx.onPublished) ctx.onPublished();
      } else {
        form.dataset.outcome = 'draft';
        form.dataset.draft = res.draft.id;
        result.textContent = `Saved as draft ${res.draft.id}; an editor publishes it.`;
        if (ctx.onDraft) ctx.onDraft(res.draft);
      }
    }
    // showConflict tells the curator that id is stored at a version the
    // form did not load (message: the server's CONFLICT, naming it), and
    // offers to reload it.
    async function showConflict(id, message) {
      const { data } = await gql(RECORD_VERSION, { id });
      const version = data && data.node && data.node.version;
      conflict.dataset.version = version || '';
      const text = message
        ? `Not saved: ${message}`
        : `Not saved: ${id} is stored already, at version ${version || 'unknown'}. Reload it to edit it, or give a new id.`;
      const reload = h('button', { type: 'button', id: `${prefix}-reload`, class: 'btn-plain' }, 'Reload the record');
      reload.addEventListener('click', () => reloadRecord(id));
      conflict.replaceChildren(h('p', {}, text), reload);
      conflict.hidden = false;
    }

    // reloadRecord fills the form with the stored record id (its newest
    // change's after) and keeps its version for the next save.
    async function reloadRecord(id) {
      const { data, errors } = await gql(RECORD_NOW, { id });
      const got = data && data.record;
      if (errors.length || !got) {
        conflict.replaceChildren(h('p', {}, `Could not reload ${id}.`));
        return;
      }
      fillFrom(got.record);
      loaded = got.record;
      base = { id, version: got.version };
      form.dataset.version = got.version;
      conflict.hidden = true;
      conflict.replaceChildren();
      delete form.dataset.outcome;
      const others = (got.record.Sources || []).length - 1;
      const more = others > 0 ? ` Its ${others} other source${others === 1 ? '' : 's'} will be kept as stored.` : '';
      result.textContent = `Reloaded ${id} at version ${got.version}: the form shows the stored record; edit it and save again.${more}`;
    }

    function fillFrom(rec) {
      const set = (name, v) => { if (form.elements[name] && v != null) form.elements[name].value = Array.isArray(v) ? v.join(', ') : String(v); };
      spec.fill(rec, set);
      const src = (rec.Sources || [])[0] || {};
      set('citation', src.Citation);
      set('url', src.URL);
      set('locator', src.Locator);
    }
    if (ctx.base) fillFrom(ctx.base.record);

    const box = h('details', { id: spec.section, class: 'curate', open: spec.open || !!ctx.base },
      h('summary', {}, h('h3', {}, spec.title)),
      h('p', { class: 'meta' }, spec.intro, ' ', publish ? 'As an editor you may publish at once, or leave a draft.' : 'Your batch is kept as a draft until an editor publishes it; it is in no public answer until then.'),
      form);
    return box;
  }

  // lawsList is a datalist of the state's laws (#curate-laws, for the
  // review's and the link's law fields), filled when the server answers.
  function lawsList(ctx) {
    const dl = h('datalist', { id: 'curate-laws' });
    gql('query StateLaws($code: String!) { state(code: $code) { laws { id number title } } }', { code: ctx.state }).then(({ data }) => {
      const laws = (data && data.state && data.state.laws) || [];
      dl.replaceChildren(...laws.map((l) => h('option', { value: l.id }, `${l.number || l.id} — ${l.title}`)));
      dl.dataset.loaded = String(laws.length);
    });
    return dl;
  }

  function evidenceForm(ctx) {
    const code = ctx.state;
    return recordForm({
      id: 'evidence-form', prefix: 'ev', section: 'curate-evidence', title: 'Add evidence', kind: 'EVIDENCE', operation: 'AddEvidence', open: true,
      intro: 'Evidence on practice: a report, court case or figure on how the obligation is carried out.',
      fields: [
        { name: 'id', label: 'Record id', control: () => text({ value: `${code.toLowerCase()}/ev/${slug()}` }), hint: 'Lower case, the state first: idn/ev/…' },
        { name: 'state', label: 'State', control: () => text({ value: code, maxlength: '3' }), aliases: ['statecode'] },
        { name: 'obligations', label: 'Obligations', control: () => text({ value: ctx.obligation }), hint: 'Obligation ids, separated by commas', aliases: ['obligationids', 'themes'] },
        { name: 'kind', label: 'Kind', control: () => select(EVIDENCE_KINDS, 'REPORT') },
        { name: 'date', label: 'Date', control: () => text({ placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD' }), hint: 'When observed or published; keep the precision the source gives' },
        { name: 'finding', label: 'Finding', control: () => select(FINDINGS, 'EFFECTIVE') },
        { name: 'summary', label: 'Summary', control: () => h('textarea', { rows: '3' }) },
      ],
      fill: (rec, set) => {
        set('id', rec.ID); set('state', rec.StateCode); set('obligations', rec.ObligationIDs || []); set('kind', rec.Kind);
        set('date', rec.Date || ''); set('finding', rec.Finding); set('summary', rec.Summary);
      },
      record: (val) => {
        const r = { ID: val('id'), StateCode: val('state').toUpperCase(), Kind: val('kind'), Finding: val('finding'), Summary: val('summary'), ObligationIDs: list(val('obligations')) };
        if (val('date')) r.Date = val('date');
        return r;
      },
    }, ctx);
  }

  function reviewForm(ctx) {
    const code = ctx.state;
    const instrument = (ctx.node && ctx.node.instrument && ctx.node.instrument.id) || ctx.obligation.split('/')[0];
    return recordForm({
      id: 'review-form', prefix: 'rv', section: 'curate-review', title: 'Add a review', kind: 'REVIEW', operation: 'AddReview',
      intro: 'A review says the state\'s law was read against this obligation (LISTED) or every obligation of the instrument the state holds (ALL_HELD): an obligation it covers that no law implements is then "reviewed, none found".',
      fields: [
        { name: 'id', label: 'Record id', control: () => text({ value: `${code}/review/${instrument}/${slug()}` }), hint: 'The state first: IDN/review/…' },
        { name: 'state', label: 'State', control: () => text({ value: code, maxlength: '3' }), aliases: ['statecode'] },
        { name: 'instrument', label: 'Instrument', control: () => text({ value: instrument }), aliases: ['instrumentid'] },
        { name: 'scope', label: 'Scope', control: () => select(SCOPES, 'LISTED') },
        { name: 'obligations', label: 'Obligations read against', control: () => text({ value: ctx.obligation }), hint: 'With scope LISTED: obligation ids, separated by commas', aliases: ['obligationids', 'provisions', 'provisionids'] },
        { name: 'date', label: 'Date', control: () => text({ placeholder: 'YYYY-MM-DD' }), hint: 'The day the review speaks for: the date of the latest text read' },
        { name: 'method', label: 'Method', control: () => select(METHODS, 'STATUTE_READING') },
        { name: 'reviewer', label: 'Reviewer', control: () => text(), hint: 'Who read the law, or the source that did' },
        { name: 'laws', label: 'Laws read', control: () => text(), list: 'curate-laws', hint: 'Law ids, separated by commas (or give the articles)', aliases: ['lawids'] },
        { name: 'articles', label: 'Articles read', control: () => text(), hint: 'Optional: e.g. Art. 2, Art. 5' },
        { name: 'summary', label: 'Summary', control: () => h('textarea', { rows: '3' }), hint: 'What was read and what was found' },
      ],
      extra: lawsList(ctx),
      fill: (rec, set) => {
        set('id', rec.ID); set('state', rec.StateCode); set('instrument', rec.InstrumentID); set('scope', rec.Scope);
        set('obligations', rec.ObligationIDs || []); set('date', rec.Date || ''); set('method', rec.Method); set('reviewer', rec.Reviewer);
        set('laws', rec.LawIDs || []); set('articles', rec.Articles || []); set('summary', rec.Summary);
      },
      record: (val) => {
        const r = {
          ID: val('id'), StateCode: val('state').toUpperCase(), InstrumentID: val('instrument'), Scope: val('scope'), Method: val('method'),
          Reviewer: val('reviewer'), Summary: val('summary'), LawIDs: list(val('laws')), Articles: list(val('articles')),
        };
        if (r.Scope === 'LISTED') r.ObligationIDs = list(val('obligations'));
        if (val('date')) r.Date = val('date');
        return r;
      },
    }, ctx);
  }

  function linkForm(ctx) {
    return recordForm({
      id: 'link-form', prefix: 'ln', section: 'curate-link', title: 'Link a law', kind: 'IMPLEMENTATION', operation: 'LinkLaw',
      intro: 'An implementation link says one of the state\'s laws implements this obligation, fully or in part, citing the articles that do.',
      fields: [
        { name: 'law', label: 'Law', control: () => text({ placeholder: ctx.state.toLowerCase() + '/law-…' }), list: 'curate-laws', hint: 'The id of one of the state\'s laws', aliases: ['lawid', 'id'] },
        { name: 'obligation', label: 'Obligation', control: () => text({ value: ctx.obligation }), aliases: ['obligationid'] },
        { name: 'extent', label: 'Extent', control: () => select(EXTENTS, 'PARTIAL') },
        { name: 'articles', label: 'Articles', control: () => text(), hint: 'The law\'s articles that implement it, separated by commas: Art. 2, Art. 5' },
        { name: 'note', label: 'Note', control: () => h('textarea', { rows: '2' }), hint: 'Why FULL or PARTIAL' },
      ],
      fill: (rec, set) => {
        set('law', rec.LawID); set('obligation', rec.ObligationID); set('extent', rec.Extent); set('articles', rec.Articles || []); set('note', rec.Note);
      },
      record: (val) => ({
        ID: `${val('law')}/implements/${val('obligation')}`, LawID: val('law'), ObligationID: val('obligation'), Extent: val('extent'),
        Articles: list(val('articles')), Note: val('note'),
      }),
    }, ctx);
  }

  const LAW_KINDS = ['STATUTE', 'GOVERNMENT_REGULATION', 'PRESIDENTIAL_REGULATION', 'MINISTERIAL_REGULATION', 'DECREE', 'NATIONAL_ACTION_PLAN', 'TASK_FORCE_MANDATE', 'RATIFICATION_ACT', 'OTHER'];

  function lawForm(ctx) {
    const code = ctx.state || '';
    return recordForm({
      id: 'law-form', prefix: 'lw', section: 'curate-law', title: ctx.base ? 'Edit the law' : 'Add a law', kind: 'LAW', operation: 'SaveLaw',
      intro: 'A law of the state: a statute, regulation, decree or plan, with the dates it was enacted, took effect and was repealed.',
      fields: [
        { name: 'id', label: 'Record id', control: () => text({ value: `${code.toLowerCase()}/law-` }), hint: 'Lower case, the state first: idn/law-21-2007' },
        { name: 'state', label: 'State', control: () => text({ value: code, maxlength: '3' }), aliases: ['statecode'] },
        { name: 'title', label: 'Title', control: () => text() },
        { name: 'number', label: 'Number', control: () => text(), hint: 'Optional: e.g. Law No. 21 of 2007' },
        { name: 'kind', label: 'Kind', control: () => select(LAW_KINDS, 'STATUTE') },
        { name: 'enacted', label: 'Enacted', control: () => text({ placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD' }) },
        { name: 'inforce', label: 'In force', control: () => text({ placeholder: 'empty: on enactment' }), aliases: ['inforce'] },
        { name: 'repealed', label: 'Repealed', control: () => text({ placeholder: 'empty while it stands' }) },
        { name: 'summary', label: 'Summary', control: () => h('textarea', { rows: '3' }) },
      ],
      fill: (rec, set) => {
        set('id', rec.ID); set('state', rec.StateCode); set('title', rec.Title); set('number', rec.Number); set('kind', rec.Kind);
        set('enacted', rec.Enacted || ''); set('inforce', rec.InForce || ''); set('repealed', rec.Repealed || ''); set('summary', rec.Summary);
      },
      record: (val) => ({
        ID: val('id'), StateCode: val('state').toUpperCase(), Title: val('title'), Number: val('number'), Kind: val('kind'),
        Enacted: val('enacted'), InForce: val('inforce'), Repealed: val('repealed'), Summary: val('summary'),
      }),
    }, ctx);
  }

  // jsonForm edits any other record as JSON, named as the API takes it
  // (its Go fields), its first source in the source fields.
  function jsonForm(ctx, kind) {
    return recordForm({
      id: 'record-form', prefix: 'rc', section: 'curate-record', title: (ctx.base ? 'Edit ' : 'Add ') + humanEnum(kind), kind, operation: 'SaveRecord',
      intro: 'The record\'s fields as JSON, named as the write API takes them (ID, Summary, …).',
      fields: [
        { name: 'json', label: 'Record (JSON)', control: () => h('textarea', { rows: '10', spellcheck: 'false', class: 'record-json' }), required: 'the record as a JSON object' },
      ],
      fill: (rec, set) => {
        const shown = Object.assign({}, rec);
        delete shown.Sources; delete shown.Origin; delete shown.OriginLine;
        set('json', JSON.stringify(shown, null, 2));
      },
      record: (val) => {
        try { return JSON.parse(val('json')); } catch (_) { return { ID: '' }; }
      },
    }, ctx);
  }

  curate.forms = (ctx) => [evidenceForm(ctx), reviewForm(ctx), linkForm(ctx)];

  // formFor is the form for one record kind, to add one (ctx.base null) or
  // edit ctx.base = {id, version, record} (desk-edit.js).
  curate.formFor = (kind, ctx) => {
    switch (kind) {
      case 'EVIDENCE': return evidenceForm(ctx);
      case 'REVIEW': return reviewForm(ctx);
      case 'IMPLEMENTATION': return linkForm(ctx);
      case 'LAW': return lawForm(ctx);
      default: return jsonForm(ctx, kind);
    }
  };
})();
