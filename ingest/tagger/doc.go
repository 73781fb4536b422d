// Package tagger is a learned attribution span tagger: it finds the source,
// cue and content spans of attributions ("Officials | told | reporters that
// the plan failed") in news text, as PolNeAR annotates them.
//
// Design. Text is tokenised with rune offsets and split into sentences and
// paragraphs by fast rules (no external NLP in the hot path). One BIO tag
// set covers the three roles, since PolNeAR is univocal (a token has at
// most one role). Each stage is an averaged structured perceptron with
// first-order Viterbi decoding per paragraph over hashed features: word,
// affixes, shape, ±2 context words, quotation state, sentence position, a
// cue lexicon learned from the training cues (share of a word's occurrences
// that are cue tokens), and distance/commas to the nearest cue candidate.
// Stage 2 is stacked on stage 1: it also sees stage 1's labels and the
// distance to stage 1's predicted cues; on training data those labels come
// from jackknifed stage-1 models, so stage 2 learns how far to trust them.
// Attributions group each cue with its nearest source and content.
//
// The model ships embedded (model/tagger.gob.gz: weights quantised to int16,
// gob, gzip) and is decoded once per process by Default.
//
// Retraining. From the module root, with the PolNeAR corpus beside the repo:
//
//	go run ./cmd/train-tagger -train ../shared/corpus/polnear/train \
//		-dev ../shared/corpus/polnear/dev -o ingest/tagger/model/tagger.gob.gz
//
// It trains on train only, prints dev scores after every epoch, keeps each
// stage's best epoch on dev (mean exact F1 of the three roles) and writes the
// model. Training is deterministic for a given -seed. After retraining,
// update the expected scores in dev_test.go.
package tagger
