package graphtest

import (
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// The fixture: two articles about one claim and its denial. IDs are picked
// by hand (not graph.NewID) so the documented orders can be spelled out as
// literal expectations.
//
//	                (A)said          (A,B)contains
//	  zoe ══════════════════► claim ◄══════════════ artA, artB
//	(0x101)         (B)said  (0x501)
//	                  │  ▲
//	      (A)via seq0 │  │ (A)contradicts        (A,B)said
//	      (A)via seq1 │  └──────────── denial ◄════════════ ministry
//	                  ▼               (0x502)              (0x201)
//	    interview ──part_of──► doc ──aired_on──► tv
//	     (0x402)      (A)     (0x401)   (A)    (0x303)
//
//	  artA (0x0a01) ──reported_by(A)──► afp (0x301)
//	  artA, artB ──published_by(A,B)──► planet (0x302)
//	  artA, artB ──contains(A,B)──► denial
//	  artB (0x0a02) ──mentions(B)──► zoltan (0x102)
//	  artB ──republished_from(B)──► artA
//
// Letters in brackets name the article whose batch carries the edge; ═══
// marks pairs of parallel edges from both articles. claim's via edges are
// seq 0 to the interview and seq 1 to the documentary. Totals: 12 nodes,
// 18 edges (article A 11, article B 7).
const (
	idZoe       graph.ID = 0x101
	idZoltan    graph.ID = 0x102
	idMinistry  graph.ID = 0x201
	idAFP       graph.ID = 0x301
	idPlanet    graph.ID = 0x302
	idTV        graph.ID = 0x303
	idDoc       graph.ID = 0x401
	idInterview graph.ID = 0x402
	idClaim     graph.ID = 0x501
	idDenial    graph.ID = 0x502
	idArtA      graph.ID = 0xa01
	idArtB      graph.ID = 0xa02
)

var fixtureTime = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

func nodeZoe() graph.Node {
	return graph.Node{ID: idZoe, Kind: graph.KindPerson, Name: "Zoë Müller",
		Aliases: []string{"Z. Müller", "Zoe Mueller"}, Roles: []string{"former adviser"},
		Attrs: map[string]string{"nationality": "German"}}
}

func nodeZoltan() graph.Node {
	return graph.Node{ID: idZoltan, Kind: graph.KindPerson, Name: "Zoltán Kovács"}
}

func nodeMinistry() graph.Node {
	return graph.Node{ID: idMinistry, Kind: graph.KindOrganisation, Name: "Ministry of Information"}
}

func nodeAFP() graph.Node {
	return graph.Node{ID: idAFP, Kind: graph.KindOutlet, Subkind: graph.SubAgency,
		Name: "Agence France-Presse", Aliases: []string{"AFP"}}
}

func nodePlanet() graph.Node {
	return graph.Node{ID: idPlanet, Kind: graph.KindOutlet, Subkind: graph.SubPublisher, Name: "Daily Planet"}
}

func nodeTV() graph.Node {
	return graph.Node{ID: idTV, Kind: graph.KindOutlet, Subkind: graph.SubBroadcaster, Name: "State Television"}
}

func nodeDoc() graph.Node {
	return graph.Node{ID: idDoc, Kind: graph.KindWork, Subkind: graph.SubDocumentary, Name: "The Hidden Files"}
}

func nodeInterview() graph.Node {
	return graph.Node{ID: idInterview, Kind: graph.KindWork, Subkind: graph.SubInterview, Name: "Interview with Zoë Müller"}
}

func nodeClaim() graph.Node {
	return graph.Node{ID: idClaim, Kind: graph.KindClaim, Name: "the ministry ran a network of informants",
		Attrs: map[string]string{graph.AttrClaimKind: "direct", graph.AttrCue: "said"}}
}

func nodeDenial() graph.Node {
	return graph.Node{ID: idDenial, Kind: graph.KindClaim, Name: "the report is fabricated",
		Attrs: map[string]string{graph.AttrClaimKind: "denial", graph.AttrCue: "denied"}}
}

func nodeArtA() graph.Node {
	return graph.Node{ID: idArtA, Kind: graph.KindArticle, Name: "Minister accused of spying on critics",
		Attrs: map[string]string{graph.AttrURL: "https://example.org/a", graph.AttrPublished: "2026-03-14"}}
}

func nodeArtB() graph.Node {
	return graph.Node{ID: idArtB, Kind: graph.KindArticle, Name: "Ministry denies spying report",
		Attrs: map[string]string{graph.AttrURL: "https://example.org/b"}}
}

// edge builds a fixture edge with full provenance, so every field of
// Provenance takes part in round-trip comparisons.
func edge(from graph.ID, p graph.Predicate, to, article graph.ID, seq int) graph.Edge {
	return graph.Edge{From: from, To: to, Predicate: p, Seq: seq, Prov: graph.Provenance{
		Article:    article,
		Spans:      []graph.Span{{Start: int(from % 97), End: int(from%97) + 12}, {Start: 200, End: 215}},
		Text:       "mention of " + string(p),
		Extractor:  "graphtest",
		Version:    "1.0",
		Confidence: 0.875,
		Ingested:   fixtureTime,
	}}
}

// batchA is article A's batch (11 edges).
func batchA() *graph.Batch {
	return &graph.Batch{
		Article: nodeArtA(),
		Nodes: []graph.Node{nodeZoe(), nodeMinistry(), nodeAFP(), nodePlanet(), nodeTV(),
			nodeDoc(), nodeInterview(), nodeClaim(), nodeDenial()},
		Edges: []graph.Edge{
			edge(idZoe, graph.Said, idClaim, idArtA, 0),
			edge(idClaim, graph.Via, idInterview, idArtA, 0),
			edge(idClaim, graph.Via, idDoc, idArtA, 1),
			edge(idInterview, graph.PartOf, idDoc, idArtA, 0),
			edge(idDoc, graph.AiredOn, idTV, idArtA, 0),
			edge(idArtA, graph.Contains, idClaim, idArtA, 0),
			edge(idArtA, graph.ReportedBy, idAFP, idArtA, 0),
			edge(idArtA, graph.PublishedBy, idPlanet, idArtA, 0),
			edge(idMinistry, graph.Said, idDenial, idArtA, 0),
			edge(idArtA, graph.Contains, idDenial, idArtA, 0),
			edge(idDenial, graph.Contradicts, idClaim, idArtA, 0),
		},
	}
}

// batchB is article B's batch (7 edges). It refers to article A's node
// without carrying it, which is allowed because A is already stored.
func batchB() *graph.Batch {
	return &graph.Batch{
		Article: nodeArtB(),
		Nodes:   []graph.Node{nodeZoe(), nodeZoltan(), nodeMinistry(), nodePlanet(), nodeClaim(), nodeDenial()},
		Edges: []graph.Edge{
			edge(idZoe, graph.Said, idClaim, idArtB, 0),
			edge(idMinistry, graph.Said, idDenial, idArtB, 0),
			edge(idArtB, graph.Contains, idClaim, idArtB, 0),
			edge(idArtB, graph.Contains, idDenial, idArtB, 0),
			edge(idArtB, graph.PublishedBy, idPlanet, idArtB, 0),
			edge(idArtB, graph.Mentions, idZoltan, idArtB, 0),
			edge(idArtB, graph.RepublishedFrom, idArtA, idArtB, 0),
		},
	}
}

// batchA2 is a second version of article A: it drops the interview, the
// denial and the agency, and keeps four edges.
func batchA2() *graph.Batch {
	return &graph.Batch{
		Article: nodeArtA(),
		Nodes:   []graph.Node{nodeZoe(), nodePlanet(), nodeDoc(), nodeClaim()},
		Edges: []graph.Edge{
			edge(idZoe, graph.Said, idClaim, idArtA, 0),
			edge(idClaim, graph.Via, idDoc, idArtA, 0),
			edge(idArtA, graph.Contains, idClaim, idArtA, 0),
			edge(idArtA, graph.PublishedBy, idPlanet, idArtA, 0),
		},
	}
}
