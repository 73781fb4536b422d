// Package brat reads and writes brat standoff annotation files (.ann), the
// format PolNeAR distributes its attribution annotations in.
//
// Offsets are character (rune) offsets into the matching .txt file, the
// convention graph.Span uses. Only text-bound (T) and event (E) lines are
// kept; other line types are skipped. A text-bound whose text contains
// newlines continues on the following lines until its text reaches the
// length its offsets imply.
package brat
