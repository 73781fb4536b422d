// Command sourcetrace ingests news articles into a provenance graph and
// answers questions about it: who said what, through whom, and how reliable
// each hop is. This package only wires the other packages together: one
// file per subcommand.
package main
