// Package tagger is a learned attribution span tagger: it finds the source,
// cue and content spans of attributions ("Officials | told | reporters that
// the plan failed") in news text, as PolNeAR annotates them. Pure Go, CPU
// only; nothing is downloaded.
//
// Design. Text is tokenised with rune offsets (clitics split off, since
// PolNeAR spans may start after an apostrophe) and split into sentences and
// paragraphs by fast rules; no external NLP runs in the hot path.
//
//  1. Sequence model. One BIO tag set covers the three roles, since PolNeAR
//     is univocal (a token has at most one role). Each stage is an averaged
//     structured perceptron with first-order Viterbi decoding per paragraph
//     over hashed features (2^18 buckets): word, stem, affixes, shape, ±2
//     context words, quotation state (curly quotes, straight quotes and
//     the pairs of apostrophes some newspapers use) and the text just
//     outside the enclosing quotation, sentence position, comma-delimited
//     clause segments, and a cue lexicon learned from the training cues
//     (share of a word's or stem's occurrences inside cue spans) used for
//     distances to cue candidates.
//  2. Stacking. Stage 2 also sees stage 1's labels and where stage 1's cues
//     and sources are. On training data those labels come from jackknifed
//     stage-1 models, so stage 2 learns how far to trust them.
//  3. Content ranker (rank.go). Sources and cues come from stage 2; each
//     cue's content is chosen as a whole span among candidates that start
//     and end at clause-like boundaries in the cue's paragraph, on either
//     side, or in two parts around the cue (“A,” he said, “B.”, also when
//     a long frame separates them: “A,” said X, who ... . “B.”), or none.
//     An averaged perceptron ranks them using both edges, the gap to the
//     cue, the cue's word and lexicon class, and how well stage 1's content
//     labels agree. Overlapping choices are resolved best score first.
//     It trains on the gold cues and on the cues jackknifed stage 1
//     predicts, as Tag will meet them: one overlapping a gold cue takes
//     that cue's content, any other has none, so false cues learn to
//     claim nothing. "No content" then gets a handicap
//     (TrainConfig.RankNoneShift; train-tagger's default was tuned on the
//     combined extraction's scores on dev and on a held-out quarter of
//     train), since the extraction drops a tagger attribution without
//     content, source and all.
//
// Attributions group each cue with its content and the nearest source.
//
// The model ships embedded (model/tagger.gob.gz: weights quantised to int16,
// gob, gzip, about 5 MB) and is decoded once per process by Default.
//
// Scores on PolNeAR dev (84 articles, first annotator per article), exact
// span match after trimming whitespace and punctuation / any overlap, are
// pinned in dev_test.go.
//
// Speed (BenchmarkTag, BenchmarkTagCorpus). Tag's output is pinned bit for
// bit (testdata/tag.golden), so speed work may only reorganise the
// arithmetic, never reorder it: float32 sums are added in the order the
// features are defined. Features that do not depend on the previous
// stage are hashed once per text; loaded models decode from a fused
// layout with every stage's weights for a feature in one cache line
// (fused.go); the ranker scores candidates from per-start, per-end and
// small joint weight tables instead of hashing each candidate's features
// (rankscore.go, checked against rankCtx.features per candidate); working
// arrays come from a sync.Pool (scratch.go).
//
// Retraining. From the module root, with the PolNeAR corpus beside the repo:
//
//	go run ./cmd/train-tagger -train ../shared/corpus/polnear/train \
//		-dev ../shared/corpus/polnear/dev -o ingest/tagger/model/tagger.gob.gz
//
// It trains on the train split only (every annotator's file), prints dev
// scores after every epoch, keeps each stage's and the ranker's best epoch on
// dev (sequence stages by mean exact F1 of source and cue, the ranker by the
// mean of all three roles) and writes the model. Training is
// deterministic for a given -seed (same model file, byte for byte) and takes
// well under a minute on an idle core (about 4 GB of memory: the ranker
// keeps every candidate's features), dev evaluation included. After
// retraining, update the expected scores in dev_test.go and in
// ingest/extract's TestPolNeARDev, and regenerate the golden files
// (testdata/tag.golden here, and the seed goldens of ingest/extract and
// cmd/sourcetrace) with -update.
package tagger
