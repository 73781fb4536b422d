//go:build race

package ingest_test

// raceEnabled trims the corpus tests: the race detector slows extraction
// about tenfold.
const raceEnabled = true
