package export_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query/export"
)

// FuzzReadNQuads feeds arbitrary input to ReadNQuads: it must never panic,
// and whatever it accepts must export and re-import to the same bytes.
// Seeds live in testdata/fuzz/FuzzReadNQuads.
func FuzzReadNQuads(f *testing.F) {
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		s := mem.New()
		defer s.Close()
		if _, err := export.ReadNQuads(ctx, bytes.NewReader(data), s); err != nil {
			return
		}
		var first bytes.Buffer
		if _, err := export.Write(ctx, &first, export.NQuads, export.All(s), export.Options{}); err != nil {
			t.Fatalf("accepted input does not export: %v", err)
		}
		s2 := mem.New()
		defer s2.Close()
		if _, err := export.ReadNQuads(ctx, bytes.NewReader(first.Bytes()), s2); err != nil {
			t.Fatalf("export of accepted input does not import: %v\n%s", err, first.String())
		}
		var second bytes.Buffer
		if _, err := export.Write(ctx, &second, export.NQuads, export.All(s2), export.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("re-import differs\n%s", firstDiff(first.String(), second.String()))
		}
	})
}
