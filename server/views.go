package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

// Attribute keys written by package assess (assess.AttrCredibility and
// friends); read here by name so that listing claims does not need the
// assessment engine.
const (
	attrCredibility      = "credibility"
	attrCredibilityScore = "credibility_score"
	attrReliability      = "reliability"
)

// Claim is a claim as lists show it: query.ClaimRef plus its date and
// grades.
type Claim struct {
	query.ClaimRef
	// Published is the earliest publication date among its reports;
	// Ingested, when no report has one, is when it was first ingested.
	Published string `json:"published,omitempty"`
	Ingested  string `json:"ingested,omitempty"`
	// Credibility is the Admiralty credibility (1-6) package assess
	// stored on the claim, when it has been assessed.
	Credibility      string `json:"credibility,omitempty"`
	CredibilityScore string `json:"credibility_score,omitempty"`
	// SpeakerReliability is the speaker's Admiralty reliability (A-G).
	SpeakerReliability string `json:"speaker_reliability,omitempty"`
}

// GraphView is a subgraph ready to draw: nodes with short labels and
// grades, edges with labels.
type GraphView struct {
	Nodes []NodeView `json:"nodes"`
	Edges []EdgeView `json:"edges"`
	// Truncated says the node limit (or the depth cap) left parts out.
	Truncated bool `json:"truncated,omitempty"`
}

// NodeView is one node of a GraphView.
type NodeView struct {
	ID      graph.ID   `json:"id"`
	Label   string     `json:"label"` // the name, claims shortened
	Name    string     `json:"name"`
	Kind    graph.Kind `json:"kind"`
	Subkind string     `json:"subkind,omitempty"`
	// Grade is the Admiralty grade in force: credibility 1-6 for a claim,
	// reliability A-G for a source; empty when not assessed.
	Grade string            `json:"grade,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// EdgeView is one edge of a GraphView. Edges with the same endpoints and
// predicate asserted by several articles are one EdgeView.
type EdgeView struct {
	ID         string          `json:"id"`
	Source     graph.ID        `json:"source"`
	Target     graph.ID        `json:"target"`
	Label      string          `json:"label"`
	Predicate  graph.Predicate `json:"predicate,omitempty"`
	Confidence float64         `json:"confidence,omitempty"`
	Articles   int             `json:"articles,omitempty"`
}

// labelWidth is how many characters of a claim's content a node label
// shows.
const labelWidth = 60

func nodeView(n graph.Node) NodeView {
	v := NodeView{ID: n.ID, Label: n.Name, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind, Attrs: n.Attrs}
	if n.Kind == graph.KindClaim {
		v.Label = shorten(n.Name, labelWidth)
		v.Grade = n.Attrs[attrCredibility]
	} else {
		v.Grade = n.Attrs[attrReliability]
	}
	return v
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// nodes reads nodes through a per-request cache: chains and claim lists
// share most of theirs.
type nodes struct {
	r     graph.Reader
	cache map[graph.ID]graph.Node
}

func newNodes(r graph.Reader) *nodes { return &nodes{r: r, cache: map[graph.ID]graph.Node{}} }

func (c *nodes) get(ctx context.Context, id graph.ID) (graph.Node, error) {
	if n, ok := c.cache[id]; ok {
		return n, nil
	}
	n, err := c.r.Node(ctx, id)
	if err != nil {
		return graph.Node{}, err
	}
	c.cache[id] = n
	return n, nil
}

// claimRef describes claim node n as the query package does.
func (c *nodes) claimRef(ctx context.Context, n graph.Node) (query.ClaimRef, error) {
	ref := query.ClaimRef{ID: n.ID, Content: n.Name, Kind: n.Attrs[graph.AttrClaimKind], Cue: n.Attrs[graph.AttrCue]}
	said, err := c.r.Edges(ctx, n.ID, graph.In, graph.Said)
	if err != nil {
		return ref, fmt.Errorf("speaker of claim %s: %w", n.ID, err)
	}
	if len(said) > 0 {
		sp, err := c.get(ctx, said[0].From)
		if err != nil {
			return ref, fmt.Errorf("speaker of claim %s: %w", n.ID, err)
		}
		ref.Speaker, ref.SpeakerID = sp.Name, sp.ID
	}
	contains, err := c.r.Edges(ctx, n.ID, graph.In, graph.Contains)
	if err != nil {
		return ref, fmt.Errorf("reports of claim %s: %w", n.ID, err)
	}
	arts := map[graph.ID]bool{}
	for _, e := range contains {
		arts[e.From] = true
	}
	ref.Reports = len(arts)
	return ref, nil
}

// claims adds dates and grades to refs.
func (c *nodes) claims(ctx context.Context, refs []query.ClaimRef) ([]Claim, error) {
	out := make([]Claim, 0, len(refs))
	for _, ref := range refs {
		cl, err := c.claim(ctx, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, cl)
	}
	return out, nil
}

func (c *nodes) claim(ctx context.Context, ref query.ClaimRef) (Claim, error) {
	cl := Claim{ClaimRef: ref}
	n, err := c.get(ctx, ref.ID)
	if err != nil {
		return cl, fmt.Errorf("claim %s: %w", ref.ID, err)
	}
	cl.Credibility = n.Attrs[attrCredibility]
	cl.CredibilityScore = n.Attrs[attrCredibilityScore]
	if ref.SpeakerID != 0 {
		sp, err := c.get(ctx, ref.SpeakerID)
		if err != nil {
			return cl, fmt.Errorf("speaker of claim %s: %w", ref.ID, err)
		}
		cl.SpeakerReliability = sp.Attrs[attrReliability]
	}
	contains, err := c.r.Edges(ctx, ref.ID, graph.In, graph.Contains)
	if err != nil {
		return cl, fmt.Errorf("reports of claim %s: %w", ref.ID, err)
	}
	for _, e := range contains {
		a, err := c.get(ctx, e.From)
		if err != nil {
			return cl, fmt.Errorf("report of claim %s: %w", ref.ID, err)
		}
		if p := a.Attrs[graph.AttrPublished]; p != "" && (cl.Published == "" || p < cl.Published) {
			cl.Published = p
		}
		if t := a.Attrs[graph.AttrRetrieved]; t != "" && (cl.Ingested == "" || t < cl.Ingested) {
			cl.Ingested = t
		}
	}
	if cl.Published != "" {
		cl.Ingested = ""
	}
	return cl, nil
}

// chainGraph draws chains as the reader follows them, left to right:
// speaker → channels → agencies and publishers → the article. Edge labels
// read like the text form of a chain (query.WriteChains): the speaker
// "said" it in the first channel, later hops carry their predicate, and
// the last hop leads "in article" to the article.
func (c *nodes) chainGraph(ctx context.Context, chains []query.Chain) (GraphView, error) {
	g := GraphView{Nodes: []NodeView{}, Edges: []EdgeView{}}
	seenNode := map[graph.ID]bool{}
	seenEdge := map[string]int{}
	addNode := func(id graph.ID) error {
		if seenNode[id] {
			return nil
		}
		n, err := c.get(ctx, id)
		if err != nil {
			return err
		}
		seenNode[id] = true
		g.Nodes = append(g.Nodes, nodeView(n))
		return nil
	}
	addEdge := func(from, to graph.ID, label string, pred graph.Predicate, conf float64) {
		id := from.String() + "-" + strings.ReplaceAll(label, " ", "_") + "-" + to.String()
		if i, ok := seenEdge[id]; ok {
			g.Edges[i].Articles++
			return
		}
		seenEdge[id] = len(g.Edges)
		g.Edges = append(g.Edges, EdgeView{ID: id, Source: from, Target: to, Label: label, Predicate: pred, Confidence: conf, Articles: 1})
	}
	for _, ch := range chains {
		var prev graph.ID
		sawVia := false
		for i, h := range ch.Hops {
			if err := addNode(h.ID); err != nil {
				return g, fmt.Errorf("draw chain of claim %s: %w", ch.Claim.ID, err)
			}
			label := strings.ReplaceAll(string(h.Predicate), "_", " ")
			if h.Predicate == graph.Via && !sawVia {
				label = string(graph.Said)
			}
			if h.Predicate == graph.Via {
				sawVia = true
			}
			if h.Cycle {
				label += " (circular)"
			}
			if i > 0 {
				addEdge(prev, h.ID, label, h.Predicate, h.Confidence)
			}
			prev = h.ID
		}
		if err := addNode(ch.Article.ID); err != nil {
			return g, fmt.Errorf("draw chain of claim %s: %w", ch.Claim.ID, err)
		}
		if prev != 0 && prev != ch.Article.ID {
			addEdge(prev, ch.Article.ID, "in article", graph.Contains, 0)
		}
	}
	return g, nil
}

// edgeGraph draws stored nodes and edges as they are, one EdgeView per
// (From, predicate, To).
func edgeGraph(ns []graph.Node, es []graph.Edge, truncated bool) GraphView {
	g := GraphView{Nodes: make([]NodeView, 0, len(ns)), Edges: []EdgeView{}, Truncated: truncated}
	for _, n := range ns {
		g.Nodes = append(g.Nodes, nodeView(n))
	}
	seen := map[string]int{}
	for _, e := range es {
		id := e.From.String() + "-" + string(e.Predicate) + "-" + e.To.String()
		if i, ok := seen[id]; ok {
			g.Edges[i].Articles++
			g.Edges[i].Confidence = max(g.Edges[i].Confidence, e.Prov.Confidence)
			continue
		}
		seen[id] = len(g.Edges)
		g.Edges = append(g.Edges, EdgeView{ID: id, Source: e.From, Target: e.To,
			Label: strings.ReplaceAll(string(e.Predicate), "_", " "), Predicate: e.Predicate,
			Confidence: e.Prov.Confidence, Articles: 1})
	}
	return g
}
