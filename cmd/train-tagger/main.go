// Command train-tagger trains the PolNeAR attribution span tagger
// (package ingest/tagger) and writes its model file. See ingest/tagger/doc.go.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
	"github.com/sourcetrace/sourcetrace/ingest/tagger"
)

func main() {
	train := flag.String("train", "../shared/corpus/polnear/train", "PolNeAR training split (text/ and attributions/)")
	dev := flag.String("dev", "../shared/corpus/polnear/dev", "PolNeAR dev split for epoch selection")
	out := flag.String("o", "ingest/tagger/model/tagger.gob.gz", "model file to write")
	epochs := flag.Int("epochs", 10, "epochs per stage")
	stages := flag.Int("stages", 2, "stacked stages")
	buckets := flag.Int("buckets", 1<<18, "hashed feature buckets (power of two)")
	rankEpochs := flag.Int("rank-epochs", 0, "content ranker epochs (0: -epochs)")
	rankBuckets := flag.Int("rank-buckets", 1<<18, "content ranker hashed feature buckets (power of two)")
	rankPred := flag.Int("rank-predicted", 2, "also train the ranker on stage 1's (jackknifed) predicted cues: 1 those overlapping a gold cue, 2 all")
	margin := flag.Float64("rank-margin", 0, "loss-augmented ranker training: margin per unit of (1 - token overlap with the gold)")
	noneShift := flag.Float64("rank-none-shift", -4.5, "added to the ranker's no-content weight after training (tuned on the combined extraction's dev scores)")
	seed := flag.Uint64("seed", 1, "shuffling seed")
	all := flag.Bool("all-annotators", true, "also train on second and later annotators' files of an article")
	flag.Parse()
	if err := run(*train, *dev, *out, *epochs, *stages, *buckets, *rankEpochs, *rankBuckets, *rankPred, float32(*noneShift), *margin, *seed, *all); err != nil {
		log.Fatal(err)
	}
}

func run(trainDir, devDir, out string, epochs, stages, buckets, rankEpochs, rankBuckets, rankPred int, noneShift float32, margin float64, seed uint64, allAnnotators bool) error {
	ctx := context.Background()
	trainDocs, err := eval.LoadPolNeAR(trainDir)
	if err != nil {
		return err
	}
	devDocs, err := eval.LoadPolNeAR(devDir)
	if err != nil {
		return err
	}
	var examples []tagger.Example
	for _, d := range trainDocs {
		examples = append(examples, example(d))
	}
	if allAnnotators {
		extra, err := otherAnnotations(trainDir, trainDocs)
		if err != nil {
			return err
		}
		examples = append(examples, extra...)
	}
	fmt.Printf("train: %d articles (%d annotations), dev: %d articles\n", len(trainDocs), len(examples), len(devDocs))
	start := time.Now()
	m, err := tagger.Train(examples, tagger.TrainConfig{
		Epochs: epochs, Stages: stages, Buckets: buckets, RankEpochs: rankEpochs, RankBuckets: rankBuckets, RankPredicted: rankPred, RankNoneShift: noneShift, RankMargin: margin, Seed: seed, Log: os.Stdout,
		Eval: func(stage, epoch int, m *tagger.Model) float64 {
			r, err := eval.ScorePolNeARDocs(ctx, devDocs, predictor(m))
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("  dev exact F1 source %.4f cue %.4f content %.4f | overlap %.4f %.4f %.4f\n",
				r.Source.Exact.F1, r.Cue.Exact.F1, r.Content.Exact.F1,
				r.Source.Overlap.F1, r.Cue.Overlap.F1, r.Content.Overlap.F1)
			if stage < stages {
				// Sequence stages: content comes from the ranker later, so
				// judge them by the roles they decide.
				return (r.Source.Exact.F1 + r.Cue.Exact.F1) / 2
			}
			return (r.Source.Exact.F1 + r.Cue.Exact.F1 + r.Content.Exact.F1) / 3
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("trained in %s\n", time.Since(start).Round(time.Second))
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create model file: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close model file: %w", err)
	}
	st, _ := os.Stat(out)
	fmt.Printf("wrote %s (%d bytes)\n", out, st.Size())
	r, err := eval.ScorePolNeARDocs(ctx, devDocs, predictor(m))
	if err != nil {
		return err
	}
	fmt.Printf("final dev exact F1 source %.4f cue %.4f content %.4f\n", r.Source.Exact.F1, r.Cue.Exact.F1, r.Content.Exact.F1)
	return nil
}

func example(d eval.PolNeARDoc) tagger.Example {
	ex := tagger.Example{Text: d.Text, Sources: d.Gold.Sources, Cues: d.Gold.Cues, Contents: d.Gold.Contents}
	for _, l := range d.Links {
		ex.Attributions = append(ex.Attributions, tagger.Attribution{Source: l.Source, Cue: l.Cue, Content: l.Content})
	}
	return ex
}

// otherAnnotations reads the .ann files LoadPolNeAR skipped (second and
// later annotators of an article) as extra training examples.
func otherAnnotations(dir string, docs []eval.PolNeARDoc) ([]tagger.Example, error) {
	texts := make(map[string]string, len(docs))
	for _, d := range docs {
		texts[d.Name] = d.Text
	}
	files, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	seen := map[string]bool{}
	var out []tagger.Example
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".ann")
		name := base
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			name = base[:i]
		}
		text, ok := texts[name]
		if !ok {
			continue
		}
		if !seen[name] {
			seen[name] = true // the first file is the one LoadPolNeAR used
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("open annotation: %w", err)
		}
		doc, err := brat.Parse(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		out = append(out, example(eval.PolNeARDoc{Name: name, Text: text, Gold: eval.SpansFromBrat(doc), Links: doc.Attributions()}))
	}
	return out, nil
}

func predictor(m *tagger.Model) eval.PolNeARPredictor {
	return func(text string) (eval.PolNeARSpans, error) {
		s := m.Tag(text)
		return eval.PolNeARSpans{Sources: s.Sources, Cues: s.Cues, Contents: s.Contents, Sentences: s.Sentences}, nil
	}
}
