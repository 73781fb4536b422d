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
		check := func(how string, h uint64, got []uint32) {
			t.Helper()
			slices.Sort(got)
			if exp := want[h]; !slices.Equal(got, exp) && !(len(exp) == 0 && len(got) == 0) {
				t.Fatalf("after %d articles: %s entries under %x = %v, want %v", i+1, how, h, got, exp)
			}
		}
		for _, h := range probe {
			check("single", h, x.appendEntries(nil, h))
		}
		// All bands at once, as Link looks them up.
		for len(probe) >= numBands {
			var ends [numBands]int
			bands := [numBands]uint64(probe[:numBands])
			got := x.lookup(nil, &bands, &ends)
			for b, h := range bands {
				start := 0
				if b > 0 {
					start = ends[b-1]
				}
				check("batch", h, got[start:ends[b]])
			}
			probe = probe[numBands:]
		}
	}
	for _, sh := range x.shards {
		for i := 1; i < len(sh.runs); i++ {
			if len(sh.runs[i].e)*runRatio >= len(sh.runs[i-1].e) {
				t.Fatalf("runs of %d then %d entries: not merged", len(sh.runs[i-1].e), len(sh.runs[i].e))
			}
		}
	}
}

// TestRunBucket checks that a run's directory leads to the first entry at
// or above any value, with runs of equal keys and skewed keys.
func TestRunBucket(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 100, 5000} {
		for _, skew := range []bool{false, true} {
			e := make([]uint64, n)
			for i := range e {
				e[i] = r.Uint64()
				if skew {
					e[i] >>= r.IntN(40) // most near zero
				}
				if i > 0 && r.IntN(4) == 0 {
					e[i] = e[i-1] // equal keys
				}
			}
			slices.Sort(e)
			run := newRun(e)
			if n >= 2*bucketSize && run.dir == nil {
				t.Fatalf("run of %d entries has no directory", n)
			}
			probes := []uint64{0, 1, ^uint64(0)}
			for range 200 {
				probes = append(probes, r.Uint64())
			}
			for _, v := range e {
				probes = append(probes, v, v-1, v+1)
			}
			for _, v := range probes {
				want, _ := slices.BinarySearch(e, v)
				lo, hi := run.bucket(v)
				got, _ := slices.BinarySearch(e[lo:hi], v)
				if got += lo; got != want {
					t.Fatalf("%d entries (skew %v), value %x: bucket [%d, %d) gives %d, want %d", n, skew, v, lo, hi, got, want)
				}
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
			var ends [numBands]int
			for b.Loop() {
				bands := randomSignature(r).bands()
				buf = x.lookup(buf[:0], &bands, &ends)
			}
		})
	}
}

// BenchmarkBandAdd measures indexing one article's bands, merges
// included, in an index growing to a million articles.
func BenchmarkBandAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	var x bandIndex
	bands := make([][numBands]uint64, 1<<16)
	for i := range bands {
		bands[i] = randomSignature(r).bands()
	}
	for i := 0; b.Loop(); i++ {
		if i == 1_000_000 {
			b.StopTimer()
			x = bandIndex{}
			i = 0
			b.StartTimer()
		}
		if err := x.add(graph.ID(i), bands[i%len(bands)], sketch{}); err != nil {
			b.Fatal(err)
		}
	}
}
