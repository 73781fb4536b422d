package ingest_test

import (
	"testing"

	"github.com/sourcetrace/sourcetrace/ingest"
)

// FuzzParseSignature: any attribute value either parses to a signature that
// encodes back to the same text, or fails cleanly; and any text either is
// too short to fingerprint or gives a signature that round-trips and is
// identical to itself.
func FuzzParseSignature(f *testing.F) {
	sig, _ := ingest.Fingerprint(prose(3, 60))
	f.Add(sig.String())
	f.Add(sig.String()[:76] + "\r\n" + sig.String()[76:]) // newlines the decoder skips
	f.Add("")
	f.Add("AAAA")
	f.Add("not base64 at all!")
	f.Add(prose(4, 30))
	f.Fuzz(func(t *testing.T, s string) {
		if got, err := ingest.ParseSignature(s); err == nil && got.String() != s {
			t.Errorf("ParseSignature(%q) re-encodes as %q", s, got.String())
		}
		if fp, ok := ingest.Fingerprint(s); ok {
			back, err := ingest.ParseSignature(fp.String())
			if err != nil || back != fp || fp.Similarity(back) != 1 {
				t.Errorf("fingerprint of %q does not round-trip: %v", s, err)
			}
		}
	})
}
