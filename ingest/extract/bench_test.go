package extract_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// BenchmarkExtract runs the combined extractor and the rules alone over
// BBC articles and reports sentences per second.
func BenchmarkExtract(b *testing.B) {
	b.Run("combined", func(b *testing.B) { benchExtract(b, extractor()) })
	b.Run("rules", func(b *testing.B) { benchExtract(b, rules()) })
}

func benchExtract(b *testing.B, x *extract.Extractor) {
	dir := corpusDir(b)
	files, _ := filepath.Glob(filepath.Join(dir, "bbc", "*", "*.txt"))
	if len(files) == 0 {
		b.Skipf("no BBC articles under %s", dir)
	}
	sort.Strings(files)
	if len(files) > 200 {
		files = files[:200]
	}
	var texts []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	sents := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := x.Extract(texts[i%len(texts)])
		sents += r.Sentences
	}
	b.ReportMetric(float64(sents)/b.Elapsed().Seconds(), "sentences/s")
}
