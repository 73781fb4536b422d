// Package ingest turns articles into the provenance graph: it reads files
// (ingest/article), extracts attributions (an Extractor, normally
// ingest/extract), maps each article's extraction to one graph.Batch (Build)
// and writes it with graph.Writer.WriteArticle. Ingester runs that pipeline
// over many files with parallel workers; one bad file never stops the rest.
//
// # Data model
//
// Build is a pure function of the Document, the extract.Result and Meta, so
// the same input always yields the same batch and re-ingesting changes
// nothing. Node IDs come from graph.NewID over the parts that identify a
// node:
//
//   - Article: NewID(KindArticle, doc.Key()), where Key is the publisher's
//     ID, else the URL, else the SHA-256 of the text. Name is the title (or
//     the first words of the text); attributes url, published (only when
//     known), retrieved (Meta.Now), author, source_file, content_sha256.
//   - Named entities (people, organisations, groups, outlets such as
//     Interfax or state television): NewID("entity", NormalizeName(name)).
//     The kind is deliberately not part of the ID, so one name is one node
//     across articles whatever kind each extraction gave it (the first write
//     wins, see graph.MergeNode).
//   - Anonymous sources: NewID("entity", "anonymous", doc.Key(), name). Two
//     articles' "a senior official" are not known to be the same person, so
//     they must not merge and inflate one source's weight.
//   - Described speakers (people, organisations and groups whose "name"
//     has no capital letter, or is a determiner and a lower-case word: "the
//     company", "analysts", "a spokesman"): NewID("entity", "description",
//     doc.Key(), name), article-scoped for the same reason; "the company"
//     of one article is not that of another. "The Kremlin" is a name.
//   - Unresolved speakers (Kind unresolved or no name): NewID("entity",
//     "unresolved", doc.Key(), span), named "unresolved: <mention>" or
//     "unresolved: no explicit source". They are explicit, never guessed.
//   - Works (an interview, a statement, a documentary, a video):
//     NewID(KindWork, doc.Key(), name). They are scoped to the article,
//     otherwise "a statement" would be one hub joining every article that
//     mentions any statement and wreck counting independent reports. Within
//     an article a work is one node whoever uses it, so the documentary a
//     speaker appears in and the documentary that itself "claims" something
//     are the same work.
//   - Claims: NewID(KindClaim, speakerID, content tokens) where the tokens
//     are the content's lower-cased letter/digit runs joined by spaces, so
//     the same claim by the same speaker in several articles is one node
//     with several reports. Name is the content; attributes kind and cue.
//   - Assessments ("there was no way to verify"): scoped to the article,
//     Name the text, Subkind the assessment kind, attribute "by" the author
//     as written.
//
// Edges, each carrying the article's Provenance (spans and wording of the
// mention that asserts it, extractor, version, confidence, ingest time):
//
//	speaker  -said->         claim     (speaker mention; cue is on the claim)
//	article  -contains->     claim     (content spans)
//	claim    -via->          channel   (Seq 0, 1, ... innermost first)
//	channel  -part_of->      channel   (when the channel names the one it is part of)
//	work     -aired_on->     outlet    (the above names an outlet, or a work directly followed by an outlet)
//	article  -reported_by->  agency    (extracted credit line, else the document's agency)
//	article  -published_by-> publisher (the document's outlet metadata, else extracted)
//	article  -mentions->     entity    (every entity the article refers to)
//	assessment -assesses->   claim
//	assessment -made_by->    author    (when the author is an entity of the article)
//
// Within one article (From, Predicate, To) is unique: repeated assertions
// merge their spans into one edge.
package ingest
