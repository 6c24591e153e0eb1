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

// PendingDelivery is a webhook delivery not yet done: the changes of one
// published batch that one registration's filter matched, waiting for its
// first attempt or its next. The store keeps it until it succeeds, its
// attempts are spent or its registration is deleted, so that a server
// started on the store later resumes it, with the attempts already made.
type PendingDelivery struct {
	// ID names the delivery on every attempt (X-Pactwatch-Delivery), so
	// that a receiver can tell a retry from a new delivery.
	ID      string
	Webhook string
	URL     string
	// Seq is the batch's commit time in the change log (RecordChange.Seq).
	Seq uint64
	// Body is the JSON body, fixed when the delivery is queued: every
	// attempt signs and sends the same bytes.
	Body     []byte
	Attempts int
	// Next is when the next attempt is due.
	Next time.Time
}
