package assess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Options tune Assess. The zero value gives the documented defaults.
type Options struct {
	// Priors grade sources by name when no analyst grade exists.
	Priors *Priors
	// Default is the reliability of a source nobody has graded and whose
	// claims nothing else confirms or refutes (grade F). Default 0.55:
	// reported statements are slightly more often true than not.
	Default float64
	// Tolerance stops the iteration once no claim credibility or source
	// reliability moves by more than this. Default 1e-4.
	Tolerance float64
	// MaxIterations bounds the iteration. Default 200.
	MaxIterations int
	// Damping keeps this share of the previous value at each step, which
	// stops mutually contradicting claims from oscillating. Default 0.5.
	Damping float64
	// SkipRelations turns off support/contradiction detection (stored
	// supports and contradicts edges are still used).
	SkipRelations bool
	// Now stamps computed edges; default time.Now.
	Now time.Time
}

func (o Options) withDefaults() Options {
	if o.Default <= 0 || o.Default >= 1 {
		o.Default = 0.55
	}
	if o.Tolerance <= 0 {
		o.Tolerance = 1e-4
	}
	if o.MaxIterations <= 0 {
		o.MaxIterations = 200
	}
	if o.Damping <= 0 || o.Damping >= 1 {
		o.Damping = 0.5
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	return o
}

// Model constants. They are the method's documented parameters (see
// README.md, "How scores are computed"); changing one changes scores, so AlgorithmVersion
// goes up with it.
const (
	AlgorithmVersion = "1"

	corroborationBonus = 0.6  // log-odds per further independent origin
	maxCorroborations  = 3    // further origins counted
	anonymousShift     = -0.4 // log-odds: an unnamed source cannot be held to account
	anonymousFactor    = 0.5  // share of the speaker's reliability that reaches an anonymous claim
	unverifiedShift    = -0.2
	unverifiedFactor   = 0.5
	confirmedWeight    = 1.0 // times 2·R(assessor)
	deniedWeight       = 1.5 // times 2·R(assessor)
	qualifiesShift     = -0.15
	contradictionBase  = 0.4 // log-odds any contradiction costs
	contradictionScale = 0.6 // times the positive log-odds of the contradicting claim
	carrierWeight      = 0.25
	analystWeight      = 5.0 // pseudo-claims an analyst grade is worth
	priorWeight        = 3.0
	defaultWeight      = 1.0
	informedEvidence   = 0.5 // claim evidence that makes a computed grade meaningful
	maxLogOdds         = 6.0
)

// ClaimScore is a claim's computed credibility.
type ClaimScore struct {
	ID          graph.ID    `json:"id"`
	Name        string      `json:"name"`
	Credibility Credibility `json:"credibility"`
	Meaning     string      `json:"meaning"`
	Score       float64     `json:"score"` // probability that the claim is true
	Judgeable   bool        `json:"judgeable"`
	Basis       string      `json:"basis"` // analyst or computed
	Reports     int         `json:"reports"`
	Independent int         `json:"independent"` // independent origins (and confirmations)
}

// SourceScore is an entity's reliability.
type SourceScore struct {
	ID          graph.ID    `json:"id"`
	Name        string      `json:"name"`
	Kind        graph.Kind  `json:"kind"`
	Reliability Reliability `json:"reliability"` // in force: analyst, else prior, else computed
	Computed    Reliability `json:"computed"`    // from the score alone (F without evidence)
	Score       float64     `json:"score"`
	Basis       string      `json:"basis"`    // analyst, prior, computed or none
	Evidence    float64     `json:"evidence"` // weight of claim evidence behind Score
	Claims      int         `json:"claims"`   // claims it said
	Carried     int         `json:"carried"`  // claims it passed on as a channel, agency or publisher
}

// Result is the outcome of Assess or AssessClaims.
type Result struct {
	Claims      []ClaimScore  `json:"claims"`
	Sources     []SourceScore `json:"sources"`
	Relations   []Relation    `json:"relations"`
	Iterations  int           `json:"iterations"`
	Delta       float64       `json:"delta"` // largest change in the last iteration
	Tolerance   float64       `json:"tolerance"`
	Converged   bool          `json:"converged"`
	Incremental bool          `json:"incremental"`
	Priors      string        `json:"priors_version,omitempty"`

	m *model
}

type sourceData struct {
	node       graph.Node
	seed       float64
	seedWeight float64
	basis      string // analyst, prior, none
	grade      *Grade
	prior      Reliability
	priorName  string
	said       []graph.ID
	carried    []graph.ID
	frozen     bool // incremental: score read from the graph
	evidence   float64
}

// model is the working state of one assessment.
type model struct {
	opts     Options
	s        *snapshot
	claims   map[graph.ID]*claimData
	order    []graph.ID           // scored claims, ascending
	frozenC  map[graph.ID]float64 // log-odds of related claims outside the scored set
	sources  map[graph.ID]*sourceData
	srcOrder []graph.ID
	L, ext   map[graph.ID]float64
	base     map[graph.ID]float64 // log-odds before contradictions, last iteration
	R        map[graph.ID]float64
	rels     []Relation
	stale    []graph.Edge
	existing map[[3]uint64]graph.Edge // computed edges already stored
}

func logit(p float64) float64 {
	p = math.Min(math.Max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func clampL(x float64) float64 { return math.Max(-maxLogOdds, math.Min(maxLogOdds, x)) }

// fidelity is the chance a hop of reliability r passes a statement on
// unchanged: even an unreliable outlet mostly relays what it was told.
func fidelity(r float64) float64 { return 0.7 + 0.3*r }

// Assess scores every claim and source of the graph.
func Assess(ctx context.Context, r graph.Reader, opts Options) (*Result, error) {
	m := &model{opts: opts.withDefaults(), s: newSnapshot(r)}
	if err := m.s.loadAll(ctx); err != nil {
		return nil, fmt.Errorf("assess: %w", err)
	}
	var all []graph.Node
	for _, n := range m.s.nodes {
		if n.Kind == graph.KindClaim {
			all = append(all, n)
		}
	}
	slices.SortFunc(all, func(a, b graph.Node) int { return cmpID(a.ID, b.ID) })
	if err := m.build(ctx, all, nil, false); err != nil {
		return nil, fmt.Errorf("assess: %w", err)
	}
	// Every potential speaker gets a score, also those without claims yet.
	for _, n := range m.s.nodes {
		if n.Kind.IsSpeaker() {
			if _, err := m.source(ctx, n.ID); err != nil {
				return nil, fmt.Errorf("assess: %w", err)
			}
		}
	}
	return m.run(false), nil
}

// AssessClaims scores only the given claims, cheaply enough to run after
// each ingest: source reliabilities are read from the scores a previous
// Assess stored (or seeded from grades and priors), not iterated, and
// support and contradiction are looked for between these claims and all
// others. Apply on its result updates these claims and their relations
// only.
func AssessClaims(ctx context.Context, r graph.Reader, ids []graph.ID, opts Options) (*Result, error) {
	m := &model{opts: opts.withDefaults(), s: newSnapshot(r)}
	var focus []graph.Node
	for _, id := range ids {
		n, ok, err := m.s.node(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("assess claims: %w", err)
		}
		if !ok {
			return nil, fmt.Errorf("assess claim %s: %w", id, graph.ErrNotFound)
		}
		if n.Kind != graph.KindClaim {
			return nil, fmt.Errorf("assess claim %s: a %s, not a claim: %w", id, n.Kind, graph.ErrInvalid)
		}
		focus = append(focus, n)
	}
	slices.SortFunc(focus, func(a, b graph.Node) int { return cmpID(a.ID, b.ID) })
	focus = slices.CompactFunc(focus, func(a, b graph.Node) bool { return a.ID == b.ID })
	var others []graph.Node
	if !opts.SkipRelations {
		if err := r.ScanNodes(ctx, graph.KindClaim, func(n graph.Node) error {
			others = append(others, n)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("assess claims: scan claims: %w", err)
		}
	}
	if err := m.build(ctx, focus, others, true); err != nil {
		return nil, fmt.Errorf("assess claims: %w", err)
	}
	res := m.run(true)
	res.Incremental = true
	return res, nil
}

// build loads the scored claims, finds relations (incremental: against
// pool; else among themselves) and sets up sources, frozen at their stored
// scores when incremental.
func (m *model) build(ctx context.Context, scored, pool []graph.Node, incremental bool) error {
	m.claims = map[graph.ID]*claimData{}
	m.frozenC = map[graph.ID]float64{}
	m.sources = map[graph.ID]*sourceData{}
	m.existing = map[[3]uint64]graph.Edge{}
	focus := map[graph.ID]bool{}
	for _, n := range scored {
		focus[n.ID] = true
		m.order = append(m.order, n.ID)
	}
	if !m.opts.SkipRelations {
		var rcs []relClaim
		if incremental {
			for _, n := range pool {
				rcs = append(rcs, newRelClaim(n))
			}
			m.rels = findRelations(rcs, focus)
		} else {
			for _, n := range scored {
				rcs = append(rcs, newRelClaim(n))
			}
			m.rels = findRelations(rcs, nil)
		}
	}
	// Stored supports/contradicts edges: extractor and analyst ones are
	// evidence and take the place of a computed link between the same
	// pair; our own earlier ones are either recomputed or stale.
	var stored []Relation
	storedPair := map[[3]uint64]bool{}
	var own []graph.Edge
	for _, id := range m.order {
		for _, dir := range []graph.Direction{graph.Out, graph.In} {
			es, err := m.s.edges(ctx, id, dir, graph.Supports, graph.Contradicts)
			if err != nil {
				return err
			}
			for _, e := range es {
				if dir == graph.In && focus[e.From] {
					continue // seen from the other end
				}
				mine := e.Prov.Extractor == Extractor && e.Prov.Article == 0
				if mine && !m.opts.SkipRelations {
					own = append(own, e)
					continue
				}
				if pk := pairKey(e.From, e.Predicate, e.To); !storedPair[pk] {
					// Several articles may state one link: it counts once.
					storedPair[pk] = true
					stored = append(stored, Relation{From: e.From, To: e.To, Predicate: e.Predicate, Rule: "stored",
						Evidence: e.Prov.Text, Confidence: e.Prov.Confidence, Computed: mine})
				}
			}
		}
	}
	computed := map[[3]uint64]bool{}
	kept := m.rels[:0]
	for _, r := range m.rels {
		if !storedPair[pairKey(r.From, r.Predicate, r.To)] {
			kept = append(kept, r)
			computed[relKey(r.From, r.Predicate, r.To)] = true
		}
	}
	m.rels = append(kept, stored...)
	for _, e := range own {
		k := relKey(e.From, e.Predicate, e.To)
		m.existing[k] = e
		if !computed[k] {
			m.stale = append(m.stale, e)
		}
	}
	sortRelations(m.rels)
	for _, id := range m.order {
		if _, err := m.claim(ctx, id); err != nil {
			return err
		}
	}
	for _, r := range m.rels {
		a, err := m.claim(ctx, r.From)
		if err != nil {
			return err
		}
		b, err := m.claim(ctx, r.To)
		if err != nil {
			return err
		}
		if a == nil || b == nil {
			continue
		}
		if r.Predicate == graph.Supports {
			a.supports = append(a.supports, b.node.ID)
			b.supports = append(b.supports, a.node.ID)
		} else {
			a.contradicts = append(a.contradicts, b.node.ID)
			b.contradicts = append(b.contradicts, a.node.ID)
		}
	}
	m.joinNearDuplicates()
	for _, id := range m.order {
		cd := m.claims[id]
		reps := slices.Clone(cd.reports)
		for _, o := range cd.supports {
			reps = append(reps, m.claims[o].reports...)
		}
		cd.origins = groupOrigins(id, reps)
		// Contradicting claims count by independent origin too: one
		// speaker denying a thing ten times is one denial.
		var opp []report
		for _, d := range cd.contradicts {
			dd := m.claims[d]
			if len(dd.reports) == 0 {
				opp = append(opp, report{Claim: d, Root: d, Speaker: dd.speaker, Upstream: []graph.ID{dd.speaker}})
				continue
			}
			opp = append(opp, dd.reports...)
		}
		if len(opp) > 0 {
			cd.opposing = groupOrigins(0, opp)
		}
		if cd.speaker != 0 {
			sd, err := m.source(ctx, cd.speaker)
			if err != nil {
				return err
			}
			sd.said = append(sd.said, id)
		}
		carried := map[graph.ID]bool{}
		for _, rep := range cd.reports {
			if rep.Speaker != 0 && rep.Speaker != cd.speaker {
				if _, err := m.source(ctx, rep.Speaker); err != nil {
					return err
				}
			}
			for _, h := range rep.Hops {
				if !carried[h] {
					carried[h] = true
					sd, err := m.source(ctx, h)
					if err != nil {
						return err
					}
					sd.carried = append(sd.carried, id)
				}
			}
		}
		for _, x := range cd.explicits {
			if x.By != 0 {
				if _, err := m.source(ctx, x.By); err != nil {
					return err
				}
			}
		}
	}
	// Speakers and hops of related claims outside the scored set.
	for id, cd := range m.claims {
		if focus[id] {
			continue
		}
		for _, rep := range cd.reports {
			for _, h := range append([]graph.ID{rep.Speaker}, rep.Hops...) {
				if h != 0 {
					if _, err := m.source(ctx, h); err != nil {
						return err
					}
				}
			}
		}
		m.frozenC[id] = logit(storedScore(cd.node, AttrCredibilitySupport, storedScore(cd.node, AttrCredibilityScore, 0.5)))
	}
	if incremental {
		for _, sd := range m.sources {
			sd.frozen = true
		}
	}
	return nil
}

// nearDuplicate is the overlap above which two supporting claims are one
// quotation extracted twice when they come from the same story.
const nearDuplicate = 0.8

// joinNearDuplicates gives near-identical supporting claims one text key,
// so that in the same story they count as one origin (see groupOrigins).
func (m *model) joinNearDuplicates() {
	parent := map[graph.ID]graph.ID{}
	var find func(graph.ID) graph.ID
	find = func(id graph.ID) graph.ID {
		p, ok := parent[id]
		if !ok || p == id {
			return id
		}
		r := find(p)
		parent[id] = r
		return r
	}
	for _, r := range m.rels {
		if r.Predicate != graph.Supports || r.Rule == "stored" || r.Confidence < nearDuplicate {
			continue
		}
		if m.claims[r.From] == nil || m.claims[r.To] == nil {
			continue
		}
		a, b := find(r.From), find(r.To)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	for id := range parent {
		key := "duplicate " + find(id).String()
		reps := m.claims[id].reports
		for i := range reps {
			reps[i].Text = key
		}
		if root := find(id); root != id {
			reps := m.claims[root].reports
			for i := range reps {
				reps[i].Text = key
			}
		}
	}
}

func relKey(from graph.ID, p graph.Predicate, to graph.ID) [3]uint64 {
	return [3]uint64{uint64(from), uint64(p.Index()), uint64(to)}
}

// pairKey ignores direction: a stored "denial contradicts claim" and a
// computed "claim contradicts denial" are the same link.
func pairKey(a graph.ID, p graph.Predicate, b graph.ID) [3]uint64 {
	return relKey(min(a, b), p, max(a, b))
}

// claim loads a claim once; nil when it does not exist.
func (m *model) claim(ctx context.Context, id graph.ID) (*claimData, error) {
	if cd, ok := m.claims[id]; ok {
		return cd, nil
	}
	n, ok, err := m.s.node(ctx, id)
	if err != nil || !ok || n.Kind != graph.KindClaim {
		return nil, err
	}
	cd, err := loadClaim(ctx, m.s, n)
	if err != nil {
		return nil, fmt.Errorf("claim %s: %w", id, err)
	}
	m.claims[id] = cd
	return cd, nil
}

// source sets up a source with its seed: the analyst grade in force, else
// the configured prior, else the default.
func (m *model) source(ctx context.Context, id graph.ID) (*sourceData, error) {
	if sd, ok := m.sources[id]; ok {
		return sd, nil
	}
	n, ok, err := m.s.node(ctx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		n = graph.Node{ID: id, Kind: graph.KindUnresolved, Name: id.String()}
	}
	sd := &sourceData{node: n, seed: m.opts.Default, seedWeight: defaultWeight, basis: "none"}
	// Grades given to the node or to any alias merged into it: one
	// history, the newest in force.
	graded := []graph.ID{id}
	aliases, err := m.s.edges(ctx, id, graph.In, graph.AliasOf)
	if err != nil {
		return nil, err
	}
	for _, e := range aliases {
		graded = append(graded, e.From)
	}
	var grades []Grade
	for _, target := range graded {
		es, err := m.s.edges(ctx, target, graph.In, graph.Assesses)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			an, ok, err := m.s.node(ctx, e.From)
			if err != nil {
				return nil, err
			}
			if g, isGrade := gradeFromNode(an, target); ok && isGrade {
				grades = append(grades, g)
			}
		}
	}
	sortGrades(grades)
	if g, ok := current(grades); ok {
		sd.grade = &g
		sd.basis = "analyst"
		if rel, err := ParseReliability(g.Grade); err == nil && rel != ReliabilityF {
			sd.seed, sd.seedWeight = rel.score(m.opts.Default), analystWeight
		}
	} else if p, name, ok := m.opts.Priors.Lookup(n); ok {
		sd.prior, sd.priorName, sd.basis = p, name, "prior"
		if p != ReliabilityF {
			sd.seed, sd.seedWeight = p.score(m.opts.Default), priorWeight
		}
	}
	m.sources[id] = sd
	return sd, nil
}

func storedScore(n graph.Node, key string, def float64) float64 {
	var v float64
	if _, err := fmt.Sscanf(n.Attrs[key], "%g", &v); err == nil && v > 0 && v < 1 {
		return v
	}
	return def
}

// rel is the current reliability of a source (Default for none).
func (m *model) rel(id graph.ID) float64 {
	if id == 0 {
		return m.opts.Default
	}
	if v, ok := m.R[id]; ok {
		return v
	}
	return m.opts.Default
}

// baseOf is a claim's log-odds before contradictions: what a claim it
// contradicts must answer. Using it rather than the full log-odds keeps
// two contradicting claims from inhibiting each other in a loop, which
// would make the outcome depend on the path of the iteration.
func (m *model) baseOf(id graph.ID) float64 {
	if v, ok := m.base[id]; ok {
		return v
	}
	return m.frozenC[id]
}

// evaluation is one claim's evidence, itemised.
type evaluation struct {
	L, own      float64
	base        float64 // L before contradictions
	independent int
	confirmed   bool
	denied      bool
	unverified  bool
	contradict  bool
	factors     []Factor
}

// reportEvidence is the log-odds one report gives its claim: the speaker's
// reliability, diluted by each hop's fidelity and by extraction
// confidence, shifted by cue strength and anonymity.
func (m *model) reportEvidence(rep report) (ev, transmission float64) {
	cd := m.claims[rep.Claim]
	transmission = 1
	for _, h := range rep.Hops {
		transmission *= fidelity(m.rel(h))
	}
	dev := (m.rel(rep.Speaker) - 0.5) * transmission * rep.Confidence
	shift := cd.cueShift
	if cd.anonymous {
		dev *= anonymousFactor
		shift += anonymousShift
	}
	if cd.unverified() {
		dev *= unverifiedFactor
	}
	return logit(0.5+dev) + shift, transmission
}

func (cd *claimData) unverified() bool {
	for _, x := range cd.explicits {
		if x.Class == "unverified" {
			return true
		}
	}
	return false
}

// evaluate computes a claim's log-odds from the current scores; with
// explain it also records every factor.
func (m *model) evaluate(cd *claimData, explain bool) evaluation {
	var ev evaluation
	add := func(f Factor) {
		if explain {
			ev.factors = append(ev.factors, f)
		}
	}
	type scored struct {
		o    origin
		e    float64
		best report
	}
	var os []scored
	for _, o := range cd.origins {
		best, bestEv := o.Reports[0], math.Inf(-1)
		for _, rep := range o.Reports {
			if e, _ := m.reportEvidence(rep); e > bestEv {
				best, bestEv = rep, e
			}
		}
		if !o.Own {
			bestEv = math.Max(0, bestEv) // agreement from a poor source adds nothing, takes nothing
		}
		os = append(os, scored{o, bestEv, best})
	}
	// Own origins first, then strongest, so the corroboration bonus goes
	// to the origins beyond the claim's own.
	slices.SortStableFunc(os, func(a, b scored) int {
		if a.o.Own != b.o.Own {
			if a.o.Own {
				return -1
			}
			return 1
		}
		return -cmpFloat(a.e, b.e)
	})
	ev.independent = len(os)
	for i, x := range os {
		ev.L += x.e
		if x.o.Own {
			ev.own += x.e
		}
		if explain {
			_, t := m.reportEvidence(x.best)
			who := m.name(x.best.Speaker)
			kind := "own origin"
			if !x.o.Own {
				kind = "corroborating origin"
			}
			detail := fmt.Sprintf("%s %d: %s (reliability %.2f) via %d hop(s), transmission %.2f, cue %q",
				kind, i+1, who, m.rel(x.best.Speaker), len(x.best.Hops), t, m.claims[x.best.Claim].node.Attrs[graph.AttrCue])
			if n := len(x.o.Reports); n > 1 {
				detail += fmt.Sprintf("; %d reports counted once (%s)", n, m.keyName(x.o.Key))
			}
			if !x.o.Own && x.e == 0 {
				detail += "; agreement from a doubtful source adds no evidence"
			}
			add(Factor{Name: "origin", Ref: x.best.Claim, Value: x.e, Detail: detail})
			if c := m.claims[x.best.Claim]; c.anonymous {
				add(Factor{Name: "anonymous", Ref: x.best.Speaker, Value: 0, Detail: fmt.Sprintf(
					"unnamed source: only %.0f%% of its reliability counts, %+.2f log-odds (included above)", anonymousFactor*100, anonymousShift)})
			}
			if c := m.claims[x.best.Claim]; c.cueClass == "weak" || c.cueClass == "strong" {
				add(Factor{Name: "cue", Ref: x.best.Claim, Value: 0, Detail: fmt.Sprintf(
					"%s cue %q: %+.2f log-odds (included above)", c.cueClass, c.node.Attrs[graph.AttrCue], c.cueShift)})
			}
		}
		if i > 0 && i <= maxCorroborations {
			w := math.Min(1, 2*m.rel(x.best.Speaker))
			ev.L += corroborationBonus * w
			add(Factor{Name: "corroboration", Ref: x.best.Claim, Value: corroborationBonus * w, Detail: fmt.Sprintf(
				"independent origin %d agrees (%s)", i+1, m.name(x.best.Speaker))})
		}
	}
	for _, x := range cd.explicits {
		r := m.rel(x.By)
		by := "unknown assessor"
		if x.By != 0 {
			by = m.name(x.By)
		}
		switch x.Class {
		case "confirmed":
			v := confirmedWeight * 2 * r
			ev.L += v
			ev.confirmed = true
			ev.independent++
			add(Factor{Name: "assessment", Ref: x.Node, Value: v, Detail: fmt.Sprintf("confirmed by %s: %q", by, x.Text)})
		case "denied":
			v := -deniedWeight * 2 * r
			ev.L += v
			ev.denied = true
			add(Factor{Name: "assessment", Ref: x.Node, Value: v, Detail: fmt.Sprintf("denied per %s: %q", by, x.Text)})
		case "unverified":
			ev.L += unverifiedShift
			ev.own += unverifiedShift
			ev.unverified = true
			add(Factor{Name: "assessment", Ref: x.Node, Value: unverifiedShift, Detail: fmt.Sprintf(
				"not verified (%s): %q; the claim's own evidence is halved and it cannot be judged without corroboration", by, x.Text)})
		case "qualifies":
			ev.L += qualifiesShift
			add(Factor{Name: "assessment", Ref: x.Node, Value: qualifiesShift, Detail: fmt.Sprintf("qualified by %s: %q", by, x.Text)})
		default:
			add(Factor{Name: "assessment", Ref: x.Node, Value: 0, Detail: fmt.Sprintf("%s (%s, no effect): %q", x.Class, by, x.Text)})
		}
	}
	ev.base = ev.L
	type opposed struct {
		d      graph.ID
		base   float64
		claims int
	}
	var opps []opposed
	for _, o := range cd.opposing {
		best := opposed{base: math.Inf(-1)}
		seen := map[graph.ID]bool{}
		for _, rep := range o.Reports {
			if seen[rep.Claim] {
				continue
			}
			seen[rep.Claim] = true
			if b := m.baseOf(rep.Claim); b > best.base {
				best.d, best.base = rep.Claim, b
			}
		}
		best.claims = len(seen)
		opps = append(opps, best)
	}
	// Strongest first; at most 1+maxCorroborations origins count, as for
	// agreement.
	slices.SortStableFunc(opps, func(a, b opposed) int { return -cmpFloat(a.base, b.base) })
	for i, o := range opps {
		if i > maxCorroborations {
			break
		}
		v := -(contradictionBase + contradictionScale*math.Max(0, o.base))
		ev.L += v
		ev.contradict = true
		if explain {
			detail := fmt.Sprintf("contradicted by %q (%s, credible at %.2f on its own evidence): %s", short(m.claims[o.d].node.Name),
				m.name(m.claims[o.d].speaker), sigmoid(o.base), m.relationEvidence(cd.node.ID, o.d))
			if o.claims > 1 {
				detail += fmt.Sprintf("; %d contradicting claims of one origin counted once", o.claims)
			}
			add(Factor{Name: "contradiction", Ref: o.d, Value: v, Detail: detail})
		}
	}
	ev.L = clampL(ev.L)
	if cd.grade != nil {
		if c, err := ParseCredibility(cd.grade.Grade); err == nil && c != CannotBeJudged {
			ev.L = logit(credibilityInfo[c].score)
		}
		add(Factor{Name: "analyst", Ref: cd.grade.Node, Value: 0, Detail: fmt.Sprintf(
			"graded %s by %s on %s: %s (overrides the computed grade)", cd.grade.Grade, cd.grade.By, cd.grade.At.Format(time.DateOnly), cd.grade.Why)})
	}
	return ev
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

func (m *model) name(id graph.ID) string {
	if id == 0 {
		return "no speaker"
	}
	if sd, ok := m.sources[id]; ok {
		return sd.node.Name
	}
	if n, ok := m.s.nodes[id]; ok {
		return n.Name
	}
	return id.String()
}

func (m *model) keyName(key string) string {
	var kind, rest string
	if _, err := fmt.Sscanf(key, "%s %s", &kind, &rest); err != nil {
		return key
	}
	switch kind {
	case "node":
		if id, err := graph.ParseID(rest); err == nil {
			return "shared upstream " + m.name(id)
		}
	case "name":
		return "speakers of the same name"
	}
	return "one story"
}

func (m *model) relationEvidence(a, b graph.ID) string {
	for _, r := range m.rels {
		if (r.From == a && r.To == b) || (r.From == b && r.To == a) {
			if r.Predicate == graph.Contradicts || r.Predicate == graph.Supports {
				return r.Evidence
			}
		}
	}
	return ""
}

// run iterates to the fixed point and collects the result.
func (m *model) run(frozen bool) *Result {
	m.L, m.ext, m.R = map[graph.ID]float64{}, map[graph.ID]float64{}, map[graph.ID]float64{}
	m.srcOrder = m.srcOrder[:0]
	for id, sd := range m.sources {
		m.srcOrder = append(m.srcOrder, id)
		m.R[id] = sd.seed
		if sd.frozen {
			m.R[id] = storedScore(sd.node, AttrReliabilityScore, sd.seed)
		}
	}
	slices.SortFunc(m.srcOrder, cmpID)
	for _, id := range m.order {
		m.L[id] = 0
	}
	res := &Result{Tolerance: m.opts.Tolerance, m: m}
	if m.opts.Priors != nil {
		res.Priors = m.opts.Priors.Version
	}
	newL := make(map[graph.ID]float64, len(m.order))
	for it := 1; it <= m.opts.MaxIterations; it++ {
		delta := 0.0
		newBase := make(map[graph.ID]float64, len(m.order))
		for _, id := range m.order {
			ev := m.evaluate(m.claims[id], false)
			newL[id], newBase[id] = ev.L, ev.base
			m.ext[id] = ev.L - ev.own
		}
		m.base = newBase
		a := m.opts.Damping
		if it == 1 {
			a = 0
		}
		for _, id := range m.order {
			old := m.L[id]
			m.L[id] = a*old + (1-a)*newL[id]
			delta = math.Max(delta, math.Abs(sigmoid(m.L[id])-sigmoid(old)))
		}
		if !frozen {
			for _, id := range m.srcOrder {
				sd := m.sources[id]
				v, w := m.sourceScore(sd, nil)
				sd.evidence = w
				old := m.R[id]
				m.R[id] = a*old + (1-a)*v
				delta = math.Max(delta, math.Abs(m.R[id]-old))
			}
		}
		res.Iterations, res.Delta = it, delta
		if delta < m.opts.Tolerance {
			res.Converged = true
			break
		}
	}
	if frozen {
		for _, id := range m.srcOrder {
			_, m.sources[id].evidence = m.sourceScore(m.sources[id], nil)
		}
	}
	for _, id := range m.order {
		res.Claims = append(res.Claims, m.claimScore(id))
	}
	for _, id := range m.srcOrder {
		res.Sources = append(res.Sources, m.sourceResult(id))
	}
	res.Relations = m.rels
	if res.Relations == nil {
		res.Relations = []Relation{}
	}
	return res
}

// sourceScore is TruthFinder's step: a source is as trustworthy as its
// claims, judged by everything except its own word (leave-one-out, so a
// source cannot vouch for itself). Each claim counts by how much outside
// evidence it has (at most 1), carried claims at a quarter of that; the
// seed counts as seedWeight claims. With f it reports every term.
func (m *model) sourceScore(sd *sourceData, f func(claim graph.ID, p, w float64, carried bool)) (score, evidence float64) {
	num, den := sd.seedWeight*sd.seed, sd.seedWeight
	term := func(c graph.ID, scale float64, carried bool) {
		x, ok := m.ext[c]
		if !ok {
			return
		}
		w := scale * math.Min(1, math.Abs(x))
		if w == 0 {
			return
		}
		num += w * sigmoid(x)
		den += w
		evidence += w
		if f != nil {
			f(c, sigmoid(x), w, carried)
		}
	}
	for _, c := range sd.said {
		term(c, 1, false)
	}
	for _, c := range sd.carried {
		term(c, carrierWeight, true)
	}
	return num / den, evidence
}

func (m *model) informed(id graph.ID) bool {
	sd, ok := m.sources[id]
	if !ok {
		return false
	}
	switch {
	case sd.grade != nil && sd.grade.Grade != string(ReliabilityF):
		return true
	case sd.basis == "prior" && sd.prior != ReliabilityF:
		return true
	}
	return sd.evidence >= informedEvidence
}

func (m *model) claimScore(id graph.ID) ClaimScore {
	cd := m.claims[id]
	ev := m.evaluate(cd, false)
	p := sigmoid(m.L[id])
	judgeable := ev.independent >= 2 || ev.confirmed || ev.denied || ev.contradict
	for _, rep := range cd.reports {
		if m.informed(rep.Speaker) {
			judgeable = true
		}
	}
	if cd.noComment {
		judgeable = false
	}
	c := credibilityOf(p, ev.independent, judgeable)
	if ev.unverified && ev.independent < 2 && !ev.confirmed && judgeable {
		// "No way to verify": grades above 3 need what was missing; with
		// negative evidence the claim is improbable, else unjudgeable.
		if p < thresholdDoubtful {
			c = Improbable
		} else {
			c = CannotBeJudged
		}
	}
	cs := ClaimScore{ID: id, Name: cd.node.Name, Score: p, Judgeable: judgeable, Basis: "computed",
		Reports: len(cd.reports), Independent: ev.independent}
	if cd.grade != nil {
		if g, err := ParseCredibility(cd.grade.Grade); err == nil {
			c, cs.Basis = g, "analyst"
		}
	}
	cs.Credibility, cs.Meaning = c, c.Meaning()
	return cs
}

func (m *model) sourceResult(id graph.ID) SourceScore {
	sd := m.sources[id]
	ss := SourceScore{ID: id, Name: sd.node.Name, Kind: sd.node.Kind, Score: m.R[id], Basis: "computed",
		Evidence: sd.evidence, Claims: len(sd.said), Carried: len(sd.carried), Computed: ReliabilityF}
	if sd.evidence >= informedEvidence {
		ss.Computed = reliabilityOf(ss.Score)
	}
	switch {
	case sd.grade != nil:
		ss.Reliability, ss.Basis = Reliability(sd.grade.Grade), "analyst"
	case sd.basis == "prior":
		ss.Reliability, ss.Basis = sd.prior, "prior"
	default:
		ss.Reliability = ss.Computed
		if ss.Computed == ReliabilityF {
			ss.Basis = "none"
		}
	}
	return ss
}

// Claim returns the score of one claim of the result.
func (r *Result) Claim(id graph.ID) (ClaimScore, bool) {
	i, ok := slices.BinarySearchFunc(r.Claims, id, func(c ClaimScore, id graph.ID) int { return cmpID(c.ID, id) })
	if !ok {
		return ClaimScore{}, false
	}
	return r.Claims[i], true
}

// Source returns the score of one source of the result.
func (r *Result) Source(id graph.ID) (SourceScore, bool) {
	i, ok := slices.BinarySearchFunc(r.Sources, id, func(s SourceScore, id graph.ID) int { return cmpID(s.ID, id) })
	if !ok {
		return SourceScore{}, false
	}
	return r.Sources[i], true
}
