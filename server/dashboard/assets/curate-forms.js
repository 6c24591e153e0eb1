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
// Each is sent through applyChanges with a source (citation and URL, both
// required here) and a required message: a curator's batch becomes a draft
// that an editor publishes from "Drafts"; an editor may publish at once.
// The server's problems (BAD_USER_INPUT with extensions.field) are shown at
// the field they concern; the others below the form. The form's
// data-outcome is "error", "draft", "published" or "conflict" once
// answered.
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
  const RECORD_NOW = 'query RecordNow($id: ID!) { changes(record: $id, first: 500) { edges { node { version after } } } }';

  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const slug = () => new Date().toISOString().slice(0, 10) + '-' + Math.random().toString(36).slice(2, 6);
  const select = (values, selected) => h('select', {}, values.map((v) => h('option', { value: v, selected: v === selected }, humanEnum(v))));
  const text = (attrs) => h('input', Object.assign({ type: 'text', autocomplete: 'off' }, attrs || {}));

  // The fields every form ends with: the source and the message.
  const SOURCE_FIELDS = [
    { name: 'citation', label: 'Source citation', control: () => text(), required: 'the source the record rests on' },
    { name: 'url', label: 'Source URL', control: () => h('input', { type: 'url', placeholder: 'https://…', autocomplete: 'off' }), required: 'a URL readers can follow' },
    { name: 'message', label: 'Why (kept in the audit log)', control: () => text(), hint: 'Required' },
  ];

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
    // base is the record the form edits, as last reloaded: {id, version,
    // sources}: sources are the stored record's sources after its first,
    // which the form does not show and a save keeps.
    let base = null;
    const publishBox = publish ? h('label', { class: 'publish' }, h('input', { type: 'checkbox', id: `${prefix}-publish`, name: 'publish' }), ' Publish now (otherwise a draft for review)') : null;
    const form = h('form', { id: spec.id, class: 'curate-form', novalidate: true, 'data-state': ctx.state, 'data-obligation': ctx.obligation },
      fields.map((f) => fieldBox(prefix, f)), spec.extra || null, publishBox,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', id: `${prefix}-submit` }, publish ? 'Save' : 'Save as draft')),
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
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
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
      result.textContent = 'Saving…';
      const record = Object.assign(spec.record(val), { Sources: [{ Citation: val('citation'), URL: val('url') }] });
      const live = !!(publishBox && form.elements.publish.checked);
      const put = { kind: spec.kind, record };
      if (base && base.id === record.ID) {
        put.version = base.version;
        record.Sources.push(...base.sources);
      }
      const input = { message: val('message'), publish: live, put: [put] };
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
      if (res.published && res.version) base = { id: record.ID, version: res.version, sources: record.Sources.slice(1) };
      if (res.published) {
        form.dataset.outcome = 'published';
        result.textContent = `Published: ${[...res.added, ...res.changed].join(', ')}.`;
        curate.redraw();
        setTimeout(() => ctx.reload(), 600);
      } else {
        form.dataset.outcome = 'draft';
        form.dataset.draft = res.draft.id;
        result.textContent = `Saved as draft ${res.draft.id}; an editor publishes it.`;
      }
    });
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
      const edges = (data && data.changes && data.changes.edges) || [];
      const last = edges.length ? edges[edges.length - 1].node : null;
      if (errors.length || !last || !last.after) {
        conflict.replaceChildren(h('p', {}, `Could not reload ${id}.`));
        return;
      }
      const rec = last.after;
      const set = (name, v) => { if (form.elements[name] && v != null) form.elements[name].value = Array.isArray(v) ? v.join(', ') : String(v); };
      spec.fill(rec, set);
      const src = (rec.Sources || [])[0] || {};
      set('citation', src.Citation);
      set('url', src.URL);
      base = { id, version: last.version, sources: (rec.Sources || []).slice(1) };
      form.dataset.version = last.version;
      conflict.hidden = true;
      conflict.replaceChildren();
      delete form.dataset.outcome;
      const more = base.sources.length ? ` Its ${base.sources.length} other source${base.sources.length === 1 ? '' : 's'} will be kept as stored.` : '';
      result.textContent = `Reloaded ${id} at version ${last.version}: the form shows the stored record; edit it and save again.${more}`;
    }

    const box = h('details', { id: spec.section, class: 'curate', open: spec.open },
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

  curate.forms = (ctx) => [evidenceForm(ctx), reviewForm(ctx), linkForm(ctx)];
})();
