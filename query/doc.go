// Package query answers provenance questions over any graph.Reader: the
// chains through which a claim reached each article that reports it
// (Chains), the chains of one article's claims as that article reports
// them (ArticleChains), the claims of a speaker (ClaimsBy), claims by their
// words (FindClaims), the claims of one article (ArticleClaims), everything
// known about an entity (Entity) and summary figures (Stats).
//
// # Chains
//
// A claim node has one report per article that contains it. For each
// report the chain is read as
//
//	speaker (In said)
//	  → the claim's via channels asserted by that article, by Seq
//	  → channels those are part of or aired on, when the via list stops short
//	  → the article's reporting agencies (reported_by)
//	  → its publishers (published_by)
//	  → articles it was republished from, each with their own agencies,
//	    publishers and sources in turn.
//
// An article republished from several others gives one chain per branch, so
// no branch is hidden. A walk never revisits an article already on its own
// path: circular reporting (A copies B, B copies A) ends the chain with a
// hop marked Cycle instead of looping.
//
// Every result type has JSON tags for machine output; WriteChains prints
// chains as indented trees for people.
package query
