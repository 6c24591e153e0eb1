package graph

import (
	"cmp"
	"slices"
	"strings"
)

// StatuteProvision is a section of a national law (a Pasal, a section, an
// article, down to a point) whose text the graph holds, version by
// version, so that a link can quote the words it rests on. Its id extends
// its law's, Akoma Ntoso style: "idn/law-21-2007/art_2",
// "idn/law-21-2007/art_5/para_2/point_c", "mys/act-670/sec_51A".
type StatuteProvision struct {
	ID      string
	LawID   string
	Label   string // "Pasal 2", "Section 6"
	Heading string
	// Order is the provision's position in its statute file, so that a
	// law's provisions read in the statute's order (art_10 after art_9).
	Order    int
	Versions []StatuteProvisionVersion
	Record
}

// StatuteProvisionVersion is one text of a statute provision: the act that
// made it, the days it took effect and was replaced, its language and
// edition, and the terms on which the copy may be used.
type StatuteProvisionVersion struct {
	Text     string
	TextKind TextKind
	MadeBy   string // "as enacted", "as amended by A1500"
	From     Date   // the day it took effect
	Until    Date   // the day it was replaced; zero while it stands
	Language string // BCP 47: "id", "en", "ms", "th"
	Edition  StatuteEdition
	Terms    string // the copy's terms of use
	Locator  string
	Sources  []Source
}

// NodeID returns the provision's id.
func (n *StatuteProvision) NodeID() string { return n.ID }

// NodeKind returns KindStatuteProvision.
func (n *StatuteProvision) NodeKind() Kind { return KindStatuteProvision }

// StateCode returns the code of the state whose law holds the provision:
// a law's id starts with its state's code in lower case.
func (n *StatuteProvision) StateCode() string {
	code, _, _ := strings.Cut(n.LawID, "/")
	return strings.ToUpper(code)
}

// SortStatuteProvisions orders a law's provisions as its statute file
// gives them, then by id.
func SortStatuteProvisions(ps []*StatuteProvision) {
	slices.SortFunc(ps, func(a, b *StatuteProvision) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.ID, b.ID))
	})
}
