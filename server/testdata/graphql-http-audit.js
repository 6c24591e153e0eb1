// Runs the graphql-http audit suite (npm graphql-http, serverAudits) against
// the GraphQL endpoint given as the first argument, and prints one JSON line
// per audit: {id, name, status, reason}. NODE_PATH must reach graphql-http.
const { auditServer } = require('graphql-http');

auditServer({ url: process.argv[2] }).then((results) => {
  for (const r of results) {
    console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason || '' }));
  }
}, (err) => {
  console.error(err);
  process.exit(1);
});
