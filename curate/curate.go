package curate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// store bundles what every operation needs.
type store struct {
	r   graph.Reader
	w   graph.Writer
	rep graph.NodeReplacer // nil when the writer cannot replace nodes
}

func newStore(r graph.Reader, w graph.Writer) store {
	rep, _ := w.(graph.NodeReplacer)
	return store{r: r, w: w, rep: rep}
}

func (s store) replace(ctx context.Context, n graph.Node) error {
	if s.rep == nil {
		return fmt.Errorf("replace node %s: this store cannot replace nodes (graph.NodeReplacer): %w", n.ID, graph.ErrInvalid)
	}
	return s.rep.ReplaceNode(ctx, n)
}

// ekey identifies an edge the way the stores do.
type ekey struct {
	from, to graph.ID
	pred     graph.Predicate
	article  graph.ID
}

func keyOf(e graph.Edge) ekey { return ekey{e.From, e.To, e.Predicate, e.Prov.Article} }

// owned reports whether entry e wrote edge ed.
func (e *Entry) owned(ed graph.Edge) bool {
	return ed.Prov.Article == 0 && ed.Prov.Extractor == Extractor && ed.Prov.Version == e.ID.String()
}

// edge makes an edge owned by e.
func (e *Entry) edge(from graph.ID, pred graph.Predicate, to graph.ID, seq int, conf float64, text string) graph.Edge {
	return graph.Edge{From: from, To: to, Predicate: pred, Seq: seq, Prov: graph.Provenance{
		Text: text, Extractor: Extractor, Version: e.ID.String(), Confidence: conf, Ingested: e.At,
	}}
}

// edgesOf returns every edge leaving or entering id.
func (s store) edgesOf(ctx context.Context, id graph.ID) ([]graph.Edge, error) {
	out, err := s.r.Edges(ctx, id, graph.Out)
	if err != nil {
		return nil, err
	}
	in, err := s.r.Edges(ctx, id, graph.In)
	if err != nil {
		return nil, err
	}
	return append(out, in...), nil
}

// sync makes e's edges touching the given nodes exactly want.
func (s store) sync(ctx context.Context, e *Entry, want []graph.Edge, on ...graph.ID) error {
	wanted := map[ekey]bool{}
	for _, ed := range want {
		wanted[keyOf(ed)] = true
	}
	var stale []graph.Edge
	seen := map[ekey]bool{}
	for _, id := range on {
		edges, err := s.edgesOf(ctx, id)
		if err != nil {
			return err
		}
		for _, ed := range edges {
			k := keyOf(ed)
			if e.owned(ed) && !wanted[k] && !seen[k] {
				seen[k] = true
				stale = append(stale, ed)
			}
		}
	}
	if err := chunked(ctx, stale, s.w.DeleteEdges); err != nil {
		return err
	}
	return chunked(ctx, want, s.w.PutEdges)
}

// chunkSize bounds the edges written in one call, which a store may make
// one transaction: merging a hub (an agency in thousands of articles)
// must not exceed a transaction's size.
const chunkSize = 1000

func chunked(ctx context.Context, edges []graph.Edge, write func(context.Context, []graph.Edge) error) error {
	for len(edges) > 0 {
		n := min(len(edges), chunkSize)
		if err := write(ctx, edges[:n]); err != nil {
			return err
		}
		edges = edges[n:]
	}
	return nil
}

// exists reports whether a node is stored.
func (s store) exists(ctx context.Context, id graph.ID) (bool, error) {
	_, err := s.r.Node(ctx, id)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, graph.ErrNotFound):
		return false, nil
	}
	return false, err
}

// entity fetches a node that curation may merge or split: not a claim,
// article or assessment.
func (s store) entity(ctx context.Context, id graph.ID) (graph.Node, error) {
	n, err := s.r.Node(ctx, id)
	if err != nil {
		return graph.Node{}, err
	}
	switch n.Kind {
	case graph.KindClaim, graph.KindArticle, graph.KindAssessment:
		return graph.Node{}, fmt.Errorf("%s %q (%s) is not an entity: %w", n.Kind, short(n.Name), n.ID, graph.ErrInvalid)
	}
	return n, nil
}

func (s store) claim(ctx context.Context, id graph.ID) (graph.Node, error) {
	n, err := s.r.Node(ctx, id)
	if err != nil {
		return graph.Node{}, err
	}
	if n.Kind != graph.KindClaim {
		return graph.Node{}, fmt.Errorf("%s %q (%s) is not a claim: %w", n.Kind, short(n.Name), n.ID, graph.ErrInvalid)
	}
	return n, nil
}

// aliasTarget is the node id has been merged into, or 0.
func (s store) aliasTarget(ctx context.Context, id graph.ID) (graph.ID, error) {
	edges, err := s.r.Edges(ctx, id, graph.Out, graph.AliasOf)
	if err != nil || len(edges) == 0 {
		return 0, err
	}
	return edges[0].To, nil
}

func short(s string) string {
	r := []rune(s)
	if len(r) <= 60 {
		return s
	}
	return string(r[:59]) + "…"
}

// Merge makes alias an alias of canonical (see the package documentation)
// and logs it.
func Merge(ctx context.Context, r graph.Reader, w graph.Writer, canonical, alias graph.ID, m Meta) (Entry, error) {
	s := newStore(r, w)
	if canonical == alias {
		return Entry{}, fmt.Errorf("merge %s into itself: %w", alias, graph.ErrInvalid)
	}
	a, err := s.entity(ctx, canonical)
	if err != nil {
		return Entry{}, fmt.Errorf("merge: %w", err)
	}
	b, err := s.entity(ctx, alias)
	if err != nil {
		return Entry{}, fmt.Errorf("merge: %w", err)
	}
	if to, err := s.aliasTarget(ctx, b.ID); err != nil {
		return Entry{}, fmt.Errorf("merge: %w", err)
	} else if to != 0 {
		return Entry{}, fmt.Errorf("merge: %q (%s) is already merged into %s; split it off first: %w", b.Name, b.ID, to, graph.ErrInvalid)
	}
	if to, err := s.aliasTarget(ctx, a.ID); err != nil {
		return Entry{}, fmt.Errorf("merge: %w", err)
	} else if to != 0 {
		return Entry{}, fmt.Errorf("merge: %q (%s) is itself merged into %s; merge into that instead: %w", a.Name, a.ID, to, graph.ErrInvalid)
	}
	e, err := next(ctx, r, OpMerge, m)
	if err != nil {
		return Entry{}, err
	}
	e.Canonical, e.Alias = a.ID, b.ID
	e.Summary = fmt.Sprintf("merge %q (%s) into %q (%s)", b.Name, b.ID, a.Name, a.ID)
	e.Inverse = fmt.Sprintf("split %q off %q again: remove its alias_of edge, the edges copied onto %q and the aliases it gave it", b.Name, a.Name, a.Name)
	return e, s.run(ctx, &e)
}

// run saves a new entry, applies it and saves what it changed. Saving
// first means a crash leaves an entry that Reapply completes, never edges
// no entry owns.
func (s store) run(ctx context.Context, e *Entry) error {
	if err := save(ctx, s.w, e); err != nil {
		return err
	}
	if err := s.do(ctx, e); err != nil {
		return fmt.Errorf("curation %d (%s): %w", e.Seq, e.Op, err)
	}
	return save(ctx, s.w, e)
}

// do applies e; applying it again changes nothing.
func (s store) do(ctx context.Context, e *Entry) error {
	switch e.Op {
	case OpMerge:
		return s.doMerge(ctx, e)
	case OpSplit:
		if e.Target != 0 {
			return s.setMerge(ctx, e, false)
		}
		return s.doSplit(ctx, e)
	case OpCorrectSpeaker:
		return s.doSpeaker(ctx, e)
	case OpCorrectContent:
		return s.doContent(ctx, e)
	case OpUndo:
		t, err := Find(ctx, s.r, e.Target.String())
		if err != nil {
			return err
		}
		if err := s.undo(ctx, &t); err != nil {
			return err
		}
		t.Undone, t.UndoneBy = true, e.ID
		return save(ctx, s.w, &t)
	}
	return fmt.Errorf("unknown curation %q: %w", e.Op, graph.ErrInvalid)
}

// undo takes e back.
func (s store) undo(ctx context.Context, e *Entry) error {
	switch e.Op {
	case OpMerge:
		return s.undoMerge(ctx, e)
	case OpSplit:
		if e.Target != 0 {
			return s.setMerge(ctx, e, true)
		}
		return s.undoSplit(ctx, e)
	case OpCorrectSpeaker:
		return s.undoSpeaker(ctx, e)
	case OpCorrectContent:
		return s.undoContent(ctx, e)
	case OpUndo:
		t, err := Find(ctx, s.r, e.Target.String())
		if err != nil {
			return err
		}
		if err := s.do(ctx, &t); err != nil {
			return err
		}
		t.Undone, t.UndoneBy = false, 0
		return save(ctx, s.w, &t)
	}
	return fmt.Errorf("unknown curation %q: %w", e.Op, graph.ErrInvalid)
}

// setMerge applies (active) or takes back the merge a split entry names.
func (s store) setMerge(ctx context.Context, split *Entry, active bool) error {
	m, err := Find(ctx, s.r, split.Target.String())
	if err != nil {
		return err
	}
	if active {
		if err := s.doMerge(ctx, &m); err != nil {
			return err
		}
		m.Undone, m.UndoneBy = false, 0
	} else {
		if err := s.undoMerge(ctx, &m); err != nil {
			return err
		}
		m.Undone, m.UndoneBy = true, split.ID
	}
	return save(ctx, s.w, &m)
}

func (s store) doMerge(ctx context.Context, e *Entry) error {
	a, err := s.r.Node(ctx, e.Canonical)
	if err != nil {
		return err
	}
	b, err := s.r.Node(ctx, e.Alias)
	if err != nil {
		return err
	}
	aEdges, err := s.edgesOf(ctx, a.ID)
	if err != nil {
		return err
	}
	// Article-less edges of A that other curations or analysts wrote are
	// left alone rather than overwritten.
	taken := map[ekey]bool{}
	for _, ed := range aEdges {
		if ed.Prov.Article == 0 && !e.owned(ed) {
			taken[keyOf(ed)] = true
		}
	}
	want := []graph.Edge{e.edge(b.ID, graph.AliasOf, a.ID, 0, 1, fmt.Sprintf("merged by curation %d", e.Seq))}
	at := map[ekey]int{}
	bEdges, err := s.edgesOf(ctx, b.ID)
	if err != nil {
		return err
	}
	for _, ed := range bEdges {
		if ed.Predicate == graph.AliasOf {
			continue
		}
		from, to := ed.From, ed.To
		if from == b.ID {
			from = a.ID
		}
		if to == b.ID {
			to = a.ID
		}
		if from == to {
			continue
		}
		c := e.edge(from, ed.Predicate, to, ed.Seq, ed.Prov.Confidence, fmt.Sprintf("copied from %q by curation %d", b.Name, e.Seq))
		k := keyOf(c)
		if taken[k] {
			continue
		}
		if i, ok := at[k]; ok {
			want[i].Prov.Confidence = max(want[i].Prov.Confidence, c.Prov.Confidence)
			continue
		}
		at[k] = len(want)
		want = append(want, c)
	}
	if err := s.sync(ctx, e, want, a.ID, b.ID); err != nil {
		return err
	}
	have := map[string]bool{graph.NormalizeName(a.Name): true}
	for _, al := range a.Aliases {
		have[graph.NormalizeName(al)] = true
	}
	var add []string
	for _, name := range append([]string{b.Name}, b.Aliases...) {
		if f := graph.NormalizeName(name); f != "" && !have[f] {
			have[f] = true
			add = append(add, name)
		}
	}
	if len(add) == 0 {
		return nil
	}
	if err := s.w.PutNode(ctx, graph.Node{ID: a.ID, Kind: a.Kind, Name: a.Name, Aliases: add}); err != nil {
		return err
	}
	for _, al := range add {
		if !slices.Contains(e.AddedAliases, al) {
			e.AddedAliases = append(e.AddedAliases, al)
		}
	}
	return nil
}

func (s store) undoMerge(ctx context.Context, e *Entry) error {
	if err := s.sync(ctx, e, nil, e.Canonical, e.Alias); err != nil {
		return err
	}
	return s.dropAliases(ctx, e.Canonical, e.AddedAliases)
}

// dropAliases removes the given aliases (exact strings) from a node.
func (s store) dropAliases(ctx context.Context, id graph.ID, drop []string) error {
	if len(drop) == 0 {
		return nil
	}
	n, err := s.r.Node(ctx, id)
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(n.Aliases), func(a string) bool { return slices.Contains(drop, a) })
	if len(kept) == len(n.Aliases) {
		return nil
	}
	if len(kept) == 0 {
		kept = nil
	}
	n.Aliases = kept
	return s.replace(ctx, n)
}

// Split takes name off canonical: a node merged into it is split off
// again (its merge is taken back), or else one of canonical's aliases
// becomes a node of its own, taking the edges whose mention wording is
// that name. It logs the split.
func Split(ctx context.Context, r graph.Reader, w graph.Writer, canonical graph.ID, name string, m Meta) (Entry, error) {
	s := newStore(r, w)
	a, err := s.entity(ctx, canonical)
	if err != nil {
		return Entry{}, fmt.Errorf("split: %w", err)
	}
	norm := graph.NormalizeName(name)
	if norm == "" {
		return Entry{}, fmt.Errorf("split %q: empty name: %w", name, graph.ErrInvalid)
	}
	log, err := Log(ctx, r)
	if err != nil {
		return Entry{}, err
	}
	for i := len(log) - 1; i >= 0; i-- {
		me := log[i]
		if me.Op != OpMerge || me.Undone || me.Canonical != a.ID {
			continue
		}
		b, err := r.Node(ctx, me.Alias)
		if err != nil {
			return Entry{}, fmt.Errorf("split: %w", err)
		}
		if strings.TrimSpace(name) != b.ID.String() && !answersTo(b, norm) {
			continue
		}
		e, err := next(ctx, r, OpSplit, m)
		if err != nil {
			return Entry{}, err
		}
		e.Canonical, e.Alias, e.Name, e.Target = a.ID, b.ID, b.Name, me.ID
		e.Summary = fmt.Sprintf("split %q (%s) off %q (%s), taking back curation %d", b.Name, b.ID, a.Name, a.ID, me.Seq)
		e.Inverse = fmt.Sprintf("merge %q into %q again (curation %d)", b.Name, a.Name, me.Seq)
		if err := s.run(ctx, &e); err != nil {
			return e, err
		}
		_, err = Reapply(ctx, r, w) // as after Undo
		return e, err
	}
	if norm == graph.NormalizeName(a.Name) {
		return Entry{}, fmt.Errorf("split %q off %q: that is its own name: %w", name, a.Name, graph.ErrInvalid)
	}
	var alias string
	for _, al := range a.Aliases {
		if graph.NormalizeName(al) == norm {
			alias = al
			break
		}
	}
	if alias == "" {
		return Entry{}, fmt.Errorf("split: %q is neither merged into %q (%s) nor one of its aliases: %w", name, a.Name, a.ID, graph.ErrNotFound)
	}
	e, err := next(ctx, r, OpSplit, m)
	if err != nil {
		return Entry{}, err
	}
	id := graph.NewID("entity", norm)
	n, err := r.Node(ctx, id)
	switch {
	case errors.Is(err, graph.ErrNotFound):
		n = graph.Node{ID: id, Kind: a.Kind, Subkind: a.Subkind, Name: alias}
		if err := w.PutNode(ctx, n); err != nil {
			return Entry{}, fmt.Errorf("split: %w", err)
		}
		e.CreatedNode = true
	case err != nil:
		return Entry{}, fmt.Errorf("split: %w", err)
	}
	if n, err = s.entity(ctx, id); err != nil {
		return Entry{}, fmt.Errorf("split: %w", err)
	}
	e.Canonical, e.Alias, e.Name = a.ID, n.ID, alias
	e.Summary = fmt.Sprintf("split alias %q off %q (%s) into its own node %s", alias, a.Name, a.ID, n.ID)
	e.Inverse = fmt.Sprintf("give %q back to %q as an alias, with the edges moved to %s", alias, a.Name, n.ID)
	return e, s.run(ctx, &e)
}

func answersTo(n graph.Node, norm string) bool {
	if graph.NormalizeName(n.Name) == norm {
		return true
	}
	for _, a := range n.Aliases {
		if graph.NormalizeName(a) == norm {
			return true
		}
	}
	return false
}

func (s store) doSplit(ctx context.Context, e *Entry) error {
	a, err := s.r.Node(ctx, e.Canonical)
	if err != nil {
		return err
	}
	norm := graph.NormalizeName(e.Name)
	var kept, removed []string
	for _, al := range a.Aliases {
		if graph.NormalizeName(al) == norm {
			removed = append(removed, al)
		} else {
			kept = append(kept, al)
		}
	}
	if len(removed) > 0 {
		a.Aliases = kept
		if err := s.replace(ctx, a); err != nil {
			return err
		}
		for _, al := range removed {
			if !slices.Contains(e.RemovedAliases, al) {
				e.RemovedAliases = append(e.RemovedAliases, al)
			}
		}
	}
	edges, err := s.edgesOf(ctx, a.ID)
	if err != nil {
		return err
	}
	var move []graph.Edge
	for _, ed := range edges {
		if ed.Predicate == graph.AliasOf || e.owned(ed) || graph.NormalizeName(ed.Prov.Text) != norm {
			continue
		}
		move = append(move, ed)
	}
	if err := s.remove(ctx, e, move); err != nil {
		return err
	}
	// The node split off gets a copy of every edge ever moved, whether
	// this replay found it again or an earlier one did.
	var want []graph.Edge
	seen := map[ekey]bool{}
	for _, ed := range e.Removed {
		from, to := ed.From, ed.To
		if from == a.ID {
			from = e.Alias
		}
		if to == a.ID {
			to = e.Alias
		}
		other := from
		if other == e.Alias {
			other = to
		}
		if ok, err := s.exists(ctx, other); err != nil {
			return err
		} else if !ok || from == to {
			continue
		}
		c := e.edge(from, ed.Predicate, to, ed.Seq, ed.Prov.Confidence, ed.Prov.Text)
		if !seen[keyOf(c)] {
			seen[keyOf(c)] = true
			want = append(want, c)
		}
	}
	return s.sync(ctx, e, want, e.Alias)
}

func (s store) undoSplit(ctx context.Context, e *Entry) error {
	if err := s.sync(ctx, e, nil, e.Alias); err != nil {
		return err
	}
	if err := s.restore(ctx, e.Removed); err != nil {
		return err
	}
	if len(e.RemovedAliases) == 0 {
		return nil
	}
	a, err := s.r.Node(ctx, e.Canonical)
	if err != nil {
		return err
	}
	return s.w.PutNode(ctx, graph.Node{ID: a.ID, Kind: a.Kind, Name: a.Name, Aliases: e.RemovedAliases})
}

// remove deletes edges and remembers them in e.Removed.
func (s store) remove(ctx context.Context, e *Entry, edges []graph.Edge) error {
	if len(edges) == 0 {
		return nil
	}
	known := map[ekey]bool{}
	for _, ed := range e.Removed {
		known[keyOf(ed)] = true
	}
	for _, ed := range edges {
		if !known[keyOf(ed)] {
			known[keyOf(ed)] = true
			e.Removed = append(e.Removed, ed)
		}
	}
	return chunked(ctx, edges, s.w.DeleteEdges)
}

// restore puts removed edges back: article-less ones directly, the others
// by rewriting their article with them added. Edges whose article or
// endpoint is gone are skipped.
func (s store) restore(ctx context.Context, edges []graph.Edge) error {
	var free []graph.Edge
	byArticle := map[graph.ID][]graph.Edge{}
	for _, ed := range edges {
		ok1, err := s.exists(ctx, ed.From)
		if err != nil {
			return err
		}
		ok2, err := s.exists(ctx, ed.To)
		if err != nil {
			return err
		}
		if !ok1 || !ok2 {
			continue
		}
		if ed.Prov.Article == 0 {
			free = append(free, ed)
		} else {
			byArticle[ed.Prov.Article] = append(byArticle[ed.Prov.Article], ed)
		}
	}
	if err := chunked(ctx, free, s.w.PutEdges); err != nil {
		return err
	}
	if len(byArticle) == 0 {
		return nil
	}
	current := map[graph.ID][]graph.Edge{}
	err := s.r.ScanEdges(ctx, func(ed graph.Edge) error {
		if _, ok := byArticle[ed.Prov.Article]; ok {
			current[ed.Prov.Article] = append(current[ed.Prov.Article], ed)
		}
		return nil
	})
	if err != nil {
		return err
	}
	arts := make([]graph.ID, 0, len(byArticle))
	for id := range byArticle {
		arts = append(arts, id)
	}
	slices.SortFunc(arts, cmp.Compare)
	for _, id := range arts {
		art, err := s.r.Node(ctx, id)
		if errors.Is(err, graph.ErrNotFound) {
			continue // the article was deleted since
		} else if err != nil {
			return err
		}
		batch := graph.Batch{Article: art, Edges: current[id]}
		have := map[ekey]bool{}
		for _, ed := range batch.Edges {
			have[keyOf(ed)] = true
		}
		for _, ed := range byArticle[id] {
			if !have[keyOf(ed)] {
				have[keyOf(ed)] = true
				batch.Edges = append(batch.Edges, ed)
			}
		}
		if err := s.w.WriteArticle(ctx, &batch); err != nil {
			return fmt.Errorf("restore edges of article %s: %w", id, err)
		}
	}
	return nil
}

// CorrectSpeaker credits claim to the named speaker instead of whoever the
// extractor found, and logs it. A speaker not in the graph is made, as a
// person with the ID ingest would give that name.
func CorrectSpeaker(ctx context.Context, r graph.Reader, w graph.Writer, claim graph.ID, speaker string, m Meta) (Entry, error) {
	s := newStore(r, w)
	c, err := s.claim(ctx, claim)
	if err != nil {
		return Entry{}, fmt.Errorf("correct speaker: %w", err)
	}
	sp, created, err := s.speaker(ctx, speaker)
	if err != nil {
		return Entry{}, fmt.Errorf("correct speaker: %w", err)
	}
	said, err := r.Edges(ctx, c.ID, graph.In, graph.Said)
	if err != nil {
		return Entry{}, fmt.Errorf("correct speaker: %w", err)
	}
	var was []string
	for _, ed := range said {
		if ed.From == sp.ID {
			continue
		}
		n, err := r.Node(ctx, ed.From)
		if err != nil {
			return Entry{}, fmt.Errorf("correct speaker: %w", err)
		}
		if !slices.Contains(was, n.Name) {
			was = append(was, n.Name)
		}
	}
	if len(was) == 0 && len(said) > 0 {
		return Entry{}, fmt.Errorf("correct speaker: claim %s is already credited to %q only: %w", c.ID, sp.Name, graph.ErrInvalid)
	}
	e, err := next(ctx, r, OpCorrectSpeaker, m)
	if err != nil {
		return Entry{}, err
	}
	e.Claim, e.Speaker, e.CreatedNode = c.ID, sp.ID, created
	e.Summary = fmt.Sprintf("credit claim %s (%q) to %q (%s) instead of %s", c.ID, short(c.Name), sp.Name, sp.ID, quoteAll(was))
	e.Inverse = fmt.Sprintf("credit claim %s to %s again", c.ID, quoteAll(was))
	return e, s.run(ctx, &e)
}

func quoteAll(names []string) string {
	if len(names) == 0 {
		return "nobody"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// speaker finds the speaker named (or with the ID) name, or makes one.
func (s store) speaker(ctx context.Context, name string) (graph.Node, bool, error) {
	name = strings.TrimSpace(name)
	if id, err := graph.ParseID(name); err == nil {
		if n, err := s.r.Node(ctx, id); err == nil && n.Kind.IsSpeaker() {
			return n, false, nil
		}
	}
	ids, err := s.r.FindName(ctx, name, false, 0)
	if err != nil {
		return graph.Node{}, false, err
	}
	var found []graph.Node
	for _, id := range ids {
		n, err := s.r.Node(ctx, id)
		if err != nil {
			return graph.Node{}, false, err
		}
		if !n.Kind.IsSpeaker() {
			continue
		}
		// A node merged into another stands for it.
		if to, err := s.aliasTarget(ctx, n.ID); err != nil {
			return graph.Node{}, false, err
		} else if to != 0 {
			if n, err = s.r.Node(ctx, to); err != nil {
				return graph.Node{}, false, err
			}
		}
		if !slices.ContainsFunc(found, func(f graph.Node) bool { return f.ID == n.ID }) {
			found = append(found, n)
		}
	}
	switch len(found) {
	case 1:
		return found[0], false, nil
	case 0:
	default:
		var list []string
		for _, n := range found {
			list = append(list, fmt.Sprintf("%s (%s, id %s)", n.Name, n.Kind, n.ID))
		}
		return graph.Node{}, false, fmt.Errorf("speaker %q is ambiguous: %s; give the id instead: %w", name, strings.Join(list, "; "), graph.ErrInvalid)
	}
	n := graph.Node{ID: graph.NewID("entity", graph.NormalizeName(name)), Kind: graph.KindPerson, Name: name}
	if old, err := s.r.Node(ctx, n.ID); err == nil {
		return graph.Node{}, false, fmt.Errorf("%q names %s %s, which cannot speak: %w", name, old.Kind, old.ID, graph.ErrInvalid)
	}
	if err := s.w.PutNode(ctx, n); err != nil {
		return graph.Node{}, false, err
	}
	return n, true, nil
}

func (s store) doSpeaker(ctx context.Context, e *Entry) error {
	said, err := s.r.Edges(ctx, e.Claim, graph.In, graph.Said)
	if err != nil {
		return err
	}
	var drop []graph.Edge
	for _, ed := range said {
		if ed.From != e.Speaker {
			drop = append(drop, ed)
		}
	}
	if err := s.remove(ctx, e, drop); err != nil {
		return err
	}
	want := []graph.Edge{e.edge(e.Speaker, graph.Said, e.Claim, 0, 1, fmt.Sprintf("speaker corrected by curation %d", e.Seq))}
	return s.sync(ctx, e, want, e.Claim)
}

func (s store) undoSpeaker(ctx context.Context, e *Entry) error {
	if err := s.sync(ctx, e, nil, e.Claim); err != nil {
		return err
	}
	return s.restore(ctx, e.Removed)
}

// CorrectContent rewords a claim and logs it.
func CorrectContent(ctx context.Context, r graph.Reader, w graph.Writer, claim graph.ID, content string, m Meta) (Entry, error) {
	s := newStore(r, w)
	if s.rep == nil {
		return Entry{}, s.replace(ctx, graph.Node{ID: claim})
	}
	c, err := s.claim(ctx, claim)
	if err != nil {
		return Entry{}, fmt.Errorf("correct content: %w", err)
	}
	content = strings.TrimSpace(content)
	switch {
	case content == "":
		return Entry{}, fmt.Errorf("correct content of claim %s: empty content: %w", c.ID, graph.ErrInvalid)
	case content == c.Name:
		return Entry{}, fmt.Errorf("correct content of claim %s: it already reads so: %w", c.ID, graph.ErrInvalid)
	}
	e, err := next(ctx, r, OpCorrectContent, m)
	if err != nil {
		return Entry{}, err
	}
	e.Claim, e.Content, e.OldContent = c.ID, content, c.Name
	e.Summary = fmt.Sprintf("reword claim %s from %q to %q", c.ID, short(c.Name), short(content))
	e.Inverse = fmt.Sprintf("reword claim %s back to %q", c.ID, short(c.Name))
	return e, s.run(ctx, &e)
}

func (s store) doContent(ctx context.Context, e *Entry) error {
	c, err := s.r.Node(ctx, e.Claim)
	if err != nil {
		return err
	}
	if c.Name == e.Content {
		return nil
	}
	c.Name = e.Content
	return s.replace(ctx, c)
}

func (s store) undoContent(ctx context.Context, e *Entry) error {
	c, err := s.r.Node(ctx, e.Claim)
	if err != nil {
		return err
	}
	if c.Name != e.Content {
		return nil // someone reworded it since; leave their wording
	}
	c.Name = e.OldContent
	return s.replace(ctx, c)
}

// Undo takes back the entry with the given ID and logs that; undoing an
// undo redoes its target. An entry a later active one touches the same
// nodes as must wait until that one is undone.
func Undo(ctx context.Context, r graph.Reader, w graph.Writer, id graph.ID, m Meta) (Entry, error) {
	s := newStore(r, w)
	t, err := Find(ctx, r, id.String())
	if err != nil {
		return Entry{}, fmt.Errorf("undo: %w", err)
	}
	if t.Undone {
		return Entry{}, fmt.Errorf("undo: curation %d is already undone (by %s): %w", t.Seq, t.UndoneBy, graph.ErrInvalid)
	}
	log, err := Log(ctx, r)
	if err != nil {
		return Entry{}, err
	}
	for _, l := range log {
		if l.Seq <= t.Seq || l.Undone || l.Op == OpUndo {
			continue
		}
		for _, n := range t.touches() {
			if slices.Contains(l.touches(), n) {
				return Entry{}, fmt.Errorf("undo: curation %d (%s) changed the same nodes later; undo it first: %w", l.Seq, l.Summary, graph.ErrInvalid)
			}
		}
	}
	e, err := next(ctx, r, OpUndo, m)
	if err != nil {
		return Entry{}, err
	}
	e.Target = t.ID
	e.Summary = fmt.Sprintf("undo curation %d: %s", t.Seq, t.Summary)
	e.Inverse = fmt.Sprintf("redo curation %d", t.Seq)
	if err := s.run(ctx, &e); err != nil {
		return e, err
	}
	// An edge two curations both wrote belongs to the later writer, so
	// taking one back may remove what another still needs: replay the
	// rest.
	if _, err := Reapply(ctx, r, w); err != nil {
		return e, err
	}
	return e, nil
}

// Reapply replays every active entry in order, idempotently: call it after
// each ingest, whose rewritten articles may have brought back edges a
// curation removed or added edges a merge must copy. It returns how many
// entries it replayed.
func Reapply(ctx context.Context, r graph.Reader, w graph.Writer) (int, error) {
	s := newStore(r, w)
	log, err := Log(ctx, r)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range log {
		e := &log[i]
		if e.Undone || e.Op == OpUndo || e.Op == OpSplit && e.Target != 0 {
			continue // their effect is the state of the entries they name
		}
		before, err := e.node()
		if err != nil {
			return n, err
		}
		if err := s.do(ctx, e); err != nil {
			return n, fmt.Errorf("reapply curation %d (%s): %w", e.Seq, e.Op, err)
		}
		after, err := e.node()
		if err != nil {
			return n, err
		}
		if after.Attrs[attrEntry] != before.Attrs[attrEntry] {
			if err := save(ctx, w, e); err != nil {
				return n, err
			}
		}
		n++
	}
	return n, nil
}
