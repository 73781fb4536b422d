// Package eval scores sourcetrace's output against references.
//
// Gold readings (GOLD-FORMAT.md in the shared corpus): LoadGold reads a
// *.gold.json file, ScoreGold pairs predictions with its attributions and
// chains by the format's rules 1–8 and returns a Report whose JSON is the
// `eval gold --json` output and whose WriteText explains every item.
// Predictions come from an extraction result directly (PredictionsFromResult)
// or from the store (PredictionsFromGraph), so the extractor can be tuned
// without a store and the whole pipeline checked with one.
//
// PolNeAR: the attribution corpus's source, cue and content spans are
// scored with exact and overlap matching (ScorePolNeAR).
package eval
