package assess

import (
	"fmt"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Reliability is a source-reliability grade of the Admiralty scale: "A"
// (completely reliable) to "F" (cannot be judged), and "G", MISP's
// "deliberately deceptive" extension. Grades are stored in upper case.
type Reliability string

// Source-reliability grades.
const (
	ReliabilityA Reliability = "A" // completely reliable
	ReliabilityB Reliability = "B" // usually reliable
	ReliabilityC Reliability = "C" // fairly reliable
	ReliabilityD Reliability = "D" // not usually reliable
	ReliabilityE Reliability = "E" // unreliable
	ReliabilityF Reliability = "F" // reliability cannot be judged
	ReliabilityG Reliability = "G" // deliberately deceptive (MISP extension)
)

// Unset is the grade that withdraws an earlier analyst grade.
const Unset = "unset"

var reliabilityInfo = map[Reliability]struct {
	meaning string
	score   float64
}{
	ReliabilityA: {"completely reliable", 0.95},
	ReliabilityB: {"usually reliable", 0.80},
	ReliabilityC: {"fairly reliable", 0.65},
	ReliabilityD: {"not usually reliable", 0.40},
	ReliabilityE: {"unreliable", 0.20},
	ReliabilityF: {"reliability cannot be judged", 0}, // score: Options.Default
	ReliabilityG: {"deliberately deceptive", 0.05},
}

// ParseReliability accepts a grade in either case ("b", "B").
func ParseReliability(s string) (Reliability, error) {
	g := Reliability(strings.ToUpper(strings.TrimSpace(s)))
	if _, ok := reliabilityInfo[g]; !ok {
		return "", fmt.Errorf("reliability grade %q: want one of A-F or G: %w", s, graph.ErrInvalid)
	}
	return g, nil
}

// Meaning is the grade's standard wording.
func (g Reliability) Meaning() string { return reliabilityInfo[g].meaning }

// score is the probability that a source of this grade tells the truth; F
// carries no information and takes the caller's default.
func (g Reliability) score(def float64) float64 {
	if g == ReliabilityF {
		return def
	}
	if v, ok := reliabilityInfo[g]; ok {
		return v.score
	}
	return def
}

// reliabilityOf maps a computed score back to a grade. G (intent to
// deceive) is never inferred from scores: only an analyst can say it.
func reliabilityOf(score float64) Reliability {
	switch {
	case score >= 0.875:
		return ReliabilityA
	case score >= 0.725:
		return ReliabilityB
	case score >= 0.53:
		return ReliabilityC
	case score >= 0.30:
		return ReliabilityD
	default:
		return ReliabilityE
	}
}

// Credibility is an information-credibility grade of the Admiralty scale,
// 1 (confirmed by other sources) to 6 (truth cannot be judged).
type Credibility int

// Information-credibility grades.
const (
	Confirmed      Credibility = 1 // confirmed by other independent sources
	ProbablyTrue   Credibility = 2
	PossiblyTrue   Credibility = 3
	Doubtful       Credibility = 4
	Improbable     Credibility = 5
	CannotBeJudged Credibility = 6
)

var credibilityInfo = map[Credibility]struct {
	meaning string
	score   float64
}{
	Confirmed:      {"confirmed by other sources", 0.90},
	ProbablyTrue:   {"probably true", 0.75},
	PossiblyTrue:   {"possibly true", 0.57},
	Doubtful:       {"doubtful", 0.42},
	Improbable:     {"improbable", 0.20},
	CannotBeJudged: {"truth cannot be judged", 0.5},
}

// ParseCredibility accepts "1" to "6".
func ParseCredibility(s string) (Credibility, error) {
	s = strings.TrimSpace(s)
	if len(s) == 1 && s[0] >= '1' && s[0] <= '6' {
		return Credibility(s[0] - '0'), nil
	}
	return 0, fmt.Errorf("credibility grade %q: want 1-6: %w", s, graph.ErrInvalid)
}

// String returns the digit.
func (c Credibility) String() string { return fmt.Sprintf("%d", int(c)) }

// Meaning is the grade's standard wording.
func (c Credibility) Meaning() string { return credibilityInfo[c].meaning }

// Credibility thresholds on the computed probability that a claim is true.
// Grade 1 additionally needs at least two independent origins (or an
// independent confirmation), grade 6 is given when nothing informs the
// score; see credibilityOf.
const (
	thresholdConfirmed = 0.72
	thresholdProbable  = 0.64
	thresholdPossible  = 0.50
	thresholdDoubtful  = 0.35
)

func credibilityOf(p float64, independent int, judgeable bool) Credibility {
	switch {
	case !judgeable:
		return CannotBeJudged
	case p >= thresholdConfirmed && independent >= 2:
		return Confirmed
	case p >= thresholdProbable:
		return ProbablyTrue
	case p >= thresholdPossible:
		return PossiblyTrue
	case p >= thresholdDoubtful:
		return Doubtful
	default:
		return Improbable
	}
}
