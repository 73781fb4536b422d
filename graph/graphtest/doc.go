// Package graphtest is the conformance suite every graph.Store backend
// runs: TestAll checks each documented behaviour of graph.Reader and
// graph.Writer (and of the optional graph.Checker and graph.Backuper) as a
// named subtest, and BenchmarkAll measures the operations the query layer
// leans on (article writes, node gets, adjacency, multi-hop walks, name
// prefix lookup) so backends can be compared with the same numbers.
//
// A backend's test file is two lines:
//
//	func TestConformance(t *testing.T) { graphtest.TestAll(t, openTest) }
//	func BenchmarkStore(b *testing.B)  { graphtest.BenchmarkAll(b, openBench) }
//
// where open returns a fresh, empty store. The suite closes the stores it
// opens, so Close must tolerate being called twice (the backend's own cleanup
// may close it again).
package graphtest
