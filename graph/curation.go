package graph

import "time"

// Role is what an API key may do. Persisted by name.
type Role string

// Roles, from least to most trusted: a curator writes drafts; an editor
// writes live changes and publishes drafts; an admin does everything and
// manages keys.
const (
	RoleCurator Role = "CURATOR"
	RoleEditor  Role = "EDITOR"
	RoleAdmin   Role = "ADMIN"
)

// Roles lists every Role, least trusted first.
var Roles = []Role{RoleCurator, RoleEditor, RoleAdmin}

// rank orders roles by trust; 0 for an unknown one.
func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// AtLeast reports whether r may do what min may.
func (r Role) AtLeast(min Role) bool { return r.rank() > 0 && r.rank() >= min.rank() }

// APIKey is a key that authenticates writes. Only a hash of its secret is
// stored; Name identifies it in the change log.
type APIKey struct {
	Name    string
	Role    Role
	Created time.Time
	Revoked bool
	// RevokedAt is when it was revoked, zero while it is valid.
	RevokedAt time.Time
}

// Retraction is a record a batch removes, with the reason kept in the
// change log.
type Retraction struct {
	ID     string
	Reason string
}

// Draft is a curator's batch held apart from the graph until an editor
// publishes it: it is in no public answer.
type Draft struct {
	ID      string
	Author  string
	Created time.Time
	Message string
	Put     []Node
	Retract []Retraction
	// Expect holds the versions the draft was based on, recorded when it
	// was made (Batch.Expect): publishing it is refused if any record has
	// changed since. Force publishes it over newer versions.
	Expect map[string]uint64
	Force  bool
}
