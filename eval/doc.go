// Package eval scores sourcetrace's output against references: gold
// readings of single articles (GOLD-FORMAT.md; LoadGold, ScoreGold) and the
// PolNeAR attribution corpus.
package eval
