package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pactwatch/pactwatch/graph"
)

// Concept is one entry of the legal glossary: the words that say it in
// English, Indonesian, Malay and Thai, and the theme it names, if any.
// The glossary lets a query in one language find a provision written in
// another ("victim" finds "korban" and "mangsa"), and a word find the
// records of its theme ("criminalisation" finds theme CRIMINALISATION).
type Concept struct {
	Name  string
	EN    []string
	ID    []string // Indonesian
	MS    []string // Malay
	TH    []string // Thai
	Theme graph.Theme
}

// Forms returns every word or phrase of the concept, in every language.
func (c Concept) Forms() []string {
	out := slices.Concat(c.EN, c.ID, c.MS, c.TH)
	return out
}

// Glossary is the curated legal glossary. Forms are lower case and
// written in the spelling FoldSpelling folds to where English has two.
var Glossary = []Concept{
	{Name: "trafficking in persons", EN: []string{"trafficking in persons", "human trafficking", "trafficking", "traffickers", "trafficked"},
		ID: []string{"perdagangan orang", "tindak pidana perdagangan orang"}, MS: []string{"pemerdagangan orang", "pemerdagangan manusia"}, TH: []string{"การค้ามนุษย์", "ค้ามนุษย์"}},
	{Name: "smuggling of migrants", EN: []string{"smuggling of migrants", "migrant smuggling", "smuggled"}, ID: []string{"penyelundupan manusia", "penyelundupan migran"}, MS: []string{"penyeludupan migran"}, TH: []string{"ลักลอบ"}},
	{Name: "victim", EN: []string{"victim", "victims", "trafficked person", "trafficked persons"}, ID: []string{"korban", "saksi dan/atau korban"}, MS: []string{"mangsa", "orang yang diperdagangkan"}, TH: []string{"ผู้เสียหาย"}},
	{Name: "child", EN: []string{"child", "children", "minor"}, ID: []string{"anak"}, MS: []string{"kanak-kanak"}, TH: []string{"เด็ก"}},
	{Name: "women", EN: []string{"women", "woman"}, ID: []string{"perempuan", "wanita"}, MS: []string{"wanita", "perempuan"}, TH: []string{"หญิง"}},
	{Name: "criminalization", EN: []string{"criminalization", "criminalize", "criminal offense", "criminal offenses", "offense", "offenses", "punishable", "penalty", "penalties", "imprisonment", "fine"},
		ID: []string{"tindak pidana", "dipidana", "pidana penjara", "pidana denda", "ancaman pidana"}, MS: []string{"kesalahan", "melakukan suatu kesalahan", "penjara", "denda", "dihukum"}, TH: []string{"ความผิด", "ระวางโทษ", "จำคุก", "ปรับ", "โทษ"}, Theme: graph.ThemeCriminalisation},
	{Name: "attempt and complicity", EN: []string{"attempt", "attempting", "accomplice", "participating as an accomplice", "organizing", "directing other persons", "abet", "abetment", "conspiracy"},
		ID: []string{"percobaan", "membantu", "permufakatan jahat", "menggerakkan orang lain", "merencanakan"}, MS: []string{"cubaan", "bersubahat", "pensubahatan", "komplot"}, TH: []string{"พยายาม", "ผู้สนับสนุน", "สมคบ", "ตระเตรียม"}},
	// The acts of trafficking as the Protocol (Art. 3(a)) and the statutes
	// define them: Law 21/2007 Pasal 1 angka 1, Act 670 s. 2 (English and
	// Malay texts), the Thai Act s. 6.
	{Name: "acts of trafficking", EN: []string{"recruitment", "recruiting", "transportation", "transporting", "harboring", "receipt of persons", "receiving of a person"},
		ID: []string{"perekrutan", "pengangkutan", "penampungan", "pemindahan", "penerimaan seseorang"}, MS: []string{"merekrut", "mengangkut", "memindahkan", "menerima seseorang"}, TH: []string{"เป็นธุระจัดหา", "หน่วงเหนี่ยวกักขัง", "จัดให้อยู่อาศัย"}},
	{Name: "exploitation", EN: []string{"exploitation", "exploit", "forced labor", "servitude", "slavery", "prostitution", "sexual exploitation", "removal of organs"},
		ID: []string{"eksploitasi", "kerja paksa", "perbudakan", "pelacuran", "eksploitasi seksual", "organ tubuh"}, MS: []string{"eksploitasi", "buruh paksa", "perhambaan", "pelacuran", "pemerdagangan organ"}, TH: []string{"แสวงหาประโยชน์โดยมิชอบ", "การแสวงหาประโยชน์", "ค้าประเวณี", "แรงงาน", "ทาส", "อวัยวะ"}},
	{Name: "consent irrelevant", EN: []string{"consent", "irrelevant"}, ID: []string{"persetujuan korban"}, MS: []string{"persetujuan", "tidak relevan"}, TH: []string{"ยินยอม"}},
	{Name: "compensation", EN: []string{"compensation", "restitution", "damages", "reparation"}, ID: []string{"restitusi", "ganti kerugian", "kompensasi"}, MS: []string{"pampasan", "ganti rugi"}, TH: []string{"ค่าสินไหมทดแทน", "ค่าเสียหาย", "ชดใช้"}},
	{Name: "protection and assistance", EN: []string{"protection", "protect", "assistance", "care", "support", "recovery", "rehabilitation", "reintegration", "counseling", "medical", "psychological", "social welfare officer", "protection order"},
		ID: []string{"perlindungan", "rehabilitasi", "reintegrasi", "pelayanan terpadu", "bantuan", "pemulihan", "medis", "psikologis", "rehabilitasi kesehatan", "rehabilitasi sosial"}, MS: []string{"perlindungan", "bantuan", "pemulihan", "rawatan", "perintah perlindungan", "pegawai kebajikan masyarakat"}, TH: []string{"คุ้มครอง", "ช่วยเหลือ", "ฟื้นฟู", "การรักษาพยาบาล"}, Theme: graph.ThemeProtection},
	{Name: "shelter", EN: []string{"shelter", "housing", "accommodation", "place of refuge", "temporary custody", "safe house"}, ID: []string{"rumah perlindungan", "rumah perlindungan sosial", "pusat trauma", "ruang pelayanan khusus", "tempat tinggal"}, MS: []string{"tempat perlindungan", "rumah perlindungan", "jagaan sementara"}, TH: []string{"สถานคุ้มครอง", "ที่พักอาศัย", "สถานแรกรับ"}},
	{Name: "identification", EN: []string{"identification", "identify", "identifying", "identified", "screening", "guidelines or procedures"}, ID: []string{"identifikasi", "pemeriksaan", "melaporkan", "ruang pemeriksaan khusus"}, MS: []string{"mengenal pasti", "pengenalpastian", "perintah perlindungan interim"}, TH: []string{"คัดแยก", "ตรวจสอบ", "คัดกรอง"}},
	{Name: "foreign victims", EN: []string{"sending party", "receiving party", "notify", "notified", "foreign", "consular", "state of nationality", "country of origin", "nationals"}, ID: []string{"warga negara asing", "negara asal", "perwakilan", "menteri luar negeri", "luar negeri", "warga negara indonesia"}, MS: []string{"warganegara asing", "negara asal", "bukan warganegara"}, TH: []string{"คนต่างด้าว", "ประเทศต้นทาง", "สถานทูต", "ต่างประเทศ"}},
	{Name: "safety", EN: []string{"safety", "physical safety", "security", "safe", "threat", "danger", "intimidation", "retaliation"}, ID: []string{"keselamatan", "keamanan", "ancaman", "membahayakan", "perlindungan dari kepolisian"}, MS: []string{"keselamatan", "keselamatan diri", "ancaman", "bahaya"}, TH: []string{"ความปลอดภัย", "อันตราย", "ข่มขู่"}},
	{Name: "media and publication", EN: []string{"mass media", "publication", "publish", "disclose", "disclosure"}, ID: []string{"pemberitaan", "media", "memberitahukan identitas", "mengumumkan"}, MS: []string{"media massa", "laporan media", "menyiarkan", "mendedahkan"}, TH: []string{"สื่อมวลชน", "โฆษณา", "เปิดเผย"}},
	{Name: "privacy and identity", EN: []string{"privacy", "identity", "confidentiality", "confidential", "in camera"}, ID: []string{"kerahasiaan identitas", "kerahasiaan", "identitas", "dirahasiakan", "tanpa kehadiran terdakwa", "menjaga kerahasiaan"}, MS: []string{"identiti", "kerahsiaan", "rahsia", "dalam kamera"}, TH: []string{"ข้อมูลส่วนบุคคล", "เปิดเผย", "ลับ"}},
	{Name: "witness", EN: []string{"witness", "witnesses", "testimony", "evidence"}, ID: []string{"saksi", "kesaksian", "keterangan"}, MS: []string{"saksi", "keterangan", "bukti"}, TH: []string{"พยาน"}},
	{Name: "non-punishment", EN: []string{"not liable", "not be liable", "not holding", "liable", "not be punished", "non-punishment", "immunity", "compelled", "unlawful acts", "criminal prosecution in respect of"}, ID: []string{"tidak dipidana", "dipaksa"}, MS: []string{"tidak boleh didakwa", "kekebalan", "dipaksa"}, TH: []string{"ไม่ต้องรับโทษ", "ไม่ดำเนินคดี"}},
	{Name: "detention", EN: []string{"detention", "detain", "detained"}, ID: []string{"detensi", "rumah detensi", "penahanan", "ditahan", "tahanan"}, MS: []string{"tahanan", "penahanan", "ditahan"}},
	{Name: "administrative", EN: []string{"administrative", "administratively"}, ID: []string{"administratif"}, MS: []string{"pentadbiran"}},
	{Name: "repatriation", EN: []string{"repatriation", "return", "returned", "reintegration", "travel documents", "nationality", "permanent residence"},
		ID: []string{"pemulangan", "dipulangkan", "memulangkan", "pengembalian", "daerah asal", "negara asal", "kewarganegaraan", "warga negara"}, MS: []string{"penghantaran pulang", "dihantar pulang", "dipulangkan", "warganegara"}, TH: []string{"ส่งกลับ", "ภูมิลำเนา", "สัญชาติ"}, Theme: graph.ThemeRepatriation},
	{Name: "residence", EN: []string{"remain in its territory", "temporarily or permanently", "residence", "stay"}, ID: []string{"izin tinggal", "tinggal"}, MS: []string{"tinggal", "pas", "permit"}, TH: []string{"อยู่ในราชอาณาจักร", "พำนัก"}},
	{Name: "prevention", EN: []string{"prevention", "prevent", "combat", "awareness", "campaigns", "research", "education", "poverty", "demand", "discourage the demand"},
		ID: []string{"pencegahan", "mencegah", "penanganan", "sosialisasi", "pendidikan", "kemiskinan", "kebijakan", "program"}, MS: []string{"pencegahan", "mencegah", "kesedaran", "pendidikan", "kempen"}, TH: []string{"ป้องกัน", "การป้องกัน", "รณรงค์", "การศึกษา"}, Theme: graph.ThemePrevention},
	{Name: "cooperation", EN: []string{"cooperation", "cooperate", "collaboration", "partnership", "international cooperation"},
		ID: []string{"kerja sama", "kerja sama internasional", "kerjasama"}, MS: []string{"kerjasama", "kerjasama antarabangsa"}, TH: []string{"ความร่วมมือ", "ร่วมมือ", "ต่างประเทศ"}, Theme: graph.ThemeCooperation},
	// Non-governmental organisations and civil society, apart from
	// cooperation in general: "lembaga swadaya masyarakat" and "peran serta
	// masyarakat" (the community's participation, Law 21/2007 Bab VII) are
	// the Indonesian statutes' words, "pertubuhan bukan kerajaan" the
	// Malay, "องค์กรเอกชน" the Thai.
	{Name: "civil society", EN: []string{"non-governmental organizations", "non-governmental", "ngos", "civil society"},
		ID: []string{"lembaga swadaya masyarakat", "organisasi masyarakat", "peran serta masyarakat"}, MS: []string{"pertubuhan bukan kerajaan"}, TH: []string{"องค์การเอกชน", "องค์กรเอกชน"}},
	{Name: "mutual legal assistance", EN: []string{"mutual legal assistance", "mutual assistance", "foreign state", "request"}, ID: []string{"bantuan timbal balik", "negara lain", "permintaan"}, MS: []string{"bantuan bersama dalam perkara jenayah", "negara asing", "permintaan"}, TH: []string{"ความช่วยเหลือซึ่งกันและกัน", "ต่างประเทศ", "ร้องขอ"}, Theme: graph.ThemeMutualLegalAssistance},
	{Name: "extradition", EN: []string{"extradition", "extradite", "extraditable"}, ID: []string{"ekstradisi"}, MS: []string{"ekstradisi", "serahan"}, TH: []string{"ส่งผู้ร้ายข้ามแดน"}, Theme: graph.ThemeExtradition},
	{Name: "law enforcement", EN: []string{"law enforcement", "investigation", "investigate", "prosecution", "police", "enforcement officer", "arrest", "search", "seize"},
		ID: []string{"penyidikan", "penyidik", "penuntutan", "penuntut umum", "kepolisian", "pemeriksaan", "penangkapan", "penyitaan"}, MS: []string{"penyiasatan", "pegawai penguat kuasa", "polis", "pendakwaan", "tangkap", "geledah", "sita"}, TH: []string{"พนักงานเจ้าหน้าที่", "สอบสวน", "พนักงานสอบสวน", "จับกุม", "ตรวจค้น", "ยึด", "ฟ้อง"}, Theme: graph.ThemeLawEnforcement},
	{Name: "jurisdiction", EN: []string{"jurisdiction", "territory", "committed outside", "extraterritorial", "nationals"}, ID: []string{"yurisdiksi", "wilayah", "luar negeri", "di luar wilayah"}, MS: []string{"bidang kuasa", "luar malaysia", "wilayah"}, TH: []string{"นอกราชอาณาจักร", "ในราชอาณาจักร", "เขตอำนาจ"}, Theme: graph.ThemeProsecution},
	{Name: "proceeds and confiscation", EN: []string{"proceeds of crime", "confiscation", "forfeiture", "property", "assets", "money laundering"}, ID: []string{"perampasan", "harta kekayaan", "hasil tindak pidana", "pencucian uang"}, MS: []string{"pelucuthakan", "harta", "hasil", "pengubahan wang haram"}, TH: []string{"ริบทรัพย์สิน", "ทรัพย์สิน", "ฟอกเงิน"}},
	{Name: "corporate liability", EN: []string{"legal person", "legal persons", "corporation", "body corporate", "company"}, ID: []string{"korporasi", "badan hukum"}, MS: []string{"pertubuhan perbadanan", "syarikat", "badan korporat"}, TH: []string{"นิติบุคคล"}},
	{Name: "corruption", EN: []string{"corruption", "public official", "public officials", "abuse of power", "abuses his position"}, ID: []string{"penyelenggara negara", "menyalahgunakan kekuasaan", "pejabat", "korupsi"}, MS: []string{"penjawat awam", "pegawai awam", "rasuah"}, TH: []string{"เจ้าพนักงาน", "ทุจริต", "ผู้ดำรงตำแหน่งทางการเมือง"}, Theme: graph.ThemeAntiCorruption},
	{Name: "border control", EN: []string{"border", "border controls", "commercial carriers", "travel documents", "passport", "immigration"}, ID: []string{"perbatasan", "imigrasi", "dokumen perjalanan", "paspor", "dokumen negara"}, MS: []string{"sempadan", "imigresen", "dokumen perjalanan", "pasport"}, TH: []string{"ชายแดน", "คนเข้าเมือง", "หนังสือเดินทาง", "เอกสาร"}, Theme: graph.ThemeBorderControl},
	{Name: "documents", EN: []string{"documents", "identity documents", "falsified", "fraudulent", "forged", "false"}, ID: []string{"dokumen", "memalsukan", "keterangan palsu", "palsu"}, MS: []string{"dokumen", "palsu", "memalsukan"}, TH: []string{"เอกสาร", "ปลอม", "เท็จ"}},
	{Name: "training", EN: []string{"training", "capacity building", "train", "skills", "knowledge", "specialized units", "expertise"}, ID: []string{"pelatihan", "peningkatan kapasitas"}, MS: []string{"latihan"}, TH: []string{"ฝึกอบรม", "พัฒนาศักยภาพ"}, Theme: graph.ThemeCapacityBuilding},
	{Name: "information exchange", EN: []string{"information", "exchange of information", "data", "records", "statistics"}, ID: []string{"informasi", "data", "pertukaran informasi"}, MS: []string{"maklumat", "pertukaran maklumat"}, TH: []string{"ข้อมูล", "แลกเปลี่ยนข้อมูล"}, Theme: graph.ThemeDataSharing},
	{Name: "monitoring and coordination", EN: []string{"monitoring", "coordination", "national committee", "task force", "council", "report", "evaluation", "national plan"},
		ID: []string{"gugus tugas", "koordinasi", "pemantauan", "pelaporan", "evaluasi", "rencana aksi"}, MS: []string{"majlis", "jawatankuasa", "penyelarasan", "pemantauan", "laporan"}, TH: []string{"คณะกรรมการ", "ประสานงาน", "ติดตาม", "ประเมินผล", "รายงาน"}, Theme: graph.ThemeMonitoring},
	{Name: "fund", EN: []string{"fund", "funds", "resources", "budget"}, ID: []string{"anggaran", "dana"}, MS: []string{"kumpulan wang", "dana"}, TH: []string{"กองทุน", "งบประมาณ"}},
	{Name: "court proceedings", EN: []string{"court", "proceedings", "criminal proceedings", "trial", "judge"}, ID: []string{"pengadilan", "sidang pengadilan", "hakim", "persidangan"}, MS: []string{"mahkamah", "prosiding", "perbicaraan", "hakim"}, TH: []string{"ศาล", "พิจารณาคดี", "คดี"}, Theme: graph.ThemeProsecution},
	{Name: "information for victims", EN: []string{"information on relevant court and administrative proceedings", "legal counsel", "legal assistance", "interpreter", "language they can understand"},
		ID: []string{"informasi", "perkembangan kasus", "penerjemah", "bantuan hukum", "pendampingan"}, MS: []string{"jurubahasa", "nasihat undang-undang", "maklumat"}, TH: []string{"ล่าม", "ความช่วยเหลือทางกฎหมาย", "ทนายความ"}},
}

// glossaryIndex maps each folded form to its concepts.
var glossaryIndex = func() map[string][]int {
	m := map[string][]int{}
	for i, c := range Glossary {
		for _, f := range c.Forms() {
			k := FoldText(f)
			m[k] = append(m[k], i)
		}
	}
	return m
}()

// ConceptsIn returns the glossary's concepts whose forms occur in s (a
// form of one word matches a whole word, one of several words a phrase),
// each once, in the glossary's order.
func ConceptsIn(s string) []Concept {
	folded := " " + FoldText(nonWordToSpace(s)) + " "
	var hit []int
	for form, cs := range glossaryIndex {
		if strings.Contains(folded, " "+form+" ") || isThai(form) && strings.Contains(folded, form) {
			for _, c := range cs {
				if !slices.Contains(hit, c) {
					hit = append(hit, c)
				}
			}
		}
	}
	slices.Sort(hit)
	out := make([]Concept, len(hit))
	for i, c := range hit {
		out[i] = Glossary[c]
	}
	return out
}

// ConceptCounts returns, by the name of each glossary concept s names,
// how often it names it: the most occurrences of any one of its forms
// (whole words, as ConceptsIn matches them), so that a text listing
// several forms of one concept ("rehabilitasi kesehatan, rehabilitasi
// sosial, pemulangan, reintegrasi sosial") names it no more often than
// one that repeats one form.
func ConceptCounts(s string) map[string]int {
	folded := " " + FoldText(nonWordToSpace(s)) + " "
	out := map[string]int{}
	for form, cs := range glossaryIndex {
		n := 0
		if isThai(form) {
			n = strings.Count(folded, form)
		} else {
			n = strings.Count(folded, " "+form+" ")
		}
		if n == 0 {
			continue
		}
		for _, c := range cs {
			name := Glossary[c].Name
			out[name] = max(out[name], n)
		}
	}
	return out
}

func nonWordToSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '/' || r == '\'' || r == '’' {
			return r
		}
		if r < 128 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ' '
		}
		return r
	}, s)
}

func isThai(s string) bool {
	for _, r := range s {
		if r >= 0x0E00 && r <= 0x0E7F {
			return true
		}
	}
	return false
}

// SegmentThai sets the glossary's Thai forms apart with spaces, so that a
// tokenizer that cannot cut Thai words keeps each as a term of its own.
// Longer forms go first ("การค้ามนุษย์" before "ค้ามนุษย์").
func SegmentThai(s string) string {
	if !isThai(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		matched := ""
		for _, f := range thaiForms {
			if strings.HasPrefix(s[i:], f) {
				matched = f
				break
			}
		}
		if matched != "" {
			b.WriteString(" " + matched + " ")
			i += len(matched)
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

var thaiForms = func() []string {
	var out []string
	for _, c := range Glossary {
		out = append(out, c.TH...)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(out)
}()
