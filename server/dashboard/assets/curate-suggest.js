// curate-suggest.js: suggestions in a compliance drill-down (state ×
// obligation). curate.js calls:
//
//   - curate.suggestions(ctx) for a signed-in curator, editor or admin:
//     "Suggested provisions" (#curate-suggest) lists the state's statute
//     provisions suggestLinks ranks for the obligation, with the score and
//     the passages that matched; each has Accept (acceptSuggestion: a draft
//     link carrying the suggestion, which an editor publishes from
//     "Drafts") and Reject (rejectSuggestion: an entry in the audit log).
//     Both need the reason in #sg-message. An item's data-outcome is
//     "accepted" (data-draft names the draft), "rejected" or "error".
//   - curate.annotateSuggested(ctx) for everyone: a published link that
//     was accepted from a suggestion says so at its law (.suggested-from).
//
// Nothing suggested counts or shows anywhere else until it is published.
(function () {
  'use strict';

  const curate = window.pactwatchCurate;
  if (!curate) return;
  const { h, gql, humanEnum } = curate;

  const SUGGEST = 'query SuggestLinks($obligation: ID!, $state: String!) { suggestLinks(obligation: $obligation, state: $state, first: 5) { provision { id label law { id number title } } score language passages } }';
  const ACCEPT = 'mutation AcceptSuggestion($input: SuggestionInput!) { acceptSuggestion(input: $input) { draft { id records { id } } } }';
  const REJECT = 'mutation RejectSuggestion($input: SuggestionInput!) { rejectSuggestion(input: $input) { seq act subject } }';
  const SUGGESTED = 'query SuggestedLinks($obligation: ID!) { node(id: $obligation) { ... on Obligation { implementations { id suggestion { kind score cues version acceptedBy acceptedAt } } } } }';

  const errorText = (errs) => errs.map((e) => e.message).join('; ');

  // marked draws a passage with its matches (between « and ») as <mark>.
  function marked(passage) {
    const out = [];
    for (const [i, part] of passage.split(/[«»]/).entries()) {
      if (part) out.push(i % 2 ? h('mark', {}, part) : part);
    }
    return out;
  }

  function suggestions(ctx) {
    const message = h('input', { type: 'text', id: 'sg-message', autocomplete: 'off' });
    const messageError = h('p', { class: 'field-error', id: 'sg-message-error', role: 'alert' });
    messageError.hidden = true;
    const list = h('ol', { id: 'suggest-list', class: 'suggest-list' }, h('li', { class: 'meta' }, 'Loading…'));
    const box = h('details', { id: 'curate-suggest', class: 'curate', open: true },
      h('summary', {}, h('h3', {}, 'Suggested provisions')),
      h('p', { class: 'meta' }, `The state's statute provisions ranked by full-text retrieval against this obligation, its provision and the provisions corresponding to it; a suggestion, not a finding. Accept makes a draft link (an editor publishes it); Reject records that it is wrong, in the audit log.`),
      h('div', { class: 'field' }, h('label', { for: 'sg-message' }, 'Why (kept with the draft or in the audit log)'), message, messageError),
      list);

    const decide = async (item, s, accept) => {
      const why = message.value.trim();
      messageError.hidden = true;
      if (!why) {
        messageError.textContent = 'required: say why you accept or reject it';
        messageError.hidden = false;
        message.setAttribute('aria-invalid', 'true');
        message.focus();
        return;
      }
      message.removeAttribute('aria-invalid');
      const status = item.querySelector('.suggest-status');
      for (const b of item.querySelectorAll('button')) b.disabled = true;
      status.textContent = accept ? 'Accepting…' : 'Rejecting…';
      const input = { kind: 'LINK', obligation: ctx.obligation, state: ctx.state, target: s.provision.id, message: why };
      if (accept) input.extent = item.querySelector('.suggest-extent').value;
      const { data, errors } = await gql(accept ? ACCEPT : REJECT, { input });
      const got = data && (accept ? data.acceptSuggestion : data.rejectSuggestion);
      if (errors.length || !got) {
        for (const b of item.querySelectorAll('button')) b.disabled = false;
        item.dataset.outcome = 'error';
        status.textContent = 'Not done: ' + (errorText(errors) || 'no answer');
        return;
      }
      if (accept) {
        item.dataset.outcome = 'accepted';
        item.dataset.draft = got.draft.id;
        status.textContent = `Accepted as draft ${got.draft.id} (${got.draft.records.map((r) => r.id).join(', ')}); an editor publishes it.`;
      } else {
        item.dataset.outcome = 'rejected';
        status.textContent = 'Rejected: kept in the audit log.';
      }
    };

    gql(SUGGEST, { obligation: ctx.obligation, state: ctx.state }).then(({ data, errors }) => {
      const got = (data && data.suggestLinks) || [];
      if (errors.length) { list.replaceChildren(h('li', { class: 'status error' }, 'Could not load the suggestions: ' + errorText(errors))); return; }
      list.dataset.loaded = String(got.length);
      if (!got.length) { list.replaceChildren(h('li', { class: 'meta' }, 'No suggestion: no statute provision held for this state matched this obligation (none may be held).')); return; }
      list.replaceChildren(...got.map((s, i) => {
        const item = h('li', { class: 'suggestion', 'data-provision': s.provision.id, 'data-rank': String(i + 1), 'data-score': String(s.score) },
          h('p', {}, h('strong', {}, `${s.provision.law.number || s.provision.law.id} ${s.provision.label}`),
            h('span', { class: 'meta' }, ` · score ${s.score.toFixed(2)} · ${s.language}`)),
          h('ul', { class: 'passages meta' }, s.passages.map((p) => h('li', {}, marked(p)))),
          h('div', { class: 'form-actions' },
            h('label', {}, 'Extent ', h('select', { class: 'suggest-extent' }, ['PARTIAL', 'FULL'].map((v) => h('option', { value: v }, humanEnum(v))))),
            h('button', { type: 'button', class: 'suggest-accept', onclick: () => decide(item, s, true) }, 'Accept'),
            h('button', { type: 'button', class: 'suggest-reject btn-plain', onclick: () => decide(item, s, false) }, 'Reject')),
          h('p', { class: 'suggest-status', role: 'status' }));
        return item;
      }));
    });
    return box;
  }

  // annotateSuggested says, at each published link drawn in the
  // drill-down, the suggestion it was accepted from.
  async function annotateSuggested(ctx) {
    const { data } = await gql(SUGGESTED, { obligation: ctx.obligation });
    const impls = (data && data.node && data.node.implementations) || [];
    for (const impl of impls) {
      const s = impl.suggestion;
      if (!s) continue;
      for (const item of ctx.body.querySelectorAll('.item[data-implementation]')) {
        if (item.dataset.implementation !== impl.id || item.querySelector('.suggested-from')) continue;
        item.append(h('p', { class: 'meta suggested-from', 'data-kind': s.kind, 'data-score': String(s.score), 'data-accepted-by': s.acceptedBy },
          `Accepted from a suggestion (${humanEnum(s.kind)}, score ${s.score.toFixed(2)}, graph version ${s.version}) by ${s.acceptedBy}, ${s.acceptedAt.slice(0, 10)}`,
          s.cues.length ? h('span', {}, ': ', marked(s.cues[0])) : null));
      }
    }
  }

  curate.suggestions = suggestions;
  curate.annotateSuggested = annotateSuggested;
})();
