// pactwatch-graphiql.js mounts the vendored GraphiQL 3 (vendor/, see
// vendor.sh) on /graphql. A link may carry ?query=...&variables=...&
// operationName=... to open with that query; otherwise GraphiQL restores the
// tabs and history it keeps in this browser's localStorage.
"use strict";
(function () {
  // A resource the Content-Security-Policy refused is named on the page
  // (data-csp-violations), so a browser test, or a person, sees it.
  const refused = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    refused.push(e.effectiveDirective + " " + (e.blockedURI || "inline"));
    document.getElementById("graphiql").dataset.cspViolations = refused.join(", ");
  });
  const endpoint = new URL("/graphql", location.href).toString();
  const params = new URLSearchParams(location.search);
  const example = `# pactwatch: Ctrl+Enter runs the query, Ctrl+Space completes,
# and the book icon opens the schema's documentation.
query Gaps($state: String!) {
  ratifiedButNotImplemented(state: $state) {
    obligation { id summary }
    legal
    practice
    reasons
  }
}`;
  const props = {
    fetcher: GraphiQL.createFetcher({ url: endpoint }),
    defaultQuery: example,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: false,
  };
  if (params.has("query")) props.query = params.get("query");
  if (params.has("variables")) props.variables = params.get("variables");
  else if (!params.has("query") && !localStorage.getItem("graphiql:tabState")) props.variables = '{"state": "IDN"}';
  if (params.has("operationName")) props.operationName = params.get("operationName");
  const root = document.getElementById("graphiql");
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
  // Browser tests wait for this: the editor is mounted.
  const ready = new MutationObserver(() => {
    if (root.querySelector(".graphiql-query-editor .CodeMirror")) {
      root.dataset.ready = "true";
      ready.disconnect();
    }
  });
  ready.observe(root, { childList: true, subtree: true });
})();
