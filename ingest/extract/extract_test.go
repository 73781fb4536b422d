package extract_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/ingest/tagger"
)

var (
	extOnce   sync.Once
	ext       *extract.Extractor
	rulesOnce sync.Once
	rulesExt  *extract.Extractor
)

// extractor is the default extractor: rules and tagger combined.
func extractor() *extract.Extractor {
	extOnce.Do(func() { ext = extract.New(extract.Options{}) })
	return ext
}

// rules is the rule extractor alone, whose constructions and span
// conventions the construction tests pin down.
func rules() *extract.Extractor {
	rulesOnce.Do(func() { rulesExt = extract.New(extract.Options{NoTagger: true}) })
	return rulesExt
}

// want is one expected attribution, found by its content.
type want struct {
	content string // exact content text
	speaker string // canonical speaker name
	kind    string
	via     []string // channel names, innermost first; nil = don't check
	skind   graph.Kind
	role    string
}

func TestConstructions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
		none bool // expect no attributions at all
	}{
		{
			name: "subject said with role peeled",
			text: "Acme Corp chief executive Jane Doe said the merger would create 500 jobs.",
			want: []want{{content: "the merger would create 500 jobs", speaker: "Jane Doe", kind: extract.Indirect, skind: graph.KindPerson, role: "Acme Corp chief executive"}},
		},
		{
			name: "title before name",
			text: "Finance Minister Lars Berg denied that he had misled parliament.",
			want: []want{{content: "he had misled parliament", speaker: "Lars Berg", kind: extract.Denial, role: "Finance Minister"}},
		},
		{
			name: "quote then speaker",
			text: "\"We will not back down,\" Mayor Tom Baker said on Friday.",
			want: []want{{content: "\"We will not back down,\"", speaker: "Tom Baker", kind: extract.Direct, via: []string{}}},
		},
		{
			name: "inverted said X",
			text: "\"Prices will rise,\" said Anna Smith, an economist at a bank.",
			want: []want{{content: "\"Prices will rise,\"", speaker: "Anna Smith", kind: extract.Direct}},
		},
		{
			name: "curly quotes broken by the cue",
			text: "“The bridge is safe,” the engineer said, “and it will open on time.”",
			want: []want{{content: "“The bridge is safe,” “and it will open on time.”", speaker: "the engineer", kind: extract.Direct, skind: graph.KindAnonymous}},
		},
		{
			name: "told news agency that",
			text: "A spokesman for the ministry told Globex news agency on Monday that the talks had failed.",
			want: []want{{content: "the talks had failed", speaker: "a spokesman for the ministry", kind: extract.Indirect, via: []string{"Globex"}, skind: graph.KindAnonymous}},
		},
		{
			name: "according to first",
			text: "According to the company, sales fell by 4% last year.",
			want: []want{{content: "sales fell by 4% last year", speaker: "the company", kind: extract.Indirect}},
		},
		{
			name: "according to last",
			text: "Sales fell by 4% last year, according to Jane Doe.",
			want: []want{{content: "Sales fell by 4% last year", speaker: "Jane Doe", kind: extract.Indirect}},
		},
		{
			name: "according to figures released by",
			text: "According to data published by the Statistics Office in May, prices rose 3%.",
			want: []want{{content: "prices rose 3%", speaker: "Statistics Office", via: []string{"data published by the Statistics Office in May"}}},
		},
		{
			name: "declined to comment",
			text: "Company spokeswoman Mary Jones declined to comment on the report.",
			want: []want{{content: "on the report", speaker: "Mary Jones", kind: extract.NoComment, role: "Company spokeswoman"}},
		},
		{
			name: "ruled out",
			text: "Prime Minister Ola Lund has ruled out an early election.",
			want: []want{{content: "an early election", speaker: "Ola Lund", kind: extract.Indirect}},
		},
		{
			name: "participle adding that",
			text: "\"It is over,\" the coach said, adding that he would resign.",
			want: []want{
				{content: "\"It is over,\"", speaker: "the coach", kind: extract.Direct},
				{content: "he would resign", speaker: "the coach", kind: extract.Indirect},
			},
		},
		{
			name: "coordinated but said",
			text: "Ivan Petrov conceded that mistakes were made, but said the policy was right.",
			want: []want{
				{content: "mistakes were made", speaker: "Ivan Petrov"},
				{content: "the policy was right", speaker: "Ivan Petrov"},
			},
		},
		{
			name: "pronoun and surname coreference",
			text: "Maria Lopez, the party's leader, said the plan was dead.\n\nShe added that talks would resume. Lopez also said she was tired.",
			want: []want{
				{content: "the plan was dead", speaker: "Maria Lopez"},
				{content: "talks would resume", speaker: "Maria Lopez"},
				{content: "she was tired", speaker: "Maria Lopez"},
			},
		},
		{
			name: "in a statement channel",
			text: "The ministry said in a statement that prices would fall.",
			want: []want{{content: "prices would fall", speaker: "the ministry", via: []string{"a statement"}, skind: graph.KindOrganisation}},
		},
		{
			name: "on Twitter channel",
			text: "Senator Bill Ray wrote on Twitter that the vote was rigged.",
			want: []want{{content: "the vote was rigged", speaker: "Bill Ray", via: []string{"Twitter"}}},
		},
		{
			name: "quote continuing over paragraphs",
			text: "\"The first part is done,\" Tom Baker said in an interview with the Daily Planet.\n\n\"The second part will follow.\"",
			want: []want{{content: "\"The first part is done,\" \"The second part will follow.\"", speaker: "Tom Baker", kind: extract.Direct, via: []string{"an interview", "Daily Planet"}}},
		},
		{
			name: "made the claims in a work aired on an outlet",
			text: "Mining boss Tim Cole has claimed profits will double.\n\nCole made the claims in a preview of a film set to air on public radio on Sunday.\n\nThe film claims that the mine is safe.\n\nQuoting Cole, it said that \"nobody was hurt\".",
			want: []want{
				{content: "profits will double", speaker: "Tim Cole", via: []string{"a preview of a film", "public radio"}},
				{content: "the mine is safe", speaker: "a preview of a film", skind: graph.KindWork, via: []string{"public radio"}},
				{content: "\"nobody was hurt\"", speaker: "Tim Cole", via: []string{"a preview of a film", "public radio"}, kind: extract.Direct},
			},
		},
		{
			name: "anonymous source and nominal coreference",
			text: "A source close to the talks said an agreement was near.\n\n\"It could come tomorrow,\" the source said.",
			want: []want{
				{content: "an agreement was near", speaker: "a source close to the talks", skind: graph.KindAnonymous},
				{content: "\"It could come tomorrow,\"", speaker: "a source close to the talks"},
			},
		},
		{
			name: "plural officials",
			text: "Officials said the bridge would reopen.",
			want: []want{{content: "the bridge would reopen", speaker: "Officials", skind: graph.KindAnonymous}},
		},
		{
			name: "confession inside a released video",
			text: "Rebels on Sunday released a video showing a captured soldier who made a recorded confession that he had been ordered to fire.",
			want: []want{{content: "he had been ordered to fire", speaker: "a captured soldier", via: []string{"a recorded confession", "a video released by Rebels"}}},
		},
		{
			name: "passive without source",
			text: "It was claimed that the vote had been rigged.",
			want: []want{{content: "the vote had been rigged", speaker: ""}},
		},
		{
			name: "nested speech",
			text: "The guidance said files may be deleted, Mr Grey said.",
			want: []want{
				{content: "files may be deleted", speaker: "the guidance"},
				{content: "The guidance said files may be deleted", speaker: "Grey"},
			},
		},
		{
			name: "name in an appositive after the role",
			text: "The Shadow Secretary of State for Health, Ann Lee, said: \"This is a mess.\"",
			want: []want{{content: "\"This is a mess.\"", speaker: "Ann Lee", skind: graph.KindPerson, role: "Shadow Secretary of State for Health"}},
		},
		{
			name: "affiliation after a name",
			text: "\"Prices are too high,\" said Ben Ott from Pricewatch.",
			want: []want{{content: "\"Prices are too high,\"", speaker: "Ben Ott", role: "from Pricewatch"}},
		},
		{
			name: "organisation after a name",
			text: "Colm Rae, Harbour Traders Association said: \"We are worried.\"",
			want: []want{{content: "\"We are worried.\"", speaker: "Colm Rae"}},
		},
		{
			name: "bare surname resolves to an earlier full name",
			text: "Officials have banned the runner Susan Obi.\n\n\"I am sorry,\" Obi said.",
			want: []want{{content: "\"I am sorry,\"", speaker: "Susan Obi", skind: graph.KindPerson}},
		},
		{
			name: "a name with the article is a body",
			text: "The Green Democrats said the plan was flawed.",
			want: []want{{content: "the plan was flawed", speaker: "Green Democrats", skind: graph.KindGroup}},
		},
		{
			name: "leading time phrase and parenthetical cue",
			text: "Last month the firm said sales were flat. But in the long run, he said, prices must rise.",
			want: []want{
				{content: "sales were flat", speaker: "the firm", skind: graph.KindOrganisation},
				// "he" has no antecedent: kept, unresolved
				{content: "But in the long run prices must rise", speaker: "", skind: graph.KindUnresolved},
			},
		},
		{
			name: "parenthetical cue inside the content",
			text: "Ann Lee said sales were flat. In the long run, she said, prices must rise.",
			want: []want{
				{content: "sales were flat", speaker: "Ann Lee"},
				{content: "In the long run prices must rise", speaker: "Ann Lee"},
			},
		},
		{
			name: "quotation credited after a dash",
			text: "Readers wrote in.\n\n“He has lost my vote.” ― Maria Ortiz",
			want: []want{{content: "“He has lost my vote.”", speaker: "Maria Ortiz", kind: extract.Direct}},
		},
		{
			name: "transcript speaker label",
			text: "Host Carl Bloom spoke to the senator.\n\nBLOOM: Will you run again? We need to know.",
			want: []want{{content: "Will you run again? We need to know", speaker: "Carl Bloom"}},
		},
		{
			name: "object cue called",
			text: "Mayor Tom Baker called the report “deeply flawed”.",
			want: []want{{content: "the report “deeply flawed”", speaker: "Tom Baker", kind: extract.Mixed}},
		},
		{
			name: "a that-clause makes findings a claim",
			text: "The survey found that most drivers speed.",
			want: []want{{content: "most drivers speed", speaker: "the survey", skind: graph.KindWork}},
		},
		{
			name: "according to a report by",
			text: "According to a report by the Audit Office, the scheme wasted millions.",
			want: []want{{content: "the scheme wasted millions", speaker: "Audit Office", via: []string{"a report by the Audit Office"}}},
		},
		{
			name: "tweeted implies Twitter",
			text: "Governor Amy Park tweeted that the roads were closed.",
			want: []want{{content: "the roads were closed", speaker: "Amy Park", via: []string{"Twitter"}}},
		},
		{
			name: "channel phrase opening the sentence",
			text: "In an interview with the Daily Planet, Tom Baker said the plan had failed.",
			want: []want{{content: "the plan had failed", speaker: "Tom Baker", via: []string{"an interview", "Daily Planet"}}},
		},
		{
			name: "quoted X as saying",
			text: "State news agency Zentra quoted Defence Minister Ivo Marek as saying that troops would withdraw.",
			want: []want{{content: "troops would withdraw", speaker: "Ivo Marek", via: []string{"Zentra"}}},
		},
		{
			name: "unsourced passive",
			text: "It is understood that the deal will be signed next week.",
			want: []want{{content: "the deal will be signed next week", speaker: "", skind: graph.KindUnresolved}},
		},
		{
			name: "speaking to an outlet after the claim",
			text: "Ann Lee said the strike would end soon.\n\nShe was speaking to Radio Harbour on Monday.",
			want: []want{{content: "the strike would end soon", speaker: "Ann Lee", via: []string{"Radio Harbour"}}},
		},
		{
			name: "comments to an outlet",
			text: "Ann Lee said in comments to the Daily Planet that the strike would end soon.",
			want: []want{{content: "the strike would end soon", speaker: "Ann Lee", via: []string{"comments", "Daily Planet"}}},
		},
		{
			name: "pronouns agree in gender with titles",
			text: "Ms Ann Cole said the plan was fair. Mr Tom Reed said it was not. She added that talks would go on.",
			want: []want{
				{content: "the plan was fair", speaker: "Ann Cole"},
				{content: "it was not", speaker: "Tom Reed"},
				{content: "talks would go on", speaker: "Ann Cole"},
			},
		},
		{
			name: "work broadcast by a named outlet",
			text: "Mary Fox said in an interview broadcast by Channel Nine that she would resign.",
			want: []want{{content: "she would resign", speaker: "Mary Fox", via: []string{"an interview", "Channel Nine"}}},
		},
		{
			name: "video posted on a platform",
			text: "In a video posted on YouTube, Jon Moss said the vote was rigged.",
			want: []want{{content: "the vote was rigged", speaker: "Jon Moss", via: []string{"a video", "YouTube"}}},
		},
		{
			name: "citing a source after the cue",
			text: "State broadcaster KTV reported, citing two police officials, that the suspect had fled.",
			want: []want{{content: "the suspect had fled", speaker: "two police officials", via: []string{"KTV"}}},
		},
		{
			name: "programme of a named broadcaster",
			text: "Ann Lee told the NBN's Morning programme that the strike would end.",
			want: []want{{content: "the strike would end", speaker: "Ann Lee", via: []string{"the NBN's Morning programme", "NBN"}}},
		},
		{
			name: "descriptions are not claims",
			text: "The footage showed the mayor at a rally where supporters were waving flags.",
			none: true,
		},
		{
			name: "possessive noun is not a cue",
			text: "The mayor's claims were widely mocked in the press.",
			none: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rules().Extract(tc.text)
			if tc.none {
				if len(r.Attributions) != 0 {
					t.Fatalf("want no attributions, got %+v", r.Attributions)
				}
				return
			}
			for _, w := range tc.want {
				a := find(r, w.content)
				if a == nil {
					t.Errorf("no attribution with content %q; got:\n%s", w.content, dump(r))
					continue
				}
				if a.Speaker.Name != w.speaker {
					t.Errorf("content %q: speaker %q, want %q", w.content, a.Speaker.Name, w.speaker)
				}
				if w.kind != "" && a.Kind != w.kind {
					t.Errorf("content %q: kind %q, want %q", w.content, a.Kind, w.kind)
				}
				if w.skind != "" && a.Speaker.Kind != w.skind {
					t.Errorf("content %q: speaker kind %q, want %q", w.content, a.Speaker.Kind, w.skind)
				}
				if w.role != "" && !contains(a.Speaker.Roles, w.role) {
					t.Errorf("content %q: roles %q, want %q among them", w.content, a.Speaker.Roles, w.role)
				}
				if w.via != nil {
					var got []string
					for _, v := range a.Via {
						got = append(got, v.Name)
					}
					if strings.Join(got, " | ") != strings.Join(w.via, " | ") {
						t.Errorf("content %q: via %q, want %q", w.content, got, w.via)
					}
				}
				if a.Confidence <= 0 || a.Confidence > 1 {
					t.Errorf("content %q: confidence %v outside (0,1]", w.content, a.Confidence)
				}
			}
			if len(r.Attributions) != len(tc.want) {
				t.Errorf("got %d attributions, want %d:\n%s", len(r.Attributions), len(tc.want), dump(r))
			}
		})
	}
}

func TestHeader(t *testing.T) {
	text := "Mayor quits after vote\n\nGlobal Wire Service\n\nThe mayor resigned on Monday, aides said.\n\nMore from Daily Site: Ten things to know\n\nThere was no way to independently verify the aides' account."
	r := extractor().Extract(text)
	if r.ReportedBy == nil || r.ReportedBy.Name != "Global Wire Service" {
		t.Errorf("reported by %+v, want Global Wire Service", r.ReportedBy)
	}
	if r.PublishedBy == nil || r.PublishedBy.Name != "Daily Site" {
		t.Errorf("published by %+v, want Daily Site", r.PublishedBy)
	}
	if len(r.Attributions) != 1 || r.Attributions[0].Speaker.Name != "aides" {
		t.Fatalf("attributions:\n%s", dump(r))
	}
	if len(r.Assessments) != 1 || r.Assessments[0].By != "Global Wire Service" || len(r.Assessments[0].AppliesTo) != 1 {
		t.Errorf("assessments %+v", r.Assessments)
	}
	if r.Sentences != 3 {
		t.Errorf("sentences %d, want 3 (headline and two body sentences)", r.Sentences)
	}
}

func TestDateline(t *testing.T) {
	for _, text := range []string{
		"LONDON (Newswire) - The bank said on Monday that rates would stay on hold.",
		"LONDON, Oct 7 (Newswire) - The bank said on Monday that rates would stay on hold.",
		"Rates hold\n\n(Newswire) — The bank said on Monday that rates would stay on hold.",
	} {
		r := extractor().Extract(text)
		if r.ReportedBy == nil || r.ReportedBy.Name != "Newswire" {
			t.Errorf("%q: reported by %+v, want Newswire", text, r.ReportedBy)
		}
	}
	r := extractor().Extract("Rates hold\n\nThe bank said rates would stay on hold.\n\nCopyright 2016 The Daily Planet. All rights reserved.")
	if r.PublishedBy == nil || r.PublishedBy.Name != "Daily Planet" || len(r.Attributions) != 1 {
		t.Errorf("published by %+v, want Daily Planet; %d attributions", r.PublishedBy, len(r.Attributions))
	}
}

func TestAssessmentTarget(t *testing.T) {
	r := extractor().Extract("Tim Cole claimed the mine was safe. Jane Roe said it was not. The claims could not be independently verified, and there was no way to immediately verify Cole's claims.")
	if len(r.Assessments) != 1 {
		t.Fatalf("assessments %+v", r.Assessments)
	}
	got := r.Assessments[0].AppliesTo
	if len(got) != 1 || r.Attributions[got[0]].Speaker.Name != "Tim Cole" {
		t.Errorf("applies to %v, want only Tim Cole's claim; attributions:\n%s", got, dump(r))
	}
}

func find(r extract.Result, content string) *extract.Attribution {
	for i := range r.Attributions {
		if r.Attributions[i].Content.Text == content {
			return &r.Attributions[i]
		}
	}
	return nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func dump(r extract.Result) string {
	var b strings.Builder
	for _, a := range r.Attributions {
		var via []string
		for _, v := range a.Via {
			via = append(via, v.Name)
		}
		b.WriteString("  [" + a.Speaker.Name + "/" + string(a.Speaker.Kind) + "] " + a.Kind + " " + a.Cue.Text + ": " + a.Content.Text + " via " + strings.Join(via, " > ") + "\n")
	}
	return b.String()
}

// TestConcurrent runs one Extractor from several goroutines (run with
// -race) and checks they all get the same result.
func TestConcurrent(t *testing.T) {
	text := readSeed(t)
	want := len(extractor().Extract(text).Attributions)
	var wg sync.WaitGroup
	errs := make(chan int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := len(extractor().Extract(text).Attributions); got != want {
				errs <- got
			}
		}()
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent extraction found %d attributions, want %d", got, want)
	}
}

func TestBoilerplateIgnored(t *testing.T) {
	text := "Mayor quits\n\nImage caption The mayor said goodbye to staff on Friday\n\nThe mayor resigned, aides said.\n\nRead more: Why the mayor said he would go"
	r := extractor().Extract(text)
	if len(r.Attributions) != 1 || r.Attributions[0].Speaker.Name != "aides" {
		t.Errorf("want only the aides' claim:\n%s", dump(r))
	}
}

// TestWrappedLines checks that hard-wrapped paragraphs (wire copy) are
// rejoined while indented lines start new paragraphs.
func TestWrappedLines(t *testing.T) {
	text := "Cocoa review\n\nShowers continued throughout the week in\nthe cocoa zone, easing the drought since early\nJanuary, Fazenda Group said in its weekly review.\n    The dry period means the harvest will be late this year.\n    Fazenda Group said there is still some doubt as to how\nmuch old crop cocoa is still available.\n"
	r := rules().Extract(text)
	if len(r.Attributions) != 2 {
		t.Fatalf("want 2 attributions:\n%s", dump(r))
	}
	if got := r.Attributions[0].Content.Text; got != "Showers continued throughout the week in\nthe cocoa zone, easing the drought since early\nJanuary" {
		t.Errorf("first content %q", got)
	}
	if r.Sentences != 4 {
		t.Errorf("sentences %d, want 4", r.Sentences)
	}
}

// TestQuotesInOneSentence checks two framed quotations the splitter left in
// one sentence: each gets its own content.
func TestQuotesInOneSentence(t *testing.T) {
	text := "\"Prices are high,\" he said, \"and rising.\" \"Nobody knows why,\" he said."
	r := rules().Extract("Tom Baker spoke.\n\nTom Baker said costs rose.\n\n" + text)
	for _, c := range []string{"\"Prices are high,\" \"and rising.\"", "\"Nobody knows why,\""} {
		if find(r, c) == nil {
			t.Errorf("no attribution with content %q:\n%s", c, dump(r))
		}
	}
}

// TestTaggedAttributions checks attributions only the learned tagger finds:
// their source span is resolved by the rules' mention parser and
// coreference, an unreadable one stays unresolved, and they rank below the
// rule constructions.
func TestTaggedAttributions(t *testing.T) {
	for _, tc := range []struct {
		name, text, content string
		speaker             string // "" = unresolved
		kind                graph.Kind
		mention             string
	}{
		{"plural noun", "The mayor resigned on Monday. Critics believe the decision came too late.",
			"the decision came too late", "Critics", graph.KindAnonymous, "Critics"},
		{"pronoun through coreference", "Maria Lopez spoke on Monday. She fears the budget will not balance.",
			"the budget will not balance", "Maria Lopez", graph.KindPerson, "She"},
		{"description through coreference", "Finance minister Maria Lopez said costs rose. The minister fears the budget will not balance.",
			"the budget will not balance", "Maria Lopez", graph.KindPerson, "The minister"},
		{"unreadable source left unresolved", "Many believe the outbreak could spread to neighbouring towns.",
			"the outbreak could spread to neighbouring towns", "", graph.KindUnresolved, "Many"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor().Extract(tc.text)
			a := find(r, tc.content)
			if a == nil {
				t.Fatalf("no attribution with content %q:\n%s", tc.content, dump(r))
			}
			if a.Speaker.Name != tc.speaker || a.Speaker.Kind != tc.kind {
				t.Errorf("speaker %q/%s, want %q/%s", a.Speaker.Name, a.Speaker.Kind, tc.speaker, tc.kind)
			}
			if a.SpeakerMention.Text != tc.mention {
				t.Errorf("speaker mention %q, want %q", a.SpeakerMention.Text, tc.mention)
			}
			if a.Confidence > 0.45 {
				t.Errorf("confidence %.2f, want at most 0.45 for a tagger-only attribution", a.Confidence)
			}
			if rules := rules().Extract(tc.text); find(rules, tc.content) != nil {
				t.Logf("the rules now find %q too", tc.content)
			}
		})
	}
}

// TestCombinedKeepsRuleStructure checks that a matched pair takes the
// tagger's PolNeAR-style span ("that" opens the content) but keeps the
// rule's speaker, channel and kind.
func TestCombinedKeepsRuleStructure(t *testing.T) {
	text := "Bill Ray wrote on Twitter that the vote was rigged."
	r := extractor().Extract(text)
	if len(r.Attributions) != 1 {
		t.Fatalf("want one attribution:\n%s", dump(r))
	}
	a := r.Attributions[0]
	if a.Content.Text != "that the vote was rigged" {
		t.Errorf("content %q, want the tagger's %q", a.Content.Text, "that the vote was rigged")
	}
	if a.Speaker.Name != "Bill Ray" || a.Kind != extract.Indirect || len(a.Via) != 1 || a.Via[0].Name != "Twitter" {
		t.Errorf("rule structure lost:\n%s", dump(r))
	}
	if rs := rules().Extract(text); len(rs.Attributions) != 1 || rs.Attributions[0].Content.Text != "the vote was rigged" {
		t.Errorf("rules alone:\n%s", dump(rs))
	}
}

// TestCombinedRefusalContent checks that the merge never takes a tagger
// content lying inside the rule's cue: in "declined to comment on X" the
// content is "on X", not "to comment".
func TestCombinedRefusalContent(t *testing.T) {
	tests := []string{
		"Kremlin spokesman Ivan Sokolov declined to comment on what the minister said.",
		"Mayor Anne Holt declined to comment on the budget report.",
		"A spokeswoman for the company refused to comment on the lawsuit.",
	}
	for _, text := range tests {
		r := extractor().Extract(text)
		if len(r.Attributions) != 1 {
			t.Errorf("%q: want one attribution:\n%s", text, dump(r))
			continue
		}
		a := r.Attributions[0]
		if a.Kind != extract.NoComment || !strings.HasPrefix(a.Content.Text, "on ") {
			t.Errorf("%q: kind %s, content %q; want no-comment about \"on ...\"", text, a.Kind, a.Content.Text)
		}
	}
}

// TestOptionsTagger checks that a model passed in Options is the one used:
// the shipped model passed explicitly reads the seed like the default, and
// NoTagger wins over it.
func TestOptionsTagger(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := readSeed(t)
	want := extractor().Extract(text)
	got := extract.New(extract.Options{Tagger: m}).Extract(text)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("explicit model reads the seed differently:\n%s\nwant\n%s", dump(got), dump(want))
	}
	off := extract.New(extract.Options{Tagger: m, NoTagger: true}).Extract(text)
	if !reflect.DeepEqual(off, rules().Extract(text)) {
		t.Errorf("NoTagger with a model is not the rules alone:\n%s", dump(off))
	}
	if reflect.DeepEqual(off, want) {
		t.Error("the combined reading of the seed equals the rules': the tagger did nothing")
	}
}

// TestLongLine extracts from texts on one line whose sentence or paragraph
// is far longer than any article's: the tagger's cost grows with the cube
// of a paragraph's length, so without the cut these run for hours (the
// test binary's timeout is the failure).
func TestLongLine(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("the spokesman said the talks would continue and ", 20000),
		strings.Repeat("The spokesman said the talks would continue. ", 300),
	} {
		r := extractor().Extract(text)
		if len(r.Attributions) == 0 {
			t.Errorf("no attribution in %d bytes of %q", len(text), text[:48])
		}
		n := utf8.RuneCountInString(text)
		for _, a := range r.Attributions {
			for _, s := range append(append(a.SpeakerMention.Spans, a.Cue.Spans...), a.Content.Spans...) {
				if s.Start < 0 || s.End > n || s.End <= s.Start {
					t.Fatalf("span %+v outside the text", s)
				}
			}
		}
	}
}
