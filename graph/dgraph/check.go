package dgraph

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
)

var _ graph.Checker = (*Store)(nil)

// Check implements graph.Checker, in one snapshot: every assertion has
// stored endpoints and a valid predicate ("dangling-edge"), its direct
// triple exists ("missing-triple"), every direct triple is supported by
// an assertion ("orphan-triple"), and each node's norm_name values are
// the NormalizeName forms of its record's names ("name-index"). The
// traversal queries rely on the triples, FindName on the index.
func (s *Store) Check(ctx context.Context) ([]graph.Problem, error) {
	var probs []graph.Problem
	add := func(kind, format string, a ...any) {
		probs = append(probs, graph.Problem{Kind: kind, Detail: fmt.Sprintf(format, a...)})
	}
	supported := map[triple]bool{}
	err := s.readTxn(ctx, "check", func(q querier) error {
		// Assertions, by xid pages.
		lo := s.prefix + export.EdgeBase
		after := lo
		for {
			var res struct{ Q []assertionJSON }
			if err := q.query(ctx, `query q($a: string, $hi: string) { q(func: gt(xid, $a), orderasc: xid, first: `+strconv.Itoa(pageSize)+`) @filter(lt(xid, $hi) AND has(`+pPredicate+`)) { `+assertionFields+` } }`,
				map[string]string{"$a": after, "$hi": lo + "\U0010FFFF"}, &res); err != nil {
				return err
			}
			for i := range res.Q {
				a := &res.Q[i]
				if a.From == nil || a.To == nil || !graph.Predicate(a.P).Valid() {
					add("dangling-edge", "assertion %s (%s) lacks an endpoint or has predicate %q", a.UID, a.X, a.P)
					continue
				}
				supported[triple{from: a.From.UID, to: a.To.UID, pred: graph.Predicate(a.P)}] = true
			}
			if len(res.Q) < pageSize {
				break
			}
			after = res.Q[len(res.Q)-1].X
		}
		// Nodes with their direct triples, by xid pages.
		var sel strings.Builder
		for i, p := range graph.Predicates {
			fmt.Fprintf(&sel, " p%d: %s { uid r: %s }", i, v(string(p)), pRecord)
		}
		lo = s.prefix + export.IDBase
		after = lo
		seen := map[triple]bool{}
		for {
			var res struct {
				Q []map[string]any
			}
			if err := q.query(ctx, `query q($a: string, $hi: string) { q(func: gt(xid, $a), orderasc: xid, first: `+strconv.Itoa(pageSize)+`) @filter(lt(xid, $hi) AND has(`+pRecord+`)) { uid x: xid r: `+pRecord+` nn: `+pNorm+sel.String()+` } }`,
				map[string]string{"$a": after, "$hi": lo + "g"}, &res); err != nil {
				return err
			}
			for _, row := range res.Q {
				uid, _ := row["uid"].(string)
				x, _ := row["x"].(string)
				rec, _ := row["r"].(string)
				nj := nodeJSON{UID: uid, X: x, R: rec}
				n, err := nj.node()
				if err != nil {
					add("record", "%v", err)
					continue
				}
				var nn []string
				if l, ok := row["nn"].([]any); ok {
					for _, v := range l {
						if s, ok := v.(string); ok {
							nn = append(nn, s)
						}
					}
				}
				want := normNames(n)
				slices.Sort(nn)
				slices.Sort(want)
				if !slices.Equal(nn, want) {
					add("name-index", "node %s: indexed names %q, want %q", n.ID, nn, want)
				}
				for i, p := range graph.Predicates {
					l, _ := row["p"+strconv.Itoa(i)].([]any)
					for _, o := range l {
						m, _ := o.(map[string]any)
						to, _ := m["uid"].(string)
						t := triple{from: uid, to: to, pred: p}
						seen[t] = true
						if _, stored := m["r"]; !stored {
							add("dangling-edge", "direct triple %s -%s-> %s: target is not a stored node", n.ID, p, to)
						}
						if !supported[t] {
							add("orphan-triple", "direct triple %s -%s-> %s has no assertion", n.ID, p, to)
						}
					}
				}
			}
			if len(res.Q) < pageSize {
				break
			}
			after = res.Q[len(res.Q)-1]["x"].(string)
		}
		for t := range supported {
			if !seen[t] {
				add("missing-triple", "assertions %s -%s-> %s have no direct triple (or an endpoint is not stored)", t.from, t.pred, t.to)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(probs, func(a, b graph.Problem) int {
		return strings.Compare(a.Kind+a.Detail, b.Kind+b.Detail)
	})
	return probs, nil
}
