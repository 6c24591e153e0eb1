// Package deploy holds what runs pactwatch behind a cache: nginx.conf, the
// shipped nginx configuration (a cache in front of one pactwatch process),
// its test (nginx_test.go starts its own nginx over a server on the
// fixtures) and bench.sh, which measures answers through the cache, by
// revalidation and from the bare server with wrk. README "Deploying" says
// how to use them.
package deploy
