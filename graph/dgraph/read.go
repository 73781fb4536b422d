package dgraph

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
)

// pageSize is how many nodes or assertions one scan query fetches; a
// variable so tests can make pages small.
var pageSize = 2000

// xref is a uid predicate's target as queries return it.
type xref struct {
	UID string `json:"uid"`
	X   string `json:"x"`
}

// assertionJSON is an Assertion node as assertionFields selects it.
type assertionJSON struct {
	UID   string  `json:"uid"`
	X     string  `json:"x"`
	P     string  `json:"p"`
	Seq   int     `json:"s"`
	From  *xref   `json:"f"`
	To    *xref   `json:"t"`
	Art   *xref   `json:"a"`
	Spans string  `json:"sp"`
	Text  string  `json:"tx"`
	Ex    string  `json:"ex"`
	Ve    string  `json:"ve"`
	Conf  float64 `json:"c"`
	Ing   string  `json:"i"`
}

// assertionFields selects what assertionJSON decodes.
var assertionFields = "uid x: xid p: " + pPredicate + " s: " + pSeq +
	" f: " + pFrom + " { uid x: xid } t: " + pTo + " { uid x: xid } a: " + pArticle + " { uid x: xid }" +
	" sp: " + pSpans + " tx: " + pText + " ex: " + pExtractor + " ve: " + pVersion +
	" c: " + pConf + " i: " + pIngested

func (a *assertionJSON) edge() (graph.Edge, error) {
	var e graph.Edge
	if a.From == nil || a.To == nil {
		return e, fmt.Errorf("assertion %s: missing endpoint: %w", a.UID, graph.ErrInvalid)
	}
	var err error
	if e.From, err = idOfXID(a.From.X); err != nil {
		return e, fmt.Errorf("assertion %s: from: %w", a.UID, err)
	}
	if e.To, err = idOfXID(a.To.X); err != nil {
		return e, fmt.Errorf("assertion %s: to: %w", a.UID, err)
	}
	if a.Art != nil {
		if e.Prov.Article, err = idOfXID(a.Art.X); err != nil {
			return e, fmt.Errorf("assertion %s: article: %w", a.UID, err)
		}
	}
	e.Predicate = graph.Predicate(a.P)
	e.Seq = a.Seq
	if e.Prov.Spans, err = parseSpans(a.Spans); err != nil {
		return e, fmt.Errorf("assertion %s: %w", a.UID, err)
	}
	e.Prov.Text, e.Prov.Extractor, e.Prov.Version, e.Prov.Confidence = a.Text, a.Ex, a.Ve, a.Conf
	if a.Ing != "" {
		if e.Prov.Ingested, err = time.Parse(time.RFC3339Nano, a.Ing); err != nil {
			return e, fmt.Errorf("assertion %s: ingested %q: %w", a.UID, a.Ing, graph.ErrInvalid)
		}
	}
	return e, nil
}

// spansString and parseSpans use the export's "start-end start-end" form.
func spansString(spans []graph.Span) string {
	var b []byte
	for i, sp := range spans {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(sp.End), 10)
	}
	return string(b)
}

func parseSpans(s string) ([]graph.Span, error) {
	if s == "" {
		return nil, nil
	}
	fields := strings.Fields(s)
	out := make([]graph.Span, 0, len(fields))
	for _, f := range fields {
		// The separator is the first '-' after the first character, so a
		// negative start still parses.
		i := strings.IndexByte(f[min(1, len(f)):], '-') + 1
		if i <= 0 {
			return nil, fmt.Errorf("span %q: want start-end: %w", f, graph.ErrInvalid)
		}
		start, err1 := strconv.Atoi(f[:i])
		end, err2 := strconv.Atoi(f[i+1:])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("span %q: want start-end: %w", f, graph.ErrInvalid)
		}
		out = append(out, graph.Span{Start: start, End: end})
	}
	return out, nil
}

// nodeJSON is a node as queries select it: its record.
type nodeJSON struct {
	UID string `json:"uid"`
	X   string `json:"x"`
	R   string `json:"r"`
}

func (n *nodeJSON) node() (graph.Node, error) {
	var out graph.Node
	if err := json.Unmarshal([]byte(n.R), &out); err != nil {
		return out, fmt.Errorf("node %s: record: %v: %w", n.X, err, graph.ErrInvalid)
	}
	return out, nil
}

// Node implements graph.Reader.
func (s *Store) Node(ctx context.Context, id graph.ID) (graph.Node, error) {
	var n graph.Node
	err := s.readTxn(ctx, "node "+id.String(), func(q querier) error {
		var res struct{ Q []nodeJSON }
		if err := q.query(ctx, `query q($x: string) { q(func: eq(xid, $x)) @filter(has(`+pRecord+`)) { uid x: xid r: `+pRecord+` } }`,
			map[string]string{"$x": s.nodeXID(id)}, &res); err != nil {
			return err
		}
		if len(res.Q) == 0 {
			return userError{graph.ErrNotFound}
		}
		var err error
		n, err = res.Q[0].node()
		return err
	})
	return n, err
}

// predList renders predicates as a DQL list of strings.
func predList(ps []graph.Predicate) string {
	qs := make([]string, len(ps))
	for i, p := range ps {
		qs[i] = quote(string(p))
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

// Edges implements graph.Reader: the node's assertions through the
// reverse of from (Out) or to (In).
func (s *Store) Edges(ctx context.Context, id graph.ID, dir graph.Direction, preds ...graph.Predicate) ([]graph.Edge, error) {
	op := fmt.Sprintf("edges of %s", id)
	for _, p := range preds {
		if !p.Valid() {
			return nil, fmt.Errorf("%s: unknown predicate %q: %w", op, p, graph.ErrInvalid)
		}
	}
	var rev string
	switch dir {
	case graph.Out:
		rev = rFrom
	case graph.In:
		rev = rTo
	default:
		return nil, fmt.Errorf("%s: direction %d: %w", op, dir, graph.ErrInvalid)
	}
	filter := ""
	if len(preds) > 0 {
		filter = " @filter(eq(" + pPredicate + ", " + predList(preds) + "))"
	}
	var out []graph.Edge
	err := s.readTxn(ctx, op, func(q querier) error {
		var res struct {
			Q []struct {
				E []assertionJSON `json:"e"`
			}
		}
		if err := q.query(ctx, `query q($x: string) { q(func: eq(xid, $x)) { e: `+rev+filter+` { `+assertionFields+` } } }`,
			map[string]string{"$x": s.nodeXID(id)}, &res); err != nil {
			return err
		}
		for _, n := range res.Q {
			for i := range n.E {
				e, err := n.E[i].edge()
				if err != nil {
					return err
				}
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortEdges(out, dir)
	if out == nil {
		out = []graph.Edge{}
	}
	return out, nil
}

// sortEdges orders edges as Reader.Edges promises: predicate, the other
// endpoint, article, Seq.
func sortEdges(es []graph.Edge, dir graph.Direction) {
	other := func(e graph.Edge) graph.ID {
		if dir == graph.Out {
			return e.To
		}
		return e.From
	}
	slices.SortFunc(es, func(a, b graph.Edge) int {
		return cmp.Or(cmp.Compare(a.Predicate.Index(), b.Predicate.Index()), cmp.Compare(other(a), other(b)),
			cmp.Compare(a.Prov.Article, b.Prov.Article), cmp.Compare(a.Seq, b.Seq))
	})
}

// FindName implements graph.Reader over the norm_name index: eq for an
// exact name, a ge/le range for a prefix.
func (s *Store) FindName(ctx context.Context, name string, prefix bool, limit int) ([]graph.ID, error) {
	norm := graph.NormalizeName(name)
	op := fmt.Sprintf("find name %q", name)
	if norm == "" {
		return nil, fmt.Errorf("%s: empty after normalisation: %w", op, graph.ErrInvalid)
	}
	type hit struct {
		name string
		id   graph.ID
	}
	var hits []hit
	err := s.readTxn(ctx, op, func(q querier) error {
		var dql string
		vars := map[string]string{"$n": norm, "$g": s.graph}
		if prefix {
			// Names are byte-ordered in the index; U+10FFFF sorts after
			// every continuation of the prefix a real name has.
			vars["$hi"] = norm + "\U0010FFFF"
			dql = `query q($n: string, $hi: string, $g: string) { q(func: ge(` + pNorm + `, $n)) @filter(le(` + pNorm + `, $hi) AND eq(` + pGraph + `, $g) AND has(` + pRecord + `)) { x: xid nn: ` + pNorm + ` } }`
		} else {
			dql = `query q($n: string, $g: string) { q(func: eq(` + pNorm + `, $n)) @filter(eq(` + pGraph + `, $g) AND has(` + pRecord + `)) { x: xid nn: ` + pNorm + ` } }`
		}
		var res struct {
			Q []struct {
				X  string   `json:"x"`
				NN []string `json:"nn"`
			}
		}
		if err := q.query(ctx, dql, vars, &res); err != nil {
			return err
		}
		for _, r := range res.Q {
			id, err := idOfXID(r.X)
			if err != nil {
				return err
			}
			// The node counts once, at its smallest matching name.
			best, ok := "", false
			for _, n := range r.NN {
				if (n == norm || prefix && strings.HasPrefix(n, norm)) && (!ok || n < best) {
					best, ok = n, true
				}
			}
			if ok {
				hits = append(hits, hit{best, id})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(a.id, b.id)) })
	ids := make([]graph.ID, 0, len(hits))
	for _, h := range hits {
		if limit > 0 && len(ids) == limit {
			break
		}
		ids = append(ids, h.id)
	}
	return ids, nil
}

// ScanNodes implements graph.Reader. Node xids of one graph share a prefix
// and end in the hex ID, so xid order is ID order; pages follow it in one
// snapshot, and fn runs between queries, so it may call the store.
func (s *Store) ScanNodes(ctx context.Context, kind graph.Kind, fn func(graph.Node) error) error {
	filter := "has(" + pRecord + ")"
	if kind != "" {
		filter += " AND eq(" + pKind + ", " + quote(string(kind)) + ")"
	}
	lo := s.prefix + export.IDBase
	return s.readTxn(ctx, "scan nodes", func(q querier) error {
		after := lo
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			var res struct{ Q []nodeJSON }
			if err := q.query(ctx, `query q($a: string, $hi: string) { q(func: gt(xid, $a), orderasc: xid, first: `+strconv.Itoa(pageSize)+`) @filter(lt(xid, $hi) AND `+filter+`) { uid x: xid r: `+pRecord+` } }`,
				map[string]string{"$a": after, "$hi": lo + "g"}, &res); err != nil {
				return err
			}
			for i := range res.Q {
				n, err := res.Q[i].node()
				if err != nil {
					return err
				}
				if err := fn(n); err != nil {
					return userError{err}
				}
			}
			if len(res.Q) < pageSize {
				return nil
			}
			after = res.Q[len(res.Q)-1].X
		}
	})
}

// ScanEdges implements graph.Reader, in assertion xid order: by From, then
// predicate name, then To, then article.
func (s *Store) ScanEdges(ctx context.Context, fn func(graph.Edge) error) error {
	lo := s.prefix + export.EdgeBase
	return s.readTxn(ctx, "scan edges", func(q querier) error {
		after := lo
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			var res struct{ Q []assertionJSON }
			if err := q.query(ctx, `query q($a: string, $hi: string) { q(func: gt(xid, $a), orderasc: xid, first: `+strconv.Itoa(pageSize)+`) @filter(lt(xid, $hi) AND has(`+pPredicate+`)) { `+assertionFields+` } }`,
				map[string]string{"$a": after, "$hi": lo + "\U0010FFFF"}, &res); err != nil {
				return err
			}
			for i := range res.Q {
				e, err := res.Q[i].edge()
				if err != nil {
					return err
				}
				if err := fn(e); err != nil {
					return userError{err}
				}
			}
			if len(res.Q) < pageSize {
				return nil
			}
			after = res.Q[len(res.Q)-1].X
		}
	})
}

// Stats implements graph.Reader with one query of count blocks.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	st := graph.Stats{ByKind: map[graph.Kind]int{}, ByPredicate: map[graph.Predicate]int{}}
	var b strings.Builder
	b.WriteString("query q($g: string) {\n")
	for i, k := range graph.Kinds {
		fmt.Fprintf(&b, "k%d(func: eq(%s, %s)) @filter(eq(%s, $g) AND has(%s)) { count(uid) }\n", i, pKind, quote(string(k)), pGraph, pRecord)
	}
	for i, p := range graph.Predicates {
		fmt.Fprintf(&b, "p%d(func: eq(%s, %s)) @filter(eq(%s, $g)) { count(uid) }\n", i, pPredicate, quote(string(p)), pGraph)
	}
	b.WriteString("}")
	err := s.readTxn(ctx, "stats", func(q querier) error {
		var res map[string][]struct {
			Count int `json:"count"`
		}
		if err := q.query(ctx, b.String(), map[string]string{"$g": s.graph}, &res); err != nil {
			return err
		}
		for i, k := range graph.Kinds {
			if r := res["k"+strconv.Itoa(i)]; len(r) > 0 && r[0].Count > 0 {
				st.ByKind[k] = r[0].Count
				st.Nodes += r[0].Count
			}
		}
		for i, p := range graph.Predicates {
			if r := res["p"+strconv.Itoa(i)]; len(r) > 0 && r[0].Count > 0 {
				st.ByPredicate[p] = r[0].Count
				st.Edges += r[0].Count
			}
		}
		return nil
	})
	if err != nil {
		return graph.Stats{}, err
	}
	return st, nil
}
