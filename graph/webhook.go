package graph

import "time"

// Webhook is a registration for the change stream the changes subscription
// serves, delivered by HTTP POST to URL for those who cannot hold a socket:
// every published batch with a change that bears on State and Instrument
// (each when given) is posted, signed with the webhook's secret.
type Webhook struct {
	ID         string
	URL        string
	State      string
	Instrument string
	// Author is the name of the key that registered it.
	Author  string
	Created time.Time
	// Secret is the HMAC key of the signatures: set only on the value
	// RegisterWebhook returns, never read back.
	Secret *string `json:"-"`
	// The last delivery attempt: its HTTP status (0 when none came back),
	// its error ("" when it succeeded), and when; LastDelivered is the last
	// success, Failures the failed attempts since it.
	LastStatus    int
	LastError     string
	LastAttempt   time.Time
	LastDelivered time.Time
	Failures      int
}

// WebhookAttempt is the outcome of one delivery attempt.
type WebhookAttempt struct {
	Time   time.Time
	Status int
	// Err is why it failed, "" when the receiver answered 2xx.
	Err string
}
