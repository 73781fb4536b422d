package curate

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
)

// Subkind marks the assessment nodes that hold the audit log.
const Subkind = "curation"

// Extractor is the Prov.Extractor of every edge a curation writes.
const Extractor = "curate"

// attrEntry is the node attribute holding the entry as JSON.
const attrEntry = "curation"

// Op is a kind of curation.
type Op string

// Curation operations.
const (
	OpMerge          Op = "merge"
	OpSplit          Op = "split"
	OpCorrectSpeaker Op = "correct-speaker"
	OpCorrectContent Op = "correct-content"
	OpUndo           Op = "undo"
)

// Meta says who curates and when.
type Meta struct {
	By string
	At time.Time
}

// Entry is one curation in the audit log.
type Entry struct {
	ID  graph.ID  `json:"id"`
	Seq int       `json:"seq"`
	Op  Op        `json:"op"`
	By  string    `json:"by"`
	At  time.Time `json:"at"`
	// Summary says what was done and Inverse what undoing it does.
	Summary string `json:"summary"`
	Inverse string `json:"inverse"`

	// Operands. Merge: Canonical stays, Alias is merged into it. Split:
	// Canonical is split, Alias is the node split off (Name its name).
	// Corrections: Claim, and Speaker or Content. Undo: Target is the
	// entry undone; a split that takes back a merge names it as Target.
	Canonical graph.ID `json:"canonical,omitempty"`
	Alias     graph.ID `json:"alias,omitempty"`
	Name      string   `json:"name,omitempty"`
	Claim     graph.ID `json:"claim,omitempty"`
	Speaker   graph.ID `json:"speaker,omitempty"`
	Content   string   `json:"content,omitempty"`
	Target    graph.ID `json:"target,omitempty"`

	// What the entry changed, so Undo can take it back.
	AddedAliases   []string     `json:"added_aliases,omitempty"`   // merge: aliases Canonical gained
	RemovedAliases []string     `json:"removed_aliases,omitempty"` // split: aliases Canonical lost
	OldContent     string       `json:"old_content,omitempty"`     // content correction
	Removed        []graph.Edge `json:"removed,omitempty"`         // edges deleted (and deleted again on replay)
	CreatedNode    bool         `json:"created_node,omitempty"`    // Alias or Speaker was made by this entry

	Undone   bool     `json:"undone,omitempty"`
	UndoneBy graph.ID `json:"undone_by,omitempty"`
}

// entryID is the node ID of the entry with the given sequence number.
func entryID(seq int) graph.ID {
	return graph.NewID(graph.KindAssessment, Subkind, strconv.Itoa(seq))
}

// touches lists the nodes an entry changes, to refuse undoing an entry a
// later active one built on.
func (e *Entry) touches() []graph.ID {
	var out []graph.ID
	for _, id := range []graph.ID{e.Canonical, e.Alias, e.Claim, e.Speaker} {
		if id != 0 {
			out = append(out, id)
		}
	}
	return out
}

func (e *Entry) node() (graph.Node, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return graph.Node{}, fmt.Errorf("encode curation %d: %w", e.Seq, err)
	}
	return graph.Node{
		ID:      e.ID,
		Kind:    graph.KindAssessment,
		Subkind: Subkind,
		Name:    fmt.Sprintf("curation %d: %s", e.Seq, e.Summary),
		Attrs:   map[string]string{attrEntry: string(b), "by": e.By},
	}, nil
}

func decode(n graph.Node) (Entry, error) {
	var e Entry
	if err := json.Unmarshal([]byte(n.Attrs[attrEntry]), &e); err != nil {
		return Entry{}, fmt.Errorf("curation node %s: %w: %w", n.ID, err, graph.ErrInvalid)
	}
	e.ID = n.ID
	return e, nil
}

// save writes the entry node; PutNode overwrites the JSON attribute.
func save(ctx context.Context, w graph.Writer, e *Entry) error {
	n, err := e.node()
	if err != nil {
		return err
	}
	if err := w.PutNode(ctx, n); err != nil {
		return fmt.Errorf("save curation %d: %w", e.Seq, err)
	}
	return nil
}

// Log returns every entry in order.
func Log(ctx context.Context, r graph.Reader) ([]Entry, error) {
	var out []Entry
	err := r.ScanNodes(ctx, graph.KindAssessment, func(n graph.Node) error {
		if n.Subkind != Subkind || n.Attrs[attrEntry] == "" {
			return nil
		}
		e, err := decode(n)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("curation log: %w", err)
	}
	slices.SortFunc(out, func(a, b Entry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Find returns the entry named by ref: its ID, or its sequence number
// (optionally written #N).
func Find(ctx context.Context, r graph.Reader, ref string) (Entry, error) {
	ref = strings.TrimSpace(ref)
	if id, err := graph.ParseID(ref); err == nil {
		n, err := r.Node(ctx, id)
		if err != nil {
			return Entry{}, fmt.Errorf("curation %s: %w", ref, err)
		}
		if n.Kind != graph.KindAssessment || n.Subkind != Subkind {
			return Entry{}, fmt.Errorf("node %s is not a curation: %w", ref, graph.ErrNotFound)
		}
		return decode(n)
	}
	seq, err := strconv.Atoi(strings.TrimPrefix(ref, "#"))
	if err != nil || seq < 1 {
		return Entry{}, fmt.Errorf("curation %q: want an entry number or a 16-digit ID: %w", ref, graph.ErrInvalid)
	}
	n, err := r.Node(ctx, entryID(seq))
	if err != nil {
		return Entry{}, fmt.Errorf("curation %d: %w", seq, err)
	}
	return decode(n)
}

// next starts a new entry with the next sequence number.
func next(ctx context.Context, r graph.Reader, op Op, m Meta) (Entry, error) {
	log, err := Log(ctx, r)
	if err != nil {
		return Entry{}, err
	}
	seq := 1
	if len(log) > 0 {
		seq = log[len(log)-1].Seq + 1
	}
	by := strings.TrimSpace(m.By)
	if by == "" {
		by = "unknown"
	}
	at := m.At
	if at.IsZero() {
		at = time.Now()
	}
	return Entry{ID: entryID(seq), Seq: seq, Op: op, By: by, At: at.UTC().Truncate(time.Second)}, nil
}
