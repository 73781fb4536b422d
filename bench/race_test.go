//go:build race

package bench_test

// raceEnabled: the race detector slows the whole-run test tenfold.
const raceEnabled = true
