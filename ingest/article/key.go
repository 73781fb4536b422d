package article

import (
	"crypto/sha256"
	"encoding/hex"
)

// Key is the identity the article's stable ID is derived from: the
// publisher's ID when given, else its URL, else a hash of the text, so the
// same article read from another file name gets the same key.
func (d Document) Key() string {
	switch {
	case d.ID != "":
		return "id:" + d.ID
	case d.URL != "":
		return "url:" + d.URL
	}
	sum := sha256.Sum256([]byte(d.Text))
	return "sha256:" + hex.EncodeToString(sum[:])
}
