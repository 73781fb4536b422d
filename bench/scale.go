package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// Generating a large graph from real articles
//
// We have about 24,000 real articles (BBC and Reuters-21578), a few
// hundred thousand edges. To test at ten million edges without data we
// lack, Generate re-ingests the real articles several times ("copies"),
// renaming the entities in every copy after the first:
//
//   - a person's name is rewritten token by token through two random
//     permutations of the corpus's own first-name and surname tokens
//     ("Tony Blair" might become "Gordon Howard"; every "Blair" in that
//     copy becomes "Howard", so aliases stay consistent);
//   - organisations, groups and outlets are swapped among the corpus's
//     names of the same kind by a random permutation, so a copy has as
//     many hubs (agencies, publishers, parties) with the same degrees;
//   - article-scoped nodes (works, anonymous and unresolved sources) and
//     claim wording are kept: their IDs already differ per article;
//   - each copy's articles get new identities (document ID "<key>~copyN")
//     and renamed titles.
//
// Claims are identified by speaker and content, so renamed speakers give
// new claims, while a name the permutation maps to itself, or a hub
// shared by a copy, joins the copies the way real coverage overlaps. The
// graph thus keeps the real corpus's degree distribution, claim lengths,
// chain shapes and attribute sizes, scaled N times. Extraction runs once
// per real article (its speed is measured on its own); every copy goes
// through ingest.Build and the store like freshly ingested text.
//
// Copy 0 is the corpus itself. Permutations are seeded by the copy
// number, so the same N always gives the same graph.

// GenStats says what Generate produced.
type GenStats struct {
	Copies   int `json:"copies"`
	Articles int `json:"articles"`
	// Claims counts claim nodes over all batches (a claim reported by
	// two articles counts twice); the store's own count is in Large.
	Claims int `json:"claims"`
	Edges  int `json:"edges"`
	// Sample holds up to sampleSize claim IDs and speaker names spread
	// over the whole graph, for the query benchmarks.
	SampleClaims []graph.ID `json:"-"`
	SampleNames  []string   `json:"-"`
}

const sampleSize = 4096

// Generate builds copies × len(docs) batches as described above and
// passes each to yield in order, stopping at the first error.
func Generate(ctx context.Context, docs []Doc, copies int, yield func(*graph.Batch) error) (GenStats, error) {
	st := GenStats{Copies: copies}
	p := newPermuter(docs)
	meta := ingest.Meta{Extractor: "bench", Version: "bench", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	rng := rand.New(rand.NewPCG(7, 7))
	seen := 0
	for k := range copies {
		perm := p.copy(k)
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			if k > 0 {
				d = perm.apply(d, k)
			}
			b, _, err := ingest.Build(d.Doc, d.Result, meta)
			if err != nil {
				continue // as ingest would skip it
			}
			st.Articles++
			st.Edges += len(b.Edges)
			for _, n := range b.Nodes {
				if n.Kind != graph.KindClaim {
					continue
				}
				st.Claims++
				// Reservoir sampling keeps a uniform sample of claims.
				seen++
				if len(st.SampleClaims) < sampleSize {
					st.SampleClaims = append(st.SampleClaims, n.ID)
				} else if j := rng.IntN(seen); j < sampleSize {
					st.SampleClaims[j] = n.ID
				}
			}
			if len(st.SampleNames) < sampleSize && k == copies-1 {
				for _, n := range b.Nodes {
					if n.Kind == graph.KindPerson && len(st.SampleNames) < sampleSize {
						st.SampleNames = append(st.SampleNames, n.Name)
					}
				}
			}
			if err := yield(b); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// permuter holds the name pools of the corpus.
type permuter struct {
	first, last []string                // person-name tokens
	pools       map[graph.Kind][]string // whole names of organisations, groups, outlets
}

// pooled are the kinds renamed by swapping whole names.
var pooled = []graph.Kind{graph.KindOrganisation, graph.KindGroup, graph.KindOutlet}

func newPermuter(docs []Doc) *permuter {
	first, last := map[string]bool{}, map[string]bool{}
	pools := map[graph.Kind]map[string]bool{}
	for _, k := range pooled {
		pools[k] = map[string]bool{}
	}
	add := func(e *extract.Entity) {
		if e == nil {
			return
		}
		switch e.Kind {
		case graph.KindPerson:
			for i, t := range strings.Fields(e.Name) {
				if i == 0 {
					first[t] = true
				} else {
					last[t] = true
				}
			}
		case graph.KindOrganisation, graph.KindGroup, graph.KindOutlet:
			pools[e.Kind][e.Name] = true
		}
	}
	for i := range docs {
		r := &docs[i].Result
		for j := range r.Attributions {
			add(&r.Attributions[j].Speaker)
			for c := range r.Attributions[j].Via {
				add(&r.Attributions[j].Via[c].Entity)
			}
		}
		add(r.ReportedBy)
		add(r.PublishedBy)
	}
	p := &permuter{first: sortedKeys(first), last: sortedKeys(last), pools: map[graph.Kind][]string{}}
	for k, m := range pools {
		p.pools[k] = sortedKeys(m)
	}
	return p
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// renaming is one copy's permutation.
type renaming struct {
	first, last map[string]string
	whole       map[string]string // organisation, group and outlet names
}

func permMap(pool []string, rng *rand.Rand) map[string]string {
	m := make(map[string]string, len(pool))
	for i, j := range rng.Perm(len(pool)) {
		m[pool[i]] = pool[j]
	}
	return m
}

func (p *permuter) copy(k int) *renaming {
	rng := rand.New(rand.NewPCG(uint64(k), 0x5eed))
	r := &renaming{first: permMap(p.first, rng), last: permMap(p.last, rng), whole: map[string]string{}}
	for _, kind := range pooled {
		for from, to := range permMap(p.pools[kind], rng) {
			r.whole[from] = to
		}
	}
	return r
}

// person renames a person's name token by token: the first token as a
// first name, the rest as surnames; a one-token name (an alias such as
// "Blair") as a surname.
func (r *renaming) person(name string) string {
	f := strings.Fields(name)
	for i, t := range f {
		m := r.last
		if i == 0 && len(f) > 1 {
			m = r.first
		}
		if to, ok := m[t]; ok {
			f[i] = to
		} else if to, ok := r.last[t]; ok {
			f[i] = to
		}
	}
	return strings.Join(f, " ")
}

func (r *renaming) name(kind graph.Kind, name string) string {
	switch kind {
	case graph.KindPerson:
		return r.person(name)
	case graph.KindOrganisation, graph.KindGroup, graph.KindOutlet:
		if to, ok := r.whole[name]; ok {
			return to
		}
	}
	return name
}

func (r *renaming) entity(e extract.Entity) extract.Entity {
	e.Name = r.name(e.Kind, e.Name)
	if len(e.Aliases) > 0 {
		al := make([]string, len(e.Aliases))
		for i, a := range e.Aliases {
			al[i] = r.name(e.Kind, a)
		}
		e.Aliases = al
	}
	return e
}

// apply returns copy k of d: renamed entities, a new identity, the same
// text (so every span still points at the words it came from).
func (r *renaming) apply(d Doc, k int) Doc {
	doc := d.Doc
	doc.ID = fmt.Sprintf("%s~copy%d", d.Doc.Key(), k)
	if doc.URL != "" {
		doc.URL = fmt.Sprintf("%s#copy%d", doc.URL, k)
	}
	doc.Source = fmt.Sprintf("%s#copy%d", doc.Source, k)
	doc.Title = r.person(doc.Title)
	if doc.Outlet != "" {
		doc.Outlet = r.name(graph.KindOutlet, doc.Outlet)
	}
	if doc.Agency != "" {
		doc.Agency = r.name(graph.KindOutlet, doc.Agency)
	}
	res := d.Result
	res.Attributions = slices.Clone(res.Attributions)
	for i := range res.Attributions {
		a := &res.Attributions[i]
		a.Speaker = r.entity(a.Speaker)
		if len(a.Via) > 0 {
			via := slices.Clone(a.Via)
			for j := range via {
				via[j].Entity = r.entity(via[j].Entity)
				if via[j].PartOf != "" {
					via[j].PartOf = r.name(graph.KindOutlet, via[j].PartOf)
				}
			}
			a.Via = via
		}
	}
	if res.ReportedBy != nil {
		e := r.entity(*res.ReportedBy)
		res.ReportedBy = &e
	}
	if res.PublishedBy != nil {
		e := r.entity(*res.PublishedBy)
		res.PublishedBy = &e
	}
	if len(res.Assessments) > 0 {
		as := slices.Clone(res.Assessments)
		for i := range as {
			as[i].By = r.person(as[i].By)
		}
		res.Assessments = as
	}
	return Doc{Doc: doc, Result: res}
}
