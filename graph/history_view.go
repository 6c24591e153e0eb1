package graph

import (
	"regexp"
	"strings"
)

// Who sees what of the change history, chosen once: a server's
// HistoryVisibility decides what a reader without an editor's key sees on
// every surface that shows the history (the changes query and
// subscription, the desk's History panel, the corpus's changelog). Editors
// and admins see everything.

// HistoryVisibility is what anonymous readers (and curators) see of who
// wrote each change.
type HistoryVisibility string

const (
	// HistoryRoles shows each change's author as the role of its key
	// ("curator", "editor", "admin"), never the key's name, in the author
	// and in the message text alike. The default.
	HistoryRoles HistoryVisibility = "roles"
	// HistoryFull shows every reader the keys' names.
	HistoryFull HistoryVisibility = "full"
)

// HistoryVisibilities lists every HistoryVisibility, the default first.
var HistoryVisibilities = []HistoryVisibility{HistoryRoles, HistoryFull}

// HistoryView is what one reader sees of the change history (ViewOfHistory).
type HistoryView struct {
	full   bool
	roleOf func(name string) (Role, bool)
}

// ViewOfHistory is the view of the history that a reader holding key (nil
// for none) gets under v: everything for an editor or an admin, or when v
// is HistoryFull; otherwise the authors as their roles. roleOf gives a
// key's role by its name (false for a name that is no key: the operator's
// loads, "ingest").
func ViewOfHistory(v HistoryVisibility, key *APIKey, roleOf func(name string) (Role, bool)) HistoryView {
	full := v == HistoryFull || (key != nil && key.Role.AtLeast(RoleEditor))
	return HistoryView{full: full, roleOf: roleOf}
}

// Full reports whether the view shows the keys' names.
func (h HistoryView) Full() bool { return h.full }

// Author is the author of a change as the view shows it: the key's name in
// full, else its role in lower case; the operator's own names ("ingest",
// "system") are no key's and are shown as they are; a name that is
// neither is shown as "key".
func (h HistoryView) Author(name string) string {
	if h.full {
		return name
	}
	if h.roleOf != nil {
		if role, ok := h.roleOf(name); ok {
			return strings.ToLower(string(role))
		}
	}
	switch name {
	case "", "ingest", "system":
		return name
	}
	return "key"
}

// draftBy is the mark a published draft's message carries: "[draft ID by
// AUTHOR]".
var draftBy = regexp.MustCompile(`\[draft (\S+) by ([^\]]*)\]`)

// Message is a change's message as the view shows it: the author a
// published draft's mark names is shown as Author shows it.
func (h HistoryView) Message(msg string) string {
	if h.full || !strings.Contains(msg, "[draft ") {
		return msg
	}
	return draftBy.ReplaceAllStringFunc(msg, func(m string) string {
		sub := draftBy.FindStringSubmatch(m)
		return "[draft " + sub[1] + " by " + h.Author(sub[2]) + "]"
	})
}

// Change is c as the view shows it: c itself in full, else a copy whose
// author and message are shown as Author and Message show them.
func (h HistoryView) Change(c *RecordChange) *RecordChange {
	if h.full || c == nil {
		return c
	}
	cp := *c
	cp.Author = h.Author(c.Author)
	cp.Message = h.Message(c.Message)
	return &cp
}
