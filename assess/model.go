package assess

import (
	"context"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// report is one article's report of a claim and the chain it came by.
type report struct {
	Claim   graph.ID   `json:"claim"`
	Article graph.ID   `json:"article"`
	Root    graph.ID   `json:"root"`    // the wire original (republished_from), or Article
	Speaker graph.ID   `json:"speaker"` // canonical; 0 when the claim has no speaker
	Hops    []graph.ID `json:"hops"`    // canonical channels innermost first, then agency, publisher
	// Upstream are the nodes the content came from: the speaker and every
	// via channel that is a work (one production: an interview, a
	// documentary). Reports sharing one are not independent.
	Upstream []graph.ID `json:"upstream"`
	Agency   graph.ID   `json:"agency,omitempty"` // canonical agency credited with the story
	Text     string     `json:"-"`                // normalised content
	// SpeakerName is the speaker's normalised name: unnamed sources ("the
	// police", "a source") are separate nodes per article, and two of the
	// same name cannot be told apart, so they count once.
	SpeakerName string  `json:"-"`
	Confidence  float64 `json:"confidence"`
}

// explicit is an assessment statement attached to a claim.
type explicit struct {
	Node    graph.ID
	Class   string // unverified, confirmed, denied, qualifies, no-comment, other
	Text    string
	By      graph.ID // canonical assessor, 0 when unknown
	Article graph.ID
}

// claimData is everything static Assess knows about a claim.
type claimData struct {
	node      graph.Node
	speaker   graph.ID
	anonymous bool
	cueClass  string
	cueShift  float64
	noComment bool
	reports   []report
	explicits []explicit
	grade     *Grade // analyst credibility grade in force
	profile   profile

	supports    []graph.ID // claims agreeing with this one (either direction)
	contradicts []graph.ID
	origins     []origin // of this claim and its supporters
	opposing    []origin // of the claims contradicting it
}

// origin is a set of reports that share an upstream node and so count as
// one source of evidence.
type origin struct {
	Reports []report `json:"reports"`
	Own     bool     `json:"own"` // holds a report of the claim itself, not only of a supporter
	Key     string   `json:"key"` // the upstream node that joined them, for explanations
}

func classifyAssessment(n graph.Node) string {
	sub := strings.ToLower(strings.TrimSpace(n.Subkind))
	switch sub {
	case "unverified", "unconfirmed", "unverifiable":
		return "unverified"
	case "confirmed", "verified":
		return "confirmed"
	case "denied", "refuted", "false":
		return "denied"
	case "qualifies", "qualified", "caveat":
		return "qualifies"
	case "no-comment":
		return "no-comment"
	}
	// Unknown subkind: read the sentence itself.
	p := analyze(n.Name)
	stems := map[string]bool{}
	for _, w := range words(n.Name) {
		stems[stem(w)] = true
	}
	has := func(prefixes ...string) bool {
		for t := range stems {
			for _, x := range prefixes {
				if strings.HasPrefix(t, x) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("verif", "confirm", "corroborat", "independent") && p.negated:
		return "unverified"
	case has("unverif", "unconfirm", "uncorroborat"):
		return "unverified"
	case has("deni", "deny", "refut", "debunk") || (has("true", "accurat") && p.negated):
		return "denied"
	case has("confirm", "verif", "corroborat"):
		return "confirmed"
	}
	return "other"
}

// loadClaim reads a claim's speaker, reports, chains and assessments.
func loadClaim(ctx context.Context, s *snapshot, n graph.Node) (*claimData, error) {
	cd := &claimData{node: n, profile: analyze(n.Name)}
	cd.cueClass, cd.cueShift = cueClass(n.Attrs[graph.AttrCue])
	cd.noComment = n.Attrs[graph.AttrClaimKind] == "no-comment"
	said, err := s.edges(ctx, n.ID, graph.In, graph.Said)
	if err != nil {
		return nil, err
	}
	speakerOf := map[graph.ID]graph.ID{} // article -> canonical speaker
	for _, e := range said {
		sp, err := s.canon(ctx, e.From)
		if err != nil {
			return nil, err
		}
		if cd.speaker == 0 {
			cd.speaker = sp
		}
		if _, ok := speakerOf[e.Prov.Article]; !ok {
			speakerOf[e.Prov.Article] = sp
		}
	}
	if cd.speaker != 0 {
		if sn, ok, err := s.node(ctx, cd.speaker); err != nil {
			return nil, err
		} else if ok && (sn.Kind == graph.KindAnonymous || sn.Kind == graph.KindUnresolved) {
			// An unresolved speaker is as unaccountable as an unnamed one.
			cd.anonymous = true
		}
	}
	via, err := s.edges(ctx, n.ID, graph.Out, graph.Via)
	if err != nil {
		return nil, err
	}
	contains, err := s.edges(ctx, n.ID, graph.In, graph.Contains)
	if err != nil {
		return nil, err
	}
	seenArticle := map[graph.ID]bool{}
	for _, c := range contains {
		a := c.From
		if seenArticle[a] {
			continue
		}
		seenArticle[a] = true
		rep := report{Claim: n.ID, Article: a, Speaker: cd.speaker, Confidence: c.Prov.Confidence, Text: graph.NormalizeName(n.Name)}
		if sp, ok := speakerOf[a]; ok {
			rep.Speaker = sp
		}
		if rep.Confidence <= 0 {
			rep.Confidence = 1
		}
		if rep.Root, err = s.root(ctx, a); err != nil {
			return nil, err
		}
		var chain []graph.Edge
		for _, e := range via {
			if e.Prov.Article == a {
				chain = append(chain, e)
			}
		}
		slices.SortStableFunc(chain, func(x, y graph.Edge) int { return x.Seq - y.Seq })
		hops := make([]graph.ID, 0, len(chain)+2)
		for _, e := range chain {
			hops = append(hops, e.To)
		}
		if rep.Speaker != 0 {
			rep.Upstream = append(rep.Upstream, rep.Speaker)
			if sn, ok, err := s.node(ctx, rep.Speaker); err != nil {
				return nil, err
			} else if ok {
				rep.SpeakerName = graph.NormalizeName(sn.Name)
			}
		}
		for _, e := range chain {
			c, err := s.canon(ctx, e.To)
			if err != nil {
				return nil, err
			}
			if cn, ok, err := s.node(ctx, c); err != nil {
				return nil, err
			} else if ok && cn.Kind == graph.KindWork && !slices.Contains(rep.Upstream, c) {
				rep.Upstream = append(rep.Upstream, c)
			}
		}
		// The agency and publisher of the original carry the story too.
		for i, p := range []graph.Predicate{graph.ReportedBy, graph.PublishedBy} {
			h, err := s.firstOut(ctx, a, p, a)
			if err != nil {
				return nil, err
			}
			if h == 0 && rep.Root != a {
				if h, err = s.firstOut(ctx, rep.Root, p, rep.Root); err != nil {
					return nil, err
				}
			}
			if h != 0 {
				hops = append(hops, h)
				if i == 0 {
					if rep.Agency, err = s.canon(ctx, h); err != nil {
						return nil, err
					}
				}
			}
		}
		seen := map[graph.ID]bool{rep.Speaker: true}
		for _, h := range hops {
			h, err := s.canon(ctx, h)
			if err != nil {
				return nil, err
			}
			if !seen[h] {
				seen[h] = true
				rep.Hops = append(rep.Hops, h)
			}
		}
		cd.reports = append(cd.reports, rep)
	}
	ins, err := s.edges(ctx, n.ID, graph.In, graph.Assesses)
	if err != nil {
		return nil, err
	}
	var grades []Grade
	seenAssess := map[graph.ID]bool{}
	for _, e := range ins {
		if seenAssess[e.From] {
			continue
		}
		seenAssess[e.From] = true
		an, ok, err := s.node(ctx, e.From)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if g, isGrade := gradeFromNode(an, n.ID); isGrade {
			grades = append(grades, g)
			continue
		}
		if an.Kind != graph.KindAssessment {
			continue
		}
		x := explicit{Node: an.ID, Class: classifyAssessment(an), Text: an.Name, Article: e.Prov.Article}
		by, err := s.firstOut(ctx, an.ID, graph.MadeBy, e.Prov.Article)
		if err != nil {
			return nil, err
		}
		if by == 0 && an.Attrs["by"] != "" {
			// No made_by edge, only the assessor's name: use it when it
			// names exactly one node.
			if by, err = s.byName(ctx, an.Attrs["by"]); err != nil {
				return nil, err
			}
		}
		if by != 0 {
			if x.By, err = s.canon(ctx, by); err != nil {
				return nil, err
			}
		}
		cd.explicits = append(cd.explicits, x)
	}
	sortGrades(grades)
	if g, ok := current(grades); ok {
		cd.grade = &g
	}
	return cd, nil
}

// union-find over report indices.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a < b {
		u[b] = a
	} else if b < a {
		u[a] = b
	}
}

// groupOrigins joins reports that share an upstream node: the same
// (canonical) primary speaker, the same work they were said in, the same
// claim (or the very same words) in the same original article, or the
// same claim credited to the same agency (one agency report printed by
// several outlets). Whatever a speaker repeats, and whatever outlets copy
// from one wire story or one agency report, counts once.
func groupOrigins(self graph.ID, reps []report) []origin {
	u := newUnionFind(len(reps))
	first := map[string]int{}
	keyOf := make([]string, len(reps))
	join := func(i int, key string) {
		if j, ok := first[key]; ok {
			u.union(i, j)
			return
		}
		first[key] = i
		if keyOf[i] == "" {
			keyOf[i] = key
		}
	}
	for i, r := range reps {
		for _, up := range r.Upstream {
			join(i, "node "+up.String())
		}
		if r.SpeakerName != "" {
			join(i, "name "+r.SpeakerName)
		}
		join(i, "story "+r.Root.String()+"/"+r.Claim.String())
		// The very same words in one story under two speakers are one
		// quotation attributed twice, not two witnesses.
		join(i, "story "+r.Root.String()+"/"+r.Text)
		if r.Agency != 0 {
			join(i, "agency "+r.Agency.String()+"/"+r.Claim.String())
		}
	}
	byRoot := map[int]*origin{}
	var order []int
	for i, r := range reps {
		root := u.find(i)
		o, ok := byRoot[root]
		if !ok {
			o = &origin{Key: keyOf[root]}
			byRoot[root] = o
			order = append(order, root)
		}
		o.Reports = append(o.Reports, r)
		if r.Claim == self {
			o.Own = true
		}
	}
	out := make([]origin, 0, len(order))
	for _, root := range order {
		out = append(out, *byRoot[root])
	}
	return out
}
