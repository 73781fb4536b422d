// Package assess grades sources and claims on the NATO Admiralty scale.
//
// Analysts record source-reliability grades (A–F, plus MISP's G,
// "deliberately deceptive") with Rate; every grade is an assessment node
// (Subkind "grade") that assesses the graded node, so the full history of
// who graded what, when and why stays in the graph and the newest grade is
// the current one. Configured priors (Priors, LoadPriors) grade outlets and
// agencies by name without touching the graph.
//
// Assess reads a whole graph and computes, in one deterministic pass:
//
//   - support and contradiction between claims (same content; negation;
//     figures that disagree about the same noun; explicit denials);
//   - the independent origins of every claim: reports that share an
//     upstream node (the same primary speaker or innermost channel, the
//     same wire story through republished_from, circular reporting) count
//     once;
//   - claim credibility (1–6) and source reliability (A–F) by an iterative
//     truth-discovery method in the spirit of TruthFinder, seeded by analyst
//     grades and priors, run until no score moves by more than a tolerance;
//   - for every claim the most reliable chain (BestChain), a shortest path
//     under −log(hop reliability).
//
// Apply writes the scores back as node attributes (see the Attr constants)
// and the computed supports/contradicts edges with Prov.Article zero and
// Prov.Extractor "assess". Explain lists every factor behind a claim's
// credibility or an entity's reliability, for people and as JSON.
//
// AssessClaims and UpdateClaims are the cheap forms for use after an
// ingest: they score a few claims against the source scores the last full
// Assess stored, without iterating the whole graph.
//
// A Result is not safe for concurrent use.
//
// The package depends only on graph; it works on any graph.Reader.
package assess
