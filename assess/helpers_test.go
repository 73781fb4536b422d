package assess_test

import (
	"context"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

// world builds made-up graphs by hand: entities are stored first, then
// each article's batch is written when commit is called.
type world struct {
	t       testing.TB
	ctx     context.Context
	st      *mem.Store
	batches []*graph.Batch
	byID    map[graph.ID]*graph.Batch
}

var at = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

func newWorld(t testing.TB) *world {
	t.Helper()
	st := mem.New()
	t.Cleanup(func() { st.Close() })
	return &world{t: t, ctx: context.Background(), st: st, byID: map[graph.ID]*graph.Batch{}}
}

func (w *world) entity(kind graph.Kind, sub, name string) graph.ID {
	w.t.Helper()
	id := graph.NewID(kind, graph.NormalizeName(name))
	if err := w.st.PutNode(w.ctx, graph.Node{ID: id, Kind: kind, Subkind: sub, Name: name}); err != nil {
		w.t.Fatal(err)
	}
	return id
}

func (w *world) person(name string) graph.ID { return w.entity(graph.KindPerson, "", name) }
func (w *world) outlet(name string) graph.ID {
	return w.entity(graph.KindOutlet, graph.SubPublisher, name)
}
func (w *world) agency(name string) graph.ID {
	return w.entity(graph.KindOutlet, graph.SubAgency, name)
}

func prov(article graph.ID) graph.Provenance {
	return graph.Provenance{Article: article, Extractor: "test", Confidence: 1, Ingested: at}
}

// article starts a batch; zero agency, publisher or original are left out.
func (w *world) article(title string, agency, publisher, original graph.ID) graph.ID {
	w.t.Helper()
	id := graph.NewID(graph.KindArticle, title)
	b := &graph.Batch{Article: graph.Node{ID: id, Kind: graph.KindArticle, Name: title}}
	for _, e := range []struct {
		p  graph.Predicate
		to graph.ID
	}{{graph.ReportedBy, agency}, {graph.PublishedBy, publisher}, {graph.RepublishedFrom, original}} {
		if e.to != 0 {
			b.Edges = append(b.Edges, graph.Edge{From: id, To: e.to, Predicate: e.p, Prov: prov(id)})
		}
	}
	w.batches = append(w.batches, b)
	w.byID[id] = b
	return id
}

// claim adds speaker -said-> claim, article -contains-> claim and the via
// chain to the article's batch. speaker 0 leaves out the said edge.
func (w *world) claim(article, speaker graph.ID, content, kind, cue string, via ...graph.ID) graph.ID {
	w.t.Helper()
	b := w.byID[article]
	id := graph.NewID(graph.KindClaim, speaker.String(), graph.NormalizeName(content))
	b.Nodes = append(b.Nodes, graph.Node{ID: id, Kind: graph.KindClaim, Name: content,
		Attrs: map[string]string{graph.AttrClaimKind: kind, graph.AttrCue: cue}})
	if speaker != 0 {
		b.Edges = append(b.Edges, graph.Edge{From: speaker, To: id, Predicate: graph.Said, Prov: prov(article)})
	}
	b.Edges = append(b.Edges, graph.Edge{From: article, To: id, Predicate: graph.Contains, Prov: prov(article)})
	for i, v := range via {
		b.Edges = append(b.Edges, graph.Edge{From: id, To: v, Predicate: graph.Via, Seq: i, Prov: prov(article)})
	}
	return id
}

// assessment attaches an assessment sentence to a claim, made by by (0:
// unknown).
func (w *world) assessment(article, claim graph.ID, sub, text string, by graph.ID) graph.ID {
	w.t.Helper()
	b := w.byID[article]
	id := graph.NewID(graph.KindAssessment, article.String(), text)
	b.Nodes = append(b.Nodes, graph.Node{ID: id, Kind: graph.KindAssessment, Subkind: sub, Name: text})
	b.Edges = append(b.Edges, graph.Edge{From: id, To: claim, Predicate: graph.Assesses, Prov: prov(article)})
	if by != 0 {
		b.Edges = append(b.Edges, graph.Edge{From: id, To: by, Predicate: graph.MadeBy, Prov: prov(article)})
	}
	return id
}

func (w *world) commit() {
	w.t.Helper()
	for _, b := range w.batches {
		if err := w.st.WriteArticle(w.ctx, b); err != nil {
			w.t.Fatalf("write %s: %v", b.Article.Name, err)
		}
	}
	w.batches = nil
}

func (w *world) rate(id graph.ID, grade string) {
	w.t.Helper()
	if _, err := assess.Rate(w.ctx, w.st, w.st, id, grade, "tester", "made-up grade for a test", at); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) assess(opts assess.Options) *assess.Result {
	w.t.Helper()
	res, err := assess.Assess(w.ctx, w.st, opts)
	if err != nil {
		w.t.Fatal(err)
	}
	if !res.Converged {
		w.t.Fatalf("did not converge: %d iterations, delta %g", res.Iterations, res.Delta)
	}
	return res
}

func mustClaim(t testing.TB, res *assess.Result, id graph.ID) assess.ClaimScore {
	t.Helper()
	c, ok := res.Claim(id)
	if !ok {
		t.Fatalf("claim %s not scored", id)
	}
	return c
}

func hasRelation(res *assess.Result, a, b graph.ID, p graph.Predicate) (assess.Relation, bool) {
	for _, r := range res.Relations {
		if r.Predicate == p && ((r.From == a && r.To == b) || (r.From == b && r.To == a)) {
			return r, true
		}
	}
	return assess.Relation{}, false
}
