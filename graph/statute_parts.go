package graph

import "strconv"

// The rule of how a statute's parts below an article or a section are
// named in ids. Each drafting tradition names its own levels:
//   - an article (an Indonesian Pasal) holds ayat, numbered "(1)", as
//     para_N, and points (huruf "a." or angka "1."), as point_x, at every
//     level below: "Pasal 58(4)(b)" is art_58/para_4/point_b;
//   - a section (Malaysian and Thai statutes) holds subsections "(1)" as
//     subsec_N, paragraphs "(a)" as para_x and subparagraphs "(i)" as
//     subpara_x: "s. 7(2)(a)" is sec_7/subsec_2/para_a and "s. 51(3)(a)(ii)"
//     sec_51/subsec_3/para_a/subpara_ii. A section's paragraph cited with no
//     subsection ("s. 7(a)") is sec_7/para_a.

// StatutePartName returns the name of the part at depth (0 for the first
// part below the article or section) of a statute's unit ("art" or "sec"),
// numbered num; bracketed says the number is written in brackets, "(1)",
// as an ayat's is, rather than as a point's "1." or "a.".
func StatutePartName(unit string, depth int, num string, bracketed bool) string {
	_, err := strconv.Atoi(num)
	numeric := err == nil && bracketed
	if unit == "sec" {
		switch {
		case depth == 0 && numeric:
			return "subsec"
		case depth <= 1:
			return "para"
		default:
			return "subpara"
		}
	}
	if depth == 0 && numeric {
		return "para"
	}
	return "point"
}
