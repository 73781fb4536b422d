package graphtest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Generated graph for benchmarks. Each article batch looks like what the
// extractor produces for a mid-sized news story: about 20 nodes and 40
// edges.
//
//	article ──published_by──► publisher      (pool of 20 outlets)
//	article ──reported_by───► agency         (pool of 8 agencies)
//	article ──contains──────► claim × 6      (new per article)
//	article ──mentions──────► speaker × 5    (pool of 400 people/orgs)
//	speaker ──said──────────► claim          (one speaker per claim)
//	claim ───via(seq 0,1)───► channel        (pool of 300 works)
//	channel ──part_of───────► channel        (seq 1: one per article)
//	channel ──aired_on──────► outlet
//	claim ───supports/contradicts──► claim of this article
//
// Speakers, channels and outlets are shared between articles, so node
// writes merge into existing nodes and multi-hop walks fan out across
// articles the way real provenance chains do.
const (
	benchSpeakers   = 400
	benchChannels   = 300
	benchPublishers = 20
	benchAgencies   = 8
	benchClaims     = 6
	benchArticles   = 400 // articles preloaded for the read benchmarks
)

var benchTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func benchSpeaker(i int) graph.Node {
	k := graph.KindPerson
	if i%5 == 0 {
		k = graph.KindOrganisation
	}
	return graph.Node{ID: graph.NewID(k, fmt.Sprint("speaker", i)), Kind: k,
		Name: fmt.Sprintf("Speaker Number %d", i), Aliases: []string{fmt.Sprintf("S. %d", i)}}
}

func benchChannel(i int) graph.Node {
	return graph.Node{ID: graph.NewID(graph.KindWork, fmt.Sprint("channel", i)), Kind: graph.KindWork,
		Subkind: graph.SubInterview, Name: fmt.Sprintf("Channel Work %d", i)}
}

func benchOutlet(prefix string, i int, sub string) graph.Node {
	return graph.Node{ID: graph.NewID(graph.KindOutlet, prefix, fmt.Sprint(i)), Kind: graph.KindOutlet,
		Subkind: sub, Name: fmt.Sprintf("%s Outlet %d", prefix, i)}
}

// GenerateBatch returns article n's batch of the benchmark graph described
// above, deterministically: the same n gives the same batch, and batches
// for different n share speakers, channels and outlets.
func GenerateBatch(n int) *graph.Batch { return benchBatch(n) }

// benchBatch generates article n's batch.
func benchBatch(n int) *graph.Batch {
	r := rand.New(rand.NewPCG(uint64(n), 42))
	art := graph.Node{ID: graph.NewID(graph.KindArticle, fmt.Sprint("article", n)), Kind: graph.KindArticle,
		Name:  fmt.Sprintf("Generated article number %d about events", n),
		Attrs: map[string]string{graph.AttrURL: fmt.Sprintf("https://example.org/%d", n), graph.AttrPublished: "2026-01-02"}}
	b := &graph.Batch{Article: art}
	prov := func(i int) graph.Provenance {
		return graph.Provenance{Article: art.ID, Spans: []graph.Span{{Start: i * 40, End: i*40 + 25}},
			Text: "according to the statement", Extractor: "bench", Version: "1", Confidence: 0.8, Ingested: benchTime}
	}
	add := func(from graph.ID, p graph.Predicate, to graph.ID, seq int) {
		b.Edges = append(b.Edges, graph.Edge{From: from, To: to, Predicate: p, Seq: seq, Prov: prov(len(b.Edges))})
	}
	pub := benchOutlet("Publisher", r.IntN(benchPublishers), graph.SubPublisher)
	agency := benchOutlet("Agency", r.IntN(benchAgencies), graph.SubAgency)
	b.Nodes = append(b.Nodes, pub, agency)
	add(art.ID, graph.PublishedBy, pub.ID, 0)
	add(art.ID, graph.ReportedBy, agency.ID, 0)
	outer := benchChannel(r.IntN(benchChannels)) // the article's documentary
	b.Nodes = append(b.Nodes, outer)
	var claims []graph.ID
	for c := range benchClaims {
		claim := graph.Node{ID: graph.NewID(graph.KindClaim, fmt.Sprint(n, "claim", c)), Kind: graph.KindClaim,
			Name: fmt.Sprintf("claim %d of article %d says something", c, n)}
		claims = append(claims, claim.ID)
		sp := benchSpeaker(r.IntN(benchSpeakers))
		b.Nodes = append(b.Nodes, claim, sp)
		add(art.ID, graph.Contains, claim.ID, 0)
		add(sp.ID, graph.Said, claim.ID, 0)
		if c < 5 {
			add(art.ID, graph.Mentions, sp.ID, 0)
		}
		inner := benchChannel(r.IntN(benchChannels))
		if inner.ID == outer.ID {
			inner = benchChannel(benchChannels) // one beyond the pool
		}
		b.Nodes = append(b.Nodes, inner)
		add(claim.ID, graph.Via, inner.ID, 0)
		add(claim.ID, graph.Via, outer.ID, 1)
		add(inner.ID, graph.PartOf, outer.ID, 0)
	}
	aired := benchChannel(r.IntN(benchChannels))
	b.Nodes = append(b.Nodes, aired)
	add(aired.ID, graph.AiredOn, pub.ID, 0)
	add(claims[1], graph.Supports, claims[0], 0)
	add(claims[2], graph.Contradicts, claims[0], 0)
	return b
}

// BenchmarkAll runs the storage benchmarks against stores made by open.
// Read benchmarks share one store preloaded with benchArticles articles
// (about 9,000 nodes and 16,000 edges).
func BenchmarkAll(b *testing.B, open func(b *testing.B) graph.Store) {
	b.Run("WriteArticle", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		batches := make([]*graph.Batch, b.N)
		for i := range batches {
			batches[i] = benchBatch(1_000_000 + i)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := s.WriteArticle(ctx, batches[i]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(len(batches[0].Nodes)+1), "nodes/batch")
		b.ReportMetric(float64(len(batches[0].Edges)), "edges/batch")
	})
	b.Run("RewriteArticle", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		batch := benchBatch(7)
		mustWrite(b, s, batch)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := s.WriteArticle(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
	})

	s := open(b)
	defer s.Close()
	var nodes []graph.ID
	for n := range benchArticles {
		bt := benchBatch(n)
		mustWrite(b, s, bt)
		if n < 50 {
			nodes = append(nodes, bt.Article.ID, bt.Nodes[2].ID, bt.Nodes[3].ID)
		}
	}
	pick := func(i int) graph.ID { return nodes[(i*7919)%len(nodes)] }

	b.Run("Node", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := s.Node(ctx, pick(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EdgesOneHop", func(b *testing.B) {
		b.ReportAllocs()
		total := 0
		for i := 0; i < b.N; i++ {
			es, err := s.Edges(ctx, pick(i), graph.Out)
			if err != nil {
				b.Fatal(err)
			}
			total += len(es)
		}
		b.ReportMetric(float64(total)/float64(b.N), "edges/op")
	})
	for _, hops := range []int{3, 5} {
		b.Run(fmt.Sprintf("BFS%dHop", hops), func(b *testing.B) {
			b.ReportAllocs()
			total := 0
			for i := 0; i < b.N; i++ {
				n, err := bfs(s, pick(i), hops)
				if err != nil {
					b.Fatal(err)
				}
				total += n
			}
			b.ReportMetric(float64(total)/float64(b.N), "nodes/op")
		})
	}
	b.Run("FindNamePrefix", func(b *testing.B) {
		b.ReportAllocs()
		total := 0
		for i := 0; i < b.N; i++ {
			// "speaker number 1" matches up to 111 speakers, "... 23" up to 11.
			ids, err := s.FindName(ctx, fmt.Sprintf("Speaker Number %d", 1+i%40), true, 20)
			if err != nil {
				b.Fatal(err)
			}
			total += len(ids)
		}
		b.ReportMetric(float64(total)/float64(b.N), "ids/op")
	})
	b.Run("Stats", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := s.Stats(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// bfs walks outgoing edges breadth-first up to hops deep and returns how
// many distinct nodes it reached: the shape of a provenance-chain query.
func bfs(s graph.Reader, start graph.ID, hops int) (int, error) {
	seen := map[graph.ID]bool{start: true}
	frontier := []graph.ID{start}
	for range hops {
		var next []graph.ID
		for _, id := range frontier {
			es, err := s.Edges(ctx, id, graph.Out)
			if err != nil {
				return 0, err
			}
			for _, e := range es {
				if !seen[e.To] {
					seen[e.To] = true
					next = append(next, e.To)
				}
			}
		}
		frontier = next
	}
	return len(seen), nil
}
