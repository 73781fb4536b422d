package dgraph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/dgo/v250"
	"github.com/dgraph-io/dgo/v250/protos/api"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
)

var _ graph.Store = (*Store)(nil)

// DefaultGraph is the graph a store uses when Options.Graph is empty.
const DefaultGraph = "main"

// Options configure Open.
type Options struct {
	// Graph names the store within the cluster ([a-z0-9_-], at most 64
	// bytes); empty means DefaultGraph.
	Graph string
	// SkipSchema skips installing the DQL schema on open, for a cluster
	// known to have it (tests opening many stores on one cluster).
	SkipSchema bool
	// Retries is how often a write aborted by a concurrent one is tried
	// again before failing with graph.ErrConflict; 0 means 20.
	Retries int
}

var graphName = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// Store is a graph.Store backed by Dgraph. It is safe for concurrent use.
type Store struct {
	conn    *grpc.ClientConn
	dg      *dgo.Dgraph
	graph   string
	prefix  string // xid prefix: "" for the default graph, else graph+":"
	retries int
	closed  atomic.Bool
}

// Open connects to the Dgraph alpha at addr (host:port of its gRPC
// endpoint, e.g. 127.0.0.1:9080) and installs the schema unless told not
// to.
func Open(ctx context.Context, addr string, opts Options) (*Store, error) {
	g := opts.Graph
	if g == "" {
		g = DefaultGraph
	}
	if !graphName.MatchString(g) {
		return nil, fmt.Errorf("open dgraph %s: graph name %q: want 1-64 of [a-z0-9_-]: %w", addr, g, graph.ErrInvalid)
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(256<<20), grpc.MaxCallSendMsgSize(256<<20)))
	if err != nil {
		return nil, fmt.Errorf("open dgraph %s: %w", addr, err)
	}
	s := &Store{conn: conn, dg: dgo.NewDgraphClient(api.NewDgraphClient(conn)), graph: g, retries: opts.Retries}
	if g != DefaultGraph {
		s.prefix = g + ":"
	}
	if s.retries <= 0 {
		s.retries = 20
	}
	if !opts.SkipSchema {
		if err := InstallSchema(ctx, s.dg); err != nil {
			conn.Close()
			return nil, fmt.Errorf("open dgraph %s: %w", addr, err)
		}
	} else if _, err := s.dg.NewReadOnlyTxn().Query(ctx, `{ q(func: uid(0x1)) { uid } }`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("open dgraph %s: %w", addr, err)
	}
	return s, nil
}

// InstallSchema sets the DQL schema shipped with the dgraph export format
// (export.WriteDQLSchema). Setting it again is harmless.
func InstallSchema(ctx context.Context, dg *dgo.Dgraph) error {
	var b bytes.Buffer
	if err := export.WriteDQLSchema(&b); err != nil {
		return err
	}
	if err := dg.SetSchema(ctx, b.String()); err != nil {
		return fmt.Errorf("set schema: %w", err)
	}
	return nil
}

// Graph returns the store's graph name.
func (s *Store) Graph() string { return s.graph }

// Close closes the connection; later calls fail with graph.ErrClosed.
// Closing twice is harmless.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.conn.Close(); err != nil {
		return fmt.Errorf("close dgraph store: %w", err)
	}
	return nil
}

func (s *Store) check(ctx context.Context, op string) error {
	if s.closed.Load() {
		return fmt.Errorf("%s: %w", op, graph.ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// wrap adds op to err, mapping a context error the server reports back to
// the context's own error so errors.Is works.
func wrap(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%s: %w", op, cerr)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// Predicate names: the export's vocabulary IRIs, in angle brackets.
func v(local string) string { return "<" + export.Vocab + local + ">" }

// rv names a predicate's reverse edge, which for an IRI is <~IRI>.
func rv(local string) string { return "<~" + export.Vocab + local + ">" }

var (
	pGraph     = v("graph")
	pRecord    = v("record")
	pNorm      = v("norm_name")
	pKind      = v("kind")
	pSubkind   = v("subkind")
	pName      = v("name")
	pAlias     = v("alias")
	pRoleTitle = v("role_title")
	pFrom      = v("from")
	pTo        = v("to")
	pPredicate = v("predicate")
	pSeq       = v("seq")
	pArticle   = v("article")
	pSpans     = v("spans")
	pText      = v("text")
	pExtractor = v("extractor")
	pVersion   = v("version")
	pConf      = v("confidence")
	pIngested  = v("ingested")

	rFrom    = rv("from")
	rTo      = rv("to")
	rArticle = rv("article")
)

// attrKeys are the node attributes the schema declares a predicate for;
// the record keeps the others.
var attrKeys = []string{graph.AttrURL, graph.AttrPublished, graph.AttrRetrieved, graph.AttrAuthor,
	graph.AttrSourceFile, graph.AttrClaimKind, graph.AttrCue, graph.AttrContentSHA}

// nodeXID is a node's external ID in this store's graph.
func (s *Store) nodeXID(id graph.ID) string { return s.prefix + export.NodeIRI(id) }

// edgeXID identifies an assertion by the fields that make an edge unique
// (Seq is not one of them).
func (s *Store) edgeXID(from graph.ID, p graph.Predicate, to, article graph.ID) string {
	return s.prefix + export.EdgeBase + from.String() + "-" + string(p) + "-" + to.String() + "-" + article.String()
}

// idOfXID parses the hex ID at the end of a node xid.
func idOfXID(x string) (graph.ID, error) {
	i := strings.LastIndexByte(x, '/')
	return graph.ParseID(x[i+1:])
}

// quote renders s as a DQL string literal.
func quote(s string) string { return strconv.Quote(s) }

// label is a kind's dgraph.type, as the export names it.
func label(k graph.Kind) string {
	if k == "" {
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// readTxn runs fn in a read-only transaction: one snapshot for every query
// fn makes.
func (s *Store) readTxn(ctx context.Context, op string, fn func(q querier) error) error {
	if err := s.check(ctx, op); err != nil {
		return err
	}
	txn := s.dg.NewReadOnlyTxn()
	defer txn.Discard(context.WithoutCancel(ctx))
	if err := fn(querier{txn}); err != nil {
		var ue userError
		if errors.As(err, &ue) {
			return fmt.Errorf("%s: %w", op, ue.err)
		}
		return wrap(ctx, op, err)
	}
	return nil
}

// userError marks an error a callback made (not the database), passed on
// unchanged.
type userError struct{ err error }

func (e userError) Error() string { return e.err.Error() }
func (e userError) Unwrap() error { return e.err }

// querier runs queries in one transaction and decodes their JSON.
type querier struct{ txn *dgo.Txn }

func (q querier) query(ctx context.Context, dql string, vars map[string]string, out any) error {
	resp, err := q.txn.QueryWithVars(ctx, dql, vars)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.Json, out); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}

// writeTxn runs fn in a read-write transaction and commits what it
// returns, retrying when a concurrent transaction aborts it.
func (s *Store) writeTxn(ctx context.Context, op string, fn func(q querier) (*mutation, error)) error {
	if err := s.check(ctx, op); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		txn := s.dg.NewTxn()
		m, err := fn(querier{txn})
		if err == nil && m != nil && !m.empty() {
			_, err = txn.Do(ctx, &api.Request{Mutations: m.build(), CommitNow: true})
		}
		txn.Discard(context.WithoutCancel(ctx))
		if err == nil {
			return nil
		}
		var ue userError
		if errors.As(err, &ue) {
			return fmt.Errorf("%s: %w", op, ue.err)
		}
		if errors.Is(err, dgo.ErrAborted) || strings.Contains(err.Error(), "Transaction has been aborted") {
			if attempt+1 < s.retries {
				// Back off a little, at random so that retries of
				// several losers spread out, letting the winner finish.
				wait := time.Duration(min(attempt+1, 10)) * time.Duration(2+rand.IntN(8)) * time.Millisecond
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return fmt.Errorf("%s: %w", op, ctx.Err())
				}
				continue
			}
			return fmt.Errorf("%s: %d attempts aborted: %w", op, s.retries, graph.ErrConflict)
		}
		return wrap(ctx, op, err)
	}
}

// mutation collects N-Quads to delete and to set in one request; deletions
// go first, as a separate mutation, so their order is explicit.
type mutation struct {
	del, set bytes.Buffer
}

func (m *mutation) empty() bool { return m.del.Len() == 0 && m.set.Len() == 0 }

func (m *mutation) build() []*api.Mutation {
	var out []*api.Mutation
	if m.del.Len() > 0 {
		out = append(out, &api.Mutation{DelNquads: m.del.Bytes()})
	}
	if m.set.Len() > 0 {
		out = append(out, &api.Mutation{SetNquads: m.set.Bytes()})
	}
	return out
}

// lit appends `subj pred "value" .` to the set quads.
func (m *mutation) lit(subj, pred, value string) {
	m.set.WriteString(subj)
	m.set.WriteByte(' ')
	m.set.WriteString(pred)
	m.set.WriteByte(' ')
	m.set.WriteString(nquadString(value))
	m.set.WriteString(" .\n")
}

func (m *mutation) typed(subj, pred, value, typ string) {
	fmt.Fprintf(&m.set, "%s %s %s^^<xs:%s> .\n", subj, pred, nquadString(value), typ)
}

func (m *mutation) ref(subj, pred, obj string) {
	fmt.Fprintf(&m.set, "%s %s %s .\n", subj, pred, obj)
}

func (m *mutation) delRef(subj, pred, obj string) {
	fmt.Fprintf(&m.del, "%s %s %s .\n", subj, pred, obj)
}

func (m *mutation) delAll(subj, pred string) {
	fmt.Fprintf(&m.del, "%s %s * .\n", subj, pred)
}

// nquadString renders an N-Quads string literal: quote, backslash and line
// breaks escaped, other control characters as \u escapes.
func nquadString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// ParseURL splits a store URL, dgraph://HOST:PORT[/GRAPH], into the alpha's
// gRPC address and the graph name ("" for DefaultGraph).
func ParseURL(raw string) (addr, name string, err error) {
	rest, ok := strings.CutPrefix(raw, "dgraph://")
	if !ok {
		return "", "", fmt.Errorf("store %q: want dgraph://HOST:PORT[/GRAPH]: %w", raw, graph.ErrInvalid)
	}
	addr, name, _ = strings.Cut(rest, "/")
	if host, port, err := net.SplitHostPort(addr); err != nil || host == "" || port == "" {
		return "", "", fmt.Errorf("store %q: want dgraph://HOST:PORT[/GRAPH]: %w", raw, graph.ErrInvalid)
	}
	if name != "" && !graphName.MatchString(name) {
		return "", "", fmt.Errorf("store %q: graph name %q: want 1-64 of [a-z0-9_-]: %w", raw, name, graph.ErrInvalid)
	}
	return addr, name, nil
}
