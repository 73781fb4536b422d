package extract

import "github.com/sourcetrace/sourcetrace/graph"

// cueVerb describes one inflected reporting verb.
type cueVerb struct {
	lemma string
	kind  string // claim kind it implies by itself ("" = decide from quotes)
	part  bool   // participle ("adding", "saying"): only after a comma
	// tell-like verbs take a recipient before their content.
	recipient bool
	// object verbs take a plain noun-phrase content ("ruled out X").
	object bool
	// weak verbs are also common nouns or adjectives ("claims", "alleged")
	// and count only where a verb can stand.
	weak bool
	// that verbs report speech only with a that-clause ("the poll found
	// that ..."); otherwise they describe ("the preview showed X").
	that bool
}

// cueVerbs maps a lower-cased word to the reporting verb it inflects.
var cueVerbs = map[string]cueVerb{}

func init() {
	add := func(lemma string, v cueVerb, past, pres []string, part string) {
		v.lemma = lemma
		for _, f := range past {
			cueVerbs[f] = v
		}
		for _, f := range pres {
			w := v
			w.weak = true
			cueVerbs[f] = w
		}
		if part != "" {
			p := v
			p.part = true
			cueVerbs[part] = p
		}
	}
	plain := cueVerb{}
	add("say", plain, []string{"said", "says", "say"}, nil, "saying")
	add("tell", cueVerb{recipient: true}, []string{"told"}, []string{"tells"}, "telling")
	add("claim", plain, []string{"claimed"}, []string{"claims"}, "claiming")
	add("add", plain, []string{"added"}, []string{"adds"}, "adding")
	add("concede", plain, []string{"conceded"}, []string{"concedes"}, "conceding")
	add("deny", cueVerb{kind: Denial}, []string{"denied"}, []string{"denies"}, "denying")
	add("confirm", plain, []string{"confirmed"}, []string{"confirms"}, "confirming")
	add("warn", plain, []string{"warned"}, []string{"warns"}, "warning")
	add("insist", plain, []string{"insisted"}, []string{"insists"}, "insisting")
	add("state", plain, []string{"stated"}, nil, "")
	add("announce", plain, []string{"announced"}, []string{"announces"}, "announcing")
	add("explain", plain, []string{"explained"}, []string{"explains"}, "explaining")
	add("argue", plain, []string{"argued"}, []string{"argues"}, "arguing")
	add("assert", plain, []string{"asserted"}, []string{"asserts"}, "")
	add("allege", cueVerb{weak: true}, []string{"alleged"}, []string{"alleges"}, "")
	add("admit", plain, []string{"admitted"}, []string{"admits"}, "admitting")
	add("acknowledge", plain, []string{"acknowledged"}, []string{"acknowledges"}, "acknowledging")
	add("report", cueVerb{weak: true}, []string{"reported"}, nil, "")
	add("suggest", plain, []string{"suggested"}, []string{"suggests"}, "")
	add("write", plain, []string{"wrote"}, []string{"writes"}, "writing")
	add("tweet", plain, []string{"tweeted"}, nil, "")
	add("note", plain, []string{"noted"}, []string{"notes"}, "noting")
	add("stress", plain, []string{"stressed"}, []string{"stresses"}, "stressing")
	add("maintain", plain, []string{"maintained"}, []string{"maintains"}, "")
	add("contend", plain, []string{"contended"}, []string{"contends"}, "")
	add("declare", plain, []string{"declared"}, []string{"declares"}, "declaring")
	add("predict", plain, []string{"predicted"}, []string{"predicts"}, "predicting")
	add("reveal", plain, []string{"revealed"}, []string{"reveals"}, "revealing")
	add("estimate", plain, []string{"estimated"}, []string{"estimates"}, "")
	add("accuse", cueVerb{object: true}, []string{"accused"}, []string{"accuses"}, "accusing")
	add("complain", plain, []string{"complained"}, []string{"complains"}, "complaining")
	add("promise", plain, []string{"promised"}, []string{"promises"}, "promising")
	add("vow", plain, []string{"vowed"}, []string{"vows"}, "vowing")
	add("reply", plain, []string{"replied"}, []string{"replies"}, "")
	add("respond", plain, []string{"responded"}, nil, "")
	add("believe", cueVerb{weak: true}, []string{"believed"}, []string{"believes"}, "")
	add("urge", cueVerb{object: true}, []string{"urged"}, []string{"urges"}, "urging")
	add("threaten", plain, []string{"threatened"}, []string{"threatens"}, "threatening")
	add("boast", plain, []string{"boasted"}, []string{"boasts"}, "boasting")
	add("recall", plain, []string{"recalled"}, []string{"recalls"}, "recalling")
	add("pledge", plain, []string{"pledged"}, []string{"pledges"}, "pledging")
	add("emphasize", plain, []string{"emphasized", "emphasised"}, []string{"emphasizes", "emphasises"}, "emphasizing")
	add("mention", plain, []string{"mentioned"}, []string{"mentions"}, "")
	add("indicate", plain, []string{"indicated"}, []string{"indicates"}, "indicating")
	add("ask", plain, []string{"asked"}, []string{"asks"}, "asking")
	add("agree", plain, []string{"agreed"}, []string{"agrees"}, "")
	add("criticize", cueVerb{object: true}, []string{"criticized", "criticised"}, []string{"criticizes", "criticises"}, "criticizing")
	add("condemn", cueVerb{object: true}, []string{"condemned"}, []string{"condemns"}, "condemning")
	add("question", cueVerb{object: true}, []string{"questioned"}, nil, "questioning")
	add("praise", cueVerb{object: true}, []string{"praised"}, []string{"praises"}, "praising")
	add("reject", cueVerb{object: true, kind: Denial}, []string{"rejected"}, []string{"rejects"}, "rejecting")
	add("dismiss", cueVerb{object: true, kind: Denial}, []string{"dismissed"}, []string{"dismisses"}, "dismissing")
	add("find", cueVerb{that: true}, []string{"found"}, []string{"finds"}, "")
	add("show", cueVerb{that: true}, []string{"showed", "shown"}, []string{"shows"}, "")
	add("conclude", plain, []string{"concluded"}, []string{"concludes"}, "concluding")
	add("propose", cueVerb{object: true}, []string{"proposed"}, []string{"proposes"}, "proposing")
	add("demand", plain, []string{"demanded"}, []string{"demands"}, "demanding")
	add("cite", cueVerb{object: true}, []string{"cited"}, []string{"cites"}, "")
	add("echo", plain, []string{"echoed"}, nil, "")
	add("describe", cueVerb{object: true}, []string{"described"}, []string{"describes"}, "describing")
	add("call", cueVerb{object: true, weak: true}, []string{"called"}, []string{"calls"}, "")
}

// phraseCues are multi-word cues; the key is the first word, each entry
// the remaining words.
type phraseCue struct {
	rest   []string
	lemma  string
	kind   string
	object bool
}

var phraseCues = map[string][]phraseCue{}

func init() {
	for _, p := range []struct {
		words, lemma, kind string
		object             bool
	}{
		{"declined to comment", "decline to comment", NoComment, false},
		{"refused to comment", "decline to comment", NoComment, false},
		{"declines to comment", "decline to comment", NoComment, false},
		{"would not comment", "decline to comment", NoComment, false},
		{"did not comment", "decline to comment", NoComment, false},
		{"declined to discuss", "decline to comment", NoComment, false},
		{"declined to elaborate", "decline to comment", NoComment, false},
		{"did not respond", "decline to comment", NoComment, true},
		{"did not immediately respond", "decline to comment", NoComment, true},
		{"could not be reached", "decline to comment", NoComment, true},
		{"did not return", "decline to comment", NoComment, true},
		{"ruled out", "rule out", "", true},
		{"rules out", "rule out", "", true},
		{"pointed out", "point out", "", false},
		{"points out", "point out", "", false},
		{"made clear", "make clear", "", false},
		{"called for", "call for", "", true},
		{"calls for", "call for", "", true},
		{"called on", "call on", "", true},
		{"calls on", "call on", "", true},
		{"went on to say", "say", "", false},
		{"pointed to", "point to", "", true},
	} {
		ws := splitWords(p.words)
		phraseCues[ws[0]] = append(phraseCues[ws[0]], phraseCue{ws[1:], p.lemma, p.kind, p.object})
	}
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// auxiliaries and adverbs that may stand between a subject and its cue.
var auxWords = set("has", "have", "had", "was", "is", "were", "are", "also", "later",
	"previously", "then", "further", "earlier", "reportedly", "repeatedly", "again",
	"publicly", "privately", "would", "will", "did", "does", "do", "once", "recently",
	"separately", "told", "already", "initially", "subsequently", "flatly", "firmly",
	"strongly", "angrily", "openly", "originally", "quickly", "immediately", "had", "not",
	"haven't", "hasn't", "hadn't", "didn't", "doesn't", "don't", "won't", "wouldn't",
	"couldn't", "isn't", "wasn't", "weren't", "aren't", "haven’t", "hasn’t", "hadn’t",
	"didn’t", "doesn’t", "don’t", "won’t", "wouldn’t", "couldn’t", "never", "still")

var determiners = set("the", "a", "an", "this", "that", "these", "those", "his", "her",
	"their", "its", "our", "my", "your", "some", "one", "two", "three", "several",
	"many", "most", "other", "another", "such", "any", "each", "no")

var indefinite = set("a", "an", "some", "one", "two", "three", "four", "several", "many",
	"most", "other", "another", "various", "numerous", "unnamed", "anonymous")

var prepositions = set("in", "on", "at", "to", "during", "via", "through", "with", "from",
	"for", "by", "of", "after", "before", "over", "about", "into", "under", "within", "across")

var timeWords = set("time", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "week", "weekend", "month",
	"year", "morning", "afternoon", "evening", "night", "day", "today", "yesterday",
	"tonight", "past", "weeks", "months", "years", "days", "hours", "moment", "recently",
	"earlier", "later", "decade", "spring", "summer", "autumn", "winter", "jan", "feb",
	"mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

var pronouns = map[string]graph.Kind{
	"he": graph.KindPerson, "she": graph.KindPerson, "it": graph.KindWork,
	"they": graph.KindGroup, "we": graph.KindGroup, "i": graph.KindPerson,
}

// honorifics are dropped from names ("Mr Blair" is Blair).
var honorifics = set("mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady",
	"mr.", "mrs.", "ms.", "dr.", "prof", "prof.", "professor", "rev", "rev.")

// titleWords head a role in front of a name ("Russian President Vladimir
// Putin", "Kremlin spokesman Dmitry Peskov").
var titleWords = set("president", "leader", "spokesman", "spokeswoman", "spokesperson",
	"minister", "secretary", "chancellor", "senator", "sen.", "rep.", "representative",
	"governor", "gov.", "mayor", "general", "gen.", "judge", "justice", "pope", "king",
	"queen", "prince", "princess", "chairman", "chairwoman", "chair", "chief", "director",
	"ambassador", "commander", "official", "officer", "head", "premier", "deputy",
	"adviser", "advisor", "aide", "candidate", "nominee", "executive", "boss", "manager",
	"coach", "captain", "editor", "analyst", "economist", "lawyer", "attorney",
	"prosecutor", "founder", "correspondent", "reporter", "professor", "campaigner",
	"strongman", "dictator", "mp", "mep", "congressman", "congresswoman", "speaker",
	"sheriff", "colonel", "major", "lieutenant", "sergeant", "admiral", "vice",
	"superintendent", "inspector", "commissioner", "councillor", "councilman", "envoy",
	"negotiator", "diplomat", "lawmaker", "legislator", "researcher", "scientist",
	"expert", "activist", "chief executive", "ceo", "cfo", "md", "owner", "partner",
	"president-elect", "frontman", "singer", "actor", "actress", "star", "striker",
	"midfielder", "defender", "goalkeeper", "player", "winger", "manager", "author",
	"host", "presenter", "anchor", "moderator", "interviewer", "commentator", "pundit",
	"columnist", "writer", "journalist", "historian", "pollster", "strategist",
	"rival", "former", "challenger", "opponent", "incumbent", "democrat", "republican")

// anonHeads are person nouns that, without a name, make an anonymous source.
var anonHeads = set("source", "sources", "official", "officials", "spokesman",
	"spokeswoman", "spokesperson", "aide", "aides", "analyst", "analysts", "expert",
	"experts", "witness", "witnesses", "resident", "residents", "diplomat", "diplomats",
	"insider", "insiders", "observer", "observers", "critic", "critics", "person",
	"people", "man", "woman", "men", "women", "member", "members", "officer",
	"officers", "adviser", "advisers", "advisor", "advisors", "executive", "executives",
	"investigator", "investigators", "supporter", "supporters", "activist", "activists",
	"lawyer", "lawyers", "researcher", "researchers", "scientist", "scientists",
	"spokespeople", "representative", "representatives", "leader", "leaders",
	"commander", "commanders", "minister", "ministers", "doctor", "doctors", "worker",
	"workers", "employee", "employees", "victim", "victims", "fighter", "fighters",
	"police", "militant", "militants", "rebel", "rebels", "protester", "protesters",
	"campaigner", "campaigners", "economist", "economists", "voter", "voters",
	"student", "students", "teacher", "teachers", "colleague", "colleagues", "friend",
	"friends", "relative", "relatives", "neighbour", "neighbours", "neighbor",
	"neighbors", "fan", "fans", "player", "players", "manager", "boss", "staff",
	"prosecutor", "prosecutors", "agent", "agents", "soldier", "soldiers", "user",
	"users", "customer", "customers", "figure", "figures", "readers", "viewers",
	"listeners", "parents", "patients", "locals", "citizens", "americans", "pollsters",
	"strategists", "lawmakers", "legislators", "republicans", "democrats")

// workHeads are nouns naming a work that can carry claims.
var workHeads = map[string]string{
	"documentary": graph.SubDocumentary, "film": graph.SubDocumentary,
	"programme": graph.SubDocumentary, "program": graph.SubDocumentary,
	"interview": graph.SubInterview, "statement": graph.SubStatement,
	"communique": graph.SubStatement, "release": graph.SubStatement,
	"announcement": graph.SubStatement, "speech": graph.SubStatement,
	"letter": graph.SubStatement, "email": graph.SubStatement, "message": graph.SubStatement,
	"post": graph.SubStatement, "tweet": graph.SubStatement, "blog": graph.SubStatement,
	"video": graph.SubVideo, "footage": graph.SubVideo, "recording": graph.SubVideo,
	"clip": graph.SubVideo, "broadcast": graph.SubVideo, "confession": graph.SubStatement,
	"report": graph.SubReport, "study": graph.SubReport, "survey": graph.SubReport,
	"poll": graph.SubReport, "paper": graph.SubReport, "document": graph.SubReport,
	"documents": graph.SubReport, "book": graph.SubReport, "memo": graph.SubReport,
	"article": graph.SubReport, "column": graph.SubReport, "op-ed": graph.SubReport,
	"editorial": graph.SubReport, "figures": graph.SubFigures, "data": graph.SubFigures,
	"statistics": graph.SubFigures, "estimates": graph.SubFigures, "preview": graph.SubDocumentary,
	"briefing": graph.SubStatement, "conference": graph.SubStatement,
	"podcast": graph.SubInterview, "show": graph.SubDocumentary, "episode": graph.SubDocumentary,
	"affidavit": graph.SubStatement, "testimony": graph.SubStatement, "filing": graph.SubReport,
	"complaint": graph.SubReport, "lawsuit": graph.SubReport, "ruling": graph.SubReport,
	"manifesto": graph.SubReport, "book's": graph.SubReport,
	"address": graph.SubStatement, "remarks": graph.SubStatement, "appearance": graph.SubInterview,
	"hearing": graph.SubStatement, "debate": graph.SubStatement, "rally": graph.SubStatement,
	"summit": graph.SubStatement, "forum": graph.SubStatement, "sermon": graph.SubStatement,
	"newsletter": graph.SubReport, "bulletin": graph.SubReport, "comments": graph.SubStatement,
	"review": graph.SubReport, "analysis": graph.SubReport, "investigation": graph.SubReport,
	"inquiry": graph.SubReport, "audit": graph.SubReport, "assessment": graph.SubReport,
}

// outletHeads are nouns naming media outlets ("state television",
// "Interfax news agency").
var outletHeads = map[string]string{
	"television": graph.SubBroadcaster, "tv": graph.SubBroadcaster,
	"radio": graph.SubBroadcaster, "channel": graph.SubBroadcaster,
	"broadcaster": graph.SubBroadcaster, "network": graph.SubBroadcaster,
	"agency": graph.SubAgency, "wire": graph.SubAgency,
	"newspaper": graph.SubNewspaper, "daily": graph.SubNewspaper,
	"magazine": graph.SubNewspaper, "tabloid": graph.SubNewspaper, "weekly": graph.SubNewspaper,
	"website": graph.SubPublisher, "site": graph.SubPublisher, "outlet": graph.SubPublisher,
	"twitter": graph.SubSocial, "facebook": graph.SubSocial, "instagram": graph.SubSocial,
	"youtube": graph.SubSocial, "telegram": graph.SubSocial, "x": graph.SubSocial,
	"weibo": graph.SubSocial, "account": graph.SubSocial, "feed": graph.SubSocial,
	"media": graph.SubPublisher,
}

// orgHeads are nouns heading organisations.
var orgHeads = set("government", "ministry", "department", "company", "firm", "party",
	"council", "committee", "commission", "court", "army", "military", "police",
	"service", "services", "office", "bank", "group", "union", "board", "authority",
	"authorities", "agency", "administration", "parliament", "assembly", "congress",
	"senate", "cabinet", "campaign", "team", "club", "organisation", "organization",
	"association", "federation", "institute", "university", "foundation", "corporation",
	"inc", "corp", "ltd", "plc", "bureau", "regulator", "watchdog", "embassy",
	"kremlin", "leadership", "coalition", "alliance", "movement", "network", "centre",
	"center", "society", "trust", "fund", "charity", "airline", "industry", "body",
	"prosecutors", "house", "forces", "state", "states", "nations", "un", "eu", "nato",
	"opposition", "secretariat", "directorate", "tribunal", "ministry's")

// orgNameWords mark a capitalised name as an organisation.
var orgNameWords = set("party", "ministry", "department", "agency", "council", "bank",
	"inc", "corp", "ltd", "plc", "group", "association", "union", "committee",
	"university", "institute", "commission", "court", "police", "service", "office",
	"government", "news", "press", "times", "post", "television", "radio", "tv",
	"federation", "foundation", "league", "club", "fc", "corporation", "company",
	"organisation", "organization", "board", "authority", "house", "parliament",
	"congress", "senate", "assembly", "army", "force", "forces", "network", "journal",
	"herald", "telegraph", "guardian", "tribune", "agence", "presse", "broadcasting",
	"media", "centre", "center", "trust", "fund", "institution", "bureau", "embassy",
	"airlines", "airways", "motors", "systems", "labs", "reserve", "exchange", "co",
	"llc", "ag", "sa", "gmbh", "nv", "holdings", "partners", "capital", "technologies",
	"energy", "communications", "telecom", "pharmaceuticals", "industries", "enterprises")

// outletNameWords mark a capitalised name as a news outlet.
var outletNameWords = map[string]string{
	"news": graph.SubAgency, "press": graph.SubAgency, "presse": graph.SubAgency,
	"agence": graph.SubAgency, "wire": graph.SubAgency,
	"times": graph.SubNewspaper, "post": graph.SubNewspaper, "journal": graph.SubNewspaper,
	"herald": graph.SubNewspaper, "telegraph": graph.SubNewspaper, "guardian": graph.SubNewspaper,
	"tribune": graph.SubNewspaper, "gazette": graph.SubNewspaper, "daily": graph.SubNewspaper,
	"television": graph.SubBroadcaster, "tv": graph.SubBroadcaster, "radio": graph.SubBroadcaster,
	"broadcasting": graph.SubBroadcaster,
}

// claimNouns head a claim made by a preceding speaker ("made the claims").
var claimNouns = set("claim", "claims", "comments", "comment", "remarks", "remark",
	"statement", "statements", "allegation", "allegations", "assertion", "assertions",
	"accusation", "accusations", "admission", "pledge", "promise", "warning", "boast",
	"announcement", "revelation", "revelations", "confession", "threat")

// nounCues take a "that" clause as their content ("a confession that ...").
var nounCues = set("claim", "claims", "confession", "statement", "assertion",
	"allegation", "allegations", "admission", "warning", "announcement", "insistence",
	"suggestion", "accusation", "accusations", "belief", "argument", "testimony",
	"assurance", "assurances", "pledge", "promise", "report", "reports", "message")

// madeVerbs introduce a noun cue ("made a confession that").
var madeVerbs = set("made", "make", "makes", "making", "gave", "given", "issued", "issue",
	"issues", "posted", "released", "repeated", "reiterated", "published")

// containerVerbs publish a work ("released a video showing ...").
var containerVerbs = set("released", "published", "posted", "broadcast", "aired",
	"issued", "circulated", "shared", "uploaded")

// airVerbs tie a work to the outlet it appears on ("set to air on").
var airVerbs = set("air", "aired", "airing", "broadcast", "shown", "show", "screened",
	"published", "posted", "run", "carried", "appear", "appeared", "airs")

// clauseStops end a subject scan to the left.
var clauseStops = set("that", "which", "who", "whom", "whose", "because", "when",
	"while", "if", "although", "though", "as", "but", "and", "whereas", "since", "after",
	"before", "where", "so", "or", "nor", "than", "until", "unless")

// notSubjectStart are words that cannot open a speaker noun phrase.
var notSubjectStart = set("to", "of", "for", "with", "by", "from", "in", "on", "at",
	"during", "after", "before", "over", "about", "into", "under", "within", "across",
	"via", "through", "despite", "unlike", "like", "amid", "among", "however",
	"having", "being", "it's", "that's",
	"is", "was", "were", "are", "be", "been", "has", "have", "had", "not", "what",
	"how", "why", "said", "told", "there", "here", "also", "just", "only", "even",
	"when", "where", "if", "than", "as", "so", "very", "more", "less", "would", "could",
	"should", "will", "can", "may", "might", "must")

// verbish words inside a candidate subject show it is a clause, not a name.
var verbish = set("is", "was", "were", "are", "be", "been", "being", "has", "have",
	"had", "would", "could", "should", "will", "can", "may", "might", "must", "do",
	"does", "did", "not", "said", "says", "told", "that", "which", "what", "there",
	"if", "because", "when", "than", "it's", "we", "you", "i", "me", "us", "him", "them")

// pluralGroupHeads make an anonymous or named group plural ("IS fighters").
func isPlural(w string) bool {
	return len(w) > 3 && w[len(w)-1] == 's' && w[len(w)-2] != 's' && w[len(w)-2] != '\''
}
