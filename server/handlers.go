package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "read_only": s.opts.ReadOnly, "uploads": s.uploadsEnabled()})
	return nil
}

// SearchQuery is a claim search: Words matched against content and
// speaker names, narrowed by the filters.
type SearchQuery struct {
	Words   string
	Speaker string // the speaker's name or an alias
	Outlet  string // an outlet that published or reported it
	Kind    string // direct, indirect, mixed, no-comment, denial
	// From and To bound the publication dates of its reports.
	From, To time.Time
	// Limit is the most claims wanted.
	Limit int
}

// DefaultSearch answers from the store alone, without a search index:
// Words finds the claims of speakers of that name (aliases included, so a
// surname finds its person) followed by the claims whose content has every
// word; Speaker keeps the claims of speakers of that name; Kind filters.
// Outlet and date filters need the index and are refused.
func DefaultSearch(ctx context.Context, r graph.Reader, q SearchQuery) ([]query.ClaimRef, error) {
	if q.Outlet != "" || !q.From.IsZero() || !q.To.IsZero() {
		return nil, fmt.Errorf("search: outlet and date filters need the search index (run `sourcetrace reindex`, then restart the server): %w", graph.ErrInvalid)
	}
	claimsBy := func(name string) ([]query.ClaimRef, error) {
		cs, err := query.ClaimsBy(ctx, r, name)
		if errors.Is(err, graph.ErrNotFound) {
			return nil, nil
		}
		return cs, err
	}
	var out []query.ClaimRef
	if q.Words != "" {
		by, err := claimsBy(q.Words)
		if err != nil {
			return nil, err
		}
		words, err := query.FindClaims(ctx, r, q.Words)
		if err != nil {
			return nil, err
		}
		out = by
		for _, c := range words {
			if !slices.ContainsFunc(by, func(b query.ClaimRef) bool { return b.ID == c.ID }) {
				out = append(out, c)
			}
		}
	}
	if q.Speaker != "" {
		by, err := claimsBy(q.Speaker)
		if err != nil {
			return nil, err
		}
		if q.Words == "" {
			out = by
		} else {
			out = slices.DeleteFunc(out, func(c query.ClaimRef) bool {
				return !slices.ContainsFunc(by, func(b query.ClaimRef) bool { return b.ID == c.ID })
			})
		}
	}
	if q.Kind != "" {
		out = slices.DeleteFunc(out, func(c query.ClaimRef) bool { return !strings.EqualFold(c.Kind, q.Kind) })
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// SearchResult is the answer to /api/search.
type SearchResult struct {
	Query  string  `json:"query"`
	Claims []Claim `json:"claims"`
	// Truncated says more claims matched than limit allowed.
	Truncated bool `json:"truncated,omitempty"`
}

// search answers /api/search?q=WORDS with the optional filters speaker,
// outlet, kind, from, to and limit.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	p := r.URL.Query()
	sq := SearchQuery{
		Words:   strings.TrimSpace(p.Get("q")),
		Speaker: strings.TrimSpace(p.Get("speaker")),
		Outlet:  strings.TrimSpace(p.Get("outlet")),
		Kind:    strings.TrimSpace(p.Get("kind")),
	}
	if sq.Words == "" && sq.Speaker == "" {
		return badRequest("search: parameter q (the words to look for) or speaker is required")
	}
	var err error
	if sq.From, err = dateParam(r, "from", false); err != nil {
		return err
	}
	if sq.To, err = dateParam(r, "to", true); err != nil {
		return err
	}
	if !sq.From.IsZero() && !sq.To.IsZero() && sq.To.Before(sq.From) {
		return badRequest("search: to (%s) is before from (%s)", p.Get("to"), p.Get("from"))
	}
	limit, err := s.intParam(r, "limit", s.opts.MaxResults, s.opts.MaxResults)
	if err != nil {
		return err
	}
	sq.Limit = limit + 1 // one more tells whether there were more
	refs, err := s.opts.Search(r.Context(), s.opts.Store, sq)
	if err != nil {
		return err
	}
	res := SearchResult{Query: sq.Words}
	if len(refs) > limit {
		refs, res.Truncated = refs[:limit], true
	}
	if res.Claims, err = newNodes(s.opts.Store).claims(r.Context(), refs); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// Report is one article's report of a claim.
type Report struct {
	query.ArticleRef
	// Text is the claim's wording in that article; Spans locate it.
	Text       string       `json:"text,omitempty"`
	Spans      []graph.Span `json:"spans,omitempty"`
	Confidence float64      `json:"confidence"`
}

// ClaimDetail is the answer to /api/claims/{id}.
type ClaimDetail struct {
	Claim       Claim        `json:"claim"`
	Node        graph.Node   `json:"node"`
	Reports     []Report     `json:"reports"`
	Assessments []graph.Node `json:"assessments"`
}

func (s *Server) claim(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := s.opts.Store
	c := newNodes(st)
	n, err := c.get(ctx, id)
	if err != nil {
		return fmt.Errorf("claim %s: %w", id, err)
	}
	if n.Kind != graph.KindClaim {
		return fmt.Errorf("node %s (%q) is a %s, not a claim: %w", id, n.Name, n.Kind, graph.ErrInvalid)
	}
	ref, err := c.claimRef(ctx, n)
	if err != nil {
		return err
	}
	d := ClaimDetail{Node: n, Reports: []Report{}, Assessments: []graph.Node{}}
	if d.Claim, err = c.claim(ctx, ref); err != nil {
		return err
	}
	contains, err := st.Edges(ctx, id, graph.In, graph.Contains)
	if err != nil {
		return fmt.Errorf("reports of claim %s: %w", id, err)
	}
	for _, e := range contains {
		a, err := c.get(ctx, e.From)
		if err != nil {
			return fmt.Errorf("report of claim %s: %w", id, err)
		}
		d.Reports = append(d.Reports, Report{
			ArticleRef: query.ArticleRef{ID: a.ID, Title: a.Name, Published: a.Attrs[graph.AttrPublished], URL: a.Attrs[graph.AttrURL]},
			Text:       e.Prov.Text, Spans: e.Prov.Spans, Confidence: e.Prov.Confidence})
	}
	assessed, err := st.Edges(ctx, id, graph.In, graph.Assesses)
	if err != nil {
		return fmt.Errorf("assessments of claim %s: %w", id, err)
	}
	for _, e := range assessed {
		if slices.ContainsFunc(d.Assessments, func(a graph.Node) bool { return a.ID == e.From }) {
			continue
		}
		a, err := c.get(ctx, e.From)
		if err != nil {
			return fmt.Errorf("assessment of claim %s: %w", id, err)
		}
		d.Assessments = append(d.Assessments, a)
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// ChainsResult is the answer to /api/claims/{id}/chains.
type ChainsResult struct {
	Claim  Claim         `json:"claim"`
	Chains []query.Chain `json:"chains"`
	// Graph draws the chains left to right, merged where they share nodes.
	Graph GraphView `json:"graph"`
}

func (s *Server) chains(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	chains, err := query.Chains(ctx, s.opts.Store, id)
	if err != nil {
		return err
	}
	c := newNodes(s.opts.Store)
	res := ChainsResult{Chains: chains}
	if res.Chains == nil {
		res.Chains = []query.Chain{}
	}
	n, err := c.get(ctx, id)
	if err != nil {
		return err
	}
	ref, err := c.claimRef(ctx, n)
	if err != nil {
		return err
	}
	if res.Claim, err = c.claim(ctx, ref); err != nil {
		return err
	}
	if res.Graph, err = c.chainGraph(ctx, chains); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) entity(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name := r.PathValue("name")
	// An ID names its node exactly, where a name may be shared.
	if id, err := graph.ParseID(name); err == nil {
		if n, err := s.opts.Store.Node(ctx, id); err == nil {
			name = n.Name
		}
	}
	rep, err := query.Entity(ctx, s.opts.Store, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) subgraph(w http.ResponseWriter, r *http.Request) error {
	seeds, opts, err := s.subgraphParams(r)
	if err != nil {
		return err
	}
	sg, err := query.Neighbourhood(r.Context(), s.opts.Store, seeds, opts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, edgeGraph(sg.Nodes, sg.Edges, sg.Truncated))
	return nil
}

func (s *Server) origins(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := query.Origins(r.Context(), s.opts.Store, id, query.ClusterOptions{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := query.Timeline(r.Context(), s.opts.Store, id, query.ClusterOptions{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	st, err := query.Stats(r.Context(), s.opts.Store)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// pathID parses the path parameter name as a node ID (400 if malformed).
func pathID(r *http.Request, name string) (graph.ID, error) {
	id, err := graph.ParseID(r.PathValue(name))
	if err != nil {
		return 0, fmt.Errorf("path parameter %s: %w", name, err)
	}
	return id, nil
}

// intParam reads a non-negative integer query parameter, def when absent;
// a value over limit is refused with a message naming the limit.
func (s *Server) intParam(r *http.Request, name string, def, limit int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("parameter %s: %q is not a non-negative integer", name, v)
	}
	if n > limit {
		return 0, fmt.Errorf("parameter %s: %d is over the server's limit of %d: %w", name, n, limit, graph.ErrLimit)
	}
	return n, nil
}
