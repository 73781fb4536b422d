package ingest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

func randomSignature(r *rand.Rand) Signature {
	var sig Signature
	for j := range sig {
		sig[j] = r.Uint32()
	}
	return sig
}

// TestBandIndex checks lookups against a plain map from band hash to
// articles, through many merges of sorted runs, for hashes shared by
// several articles and for hashes absent.
func TestBandIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var x bandIndex
	want := map[uint64][]uint32{}
	var shared []uint64 // band hashes that several articles have
	n := 20000
	if testing.Short() {
		n = 5000
	}
	for i := range n {
		bands := randomSignature(r).bands()
		if i%7 == 0 && len(shared) > 0 {
			bands[3] = shared[r.IntN(len(shared))]
		}
		if i%100 == 0 {
			shared = append(shared, bands[5])
		}
		if err := x.add(graph.ID(i), bands, sketch{}); err != nil {
			t.Fatal(err)
		}
		for _, h := range bands {
			want[h] = append(want[h], uint32(i))
		}
		if i%997 != 0 {
			continue
		}
		// Probe a sample of present and absent hashes as the index grows.
		probe := append(slices.Clone(shared), r.Uint64(), r.Uint64())
		for h := range want {
			if len(probe) > 200 {
				break
			}
			probe = append(probe, h)
		}
		for _, h := range probe {
			got := x.appendEntries(nil, h)
			slices.Sort(got)
			if exp := want[h]; !slices.Equal(got, exp) && !(len(exp) == 0 && len(got) == 0) {
				t.Fatalf("after %d articles: entries under %x = %v, want %v", i+1, h, got, exp)
			}
		}
	}
	for _, sh := range x.shards {
		for i := 1; i < len(sh.runs); i++ {
			if len(sh.runs[i])*runRatio >= len(sh.runs[i-1]) {
				t.Fatalf("runs of %d then %d entries: not merged", len(sh.runs[i-1]), len(sh.runs[i]))
			}
		}
	}
}

func TestLowerBound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 17, 100, 5000} {
		run := make([]uint64, n)
		for i := range run {
			run[i] = r.Uint64()
			if i > 0 && r.IntN(4) == 0 {
				run[i] = run[i-1] // runs of equal keys
			}
		}
		slices.Sort(run)
		probes := []uint64{0, 1, ^uint64(0)}
		for range 200 {
			probes = append(probes, r.Uint64())
		}
		for _, v := range run {
			probes = append(probes, v, v-1, v+1)
		}
		for _, v := range probes {
			want, _ := slices.BinarySearch(run, v)
			if got := lowerBound(run, v); got != want {
				t.Fatalf("lowerBound(%d entries, %x) = %d, want %d", n, v, got, want)
			}
		}
	}
}

// BenchmarkBandLookup measures one Link's lookups (all bands of a new
// signature) in an index of n articles.
func BenchmarkBandLookup(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 100_000 {
				b.Skip("-short")
			}
			r := rand.New(rand.NewPCG(5, 6))
			var x bandIndex
			for i := range n {
				if err := x.add(graph.ID(i), randomSignature(r).bands(), sketch{}); err != nil {
					b.Fatal(err)
				}
			}
			var buf []uint32
			for b.Loop() {
				buf = buf[:0]
				for _, h := range randomSignature(r).bands() {
					buf = x.appendEntries(buf, h)
				}
			}
		})
	}
}
