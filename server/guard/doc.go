// Package guard holds the checks that refuse a request before it reaches a
// resolver, or bound what it may cost: the listener's connection and time
// limits, an operation's depth and cost limits, admission control of
// expensive operations, and the API keys, roles and write rate of the write
// API.
package guard
