package curate_test

import (
	"context"
	"fmt"

	"github.com/sourcetrace/sourcetrace/curate"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

func ExampleMerge() {
	ctx := context.Background()
	s := mem.New()
	for _, b := range []*graph.Batch{batches()["art1"], batches()["art2"]} {
		if err := s.WriteArticle(ctx, b); err != nil {
			panic(err)
		}
	}
	e, err := curate.Merge(ctx, s, s, kadyrov.ID, short.ID, curate.Meta{By: "alice"})
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Seq, e.Op, e.By)
	said, _ := s.Edges(ctx, kadyrov.ID, graph.Out, graph.Said)
	fmt.Println("claims of Ramzan Kadyrov:", len(said))

	// After every ingest: replay the log, so curations survive.
	n, err := curate.Reapply(ctx, s, s)
	fmt.Println("replayed", n, err)

	if _, err := curate.Undo(ctx, s, s, e.ID, curate.Meta{By: "alice"}); err != nil {
		panic(err)
	}
	said, _ = s.Edges(ctx, kadyrov.ID, graph.Out, graph.Said)
	fmt.Println("after undo:", len(said))
	// Output:
	// 1 merge alice
	// claims of Ramzan Kadyrov: 3
	// replayed 1 <nil>
	// after undo: 2
}
