// Package curate records analysts' corrections to the graph: entity
// resolution (Merge, Split) and corrections of a claim's speaker or
// content (CorrectSpeaker, CorrectContent), each as an entry in an audit
// log that can be listed (Log), undone (Undo) and replayed (Reapply).
//
// # Audit log
//
// The log lives in the graph store itself, written through graph.Writer
// like everything else: each entry is a node of kind assessment with
// Subkind "curation" (see Subkind), ID graph.NewID(KindAssessment,
// "curation", seq), Name "curation N: <summary>", attribute "by" the
// analyst and attribute "curation" the Entry as JSON (operation, operands,
// who, when, the inverse in words, and what the operation changed so it
// can be taken back). Entries are never deleted: undoing one marks it
// undone and adds an undo entry, so the log stays a full history.
//
// # Edges a curation writes
//
// Every edge a curation adds belongs to no article (Prov.Article is zero),
// has Prov.Extractor "curate" and Prov.Version the ID of its entry: that is
// how an entry finds its own edges to remove them, and why re-ingesting an
// article, which replaces only that article's edges, never removes them.
//
//   - Merge(A, B): B -alias_of-> A; a copy on A of every edge of B (B
//     swapped for A, one per (from, predicate, to)), so queries on A see
//     B's claims and mentions while B keeps its own provenance; B's name
//     and aliases become A's aliases.
//   - Split(A, NAME): when NAME is a node merged into A, the merge is taken
//     back. When NAME is one of A's own aliases, the alias is removed, a
//     node of that name is made (or found), and A's edges whose mention
//     wording is NAME are moved to it.
//   - CorrectSpeaker(C, S): the claim's other said edges are removed and
//     S -said-> C added.
//   - CorrectContent(C, T): the claim's name (its content) becomes T; its
//     ID, derived from the original wording, stays so references hold.
//
// # Re-ingestion
//
// Re-ingesting an article rewrites its edges with the extractor's view,
// bringing back edges a curation removed (a corrected speaker's said edge)
// and adding edges a merge has not copied yet. Reapply replays every
// active entry in order; each operation is idempotent, so calling it after
// every ingest keeps curations in force. Edges removed by a curation are
// remembered in its entry (Entry.Removed), so Undo can put them back, into
// their article (by rewriting it) when they came from one.
//
// Nodes are never deleted (graph.Writer cannot), so a node a split or a
// speaker correction created stays, without edges, after an undo; aliases
// and claim wording are put back with graph.NodeReplacer, which the
// writer must implement.
package curate
