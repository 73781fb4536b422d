// Package bench measures sourcetrace end to end: ingest of real corpora
// (articles, claims and edges per second, peak memory), extraction alone,
// store writes against raw badger writes of the same keys, and query and
// export speed on a large graph made by permuting entity names across
// copies of the real corpora (Generate). One Run produces a Report; the
// `sourcetrace bench` command prints it and `go test -bench` in this
// package runs the same functions piece by piece.
//
// Figures are wall-clock on whatever machine runs them; a Report records
// the machine (cores, load average before and after) so that figures from
// a busy shared machine are read as such. Ratios measured in the same run
// (store against raw badger) are the most robust figures.
package bench
