package server

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzSaveFile checks that whatever name a client gives an upload, the file
// lands directly inside the upload directory with an article extension and
// exactly the bytes sent, or is refused.
func FuzzSaveFile(f *testing.F) {
	for _, name := range []string{"a.txt", "../../etc/passwd.txt", `..\..\win.html`, "/abs/path.jsonl", "noext", "a.TXT", ".txt", "a\x00b.txt", "dir/", "x.sgm"} {
		f.Add(name, []byte("Title\n\nBody said it.\n"))
	}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		dir := t.TempDir()
		p, err := saveFile(dir, 7, name, bytes.NewReader(body))
		if err != nil {
			if se, ok := err.(*statusError); !ok || se.status != 400 {
				t.Fatalf("saveFile(%q): error %v is not a 400", name, err)
			}
			return
		}
		if filepath.Dir(p) != dir {
			t.Fatalf("saveFile(%q) wrote %s, outside %s", name, p, dir)
		}
		if !slices.Contains(uploadExts, filepath.Ext(p)) {
			t.Fatalf("saveFile(%q) wrote %s without an article extension", name, p)
		}
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("saveFile(%q): file holds %q (%v), want %q", name, got, err, body)
		}
	})
}

// FuzzIDList checks that the comma-separated ID parser either refuses its
// input or returns IDs that print back as the input's parts.
func FuzzIDList(f *testing.F) {
	for _, s := range []string{"", "fb278fa5d995c302", "fb278fa5d995c302, 0000000000000001", "zz", ",,", "FB278FA5D995C302", strings.Repeat("0000000000000001,", 5)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := idList("ids", s, 3)
		if err != nil {
			return
		}
		parts := splitList(s)
		if len(ids) != len(parts) || len(ids) > 3 {
			t.Fatalf("idList(%q) = %d IDs for %d parts", s, len(ids), len(parts))
		}
		for i, id := range ids {
			if !strings.EqualFold(id.String(), parts[i]) {
				t.Fatalf("idList(%q): ID %d prints %s, part is %q", s, i, id, parts[i])
			}
		}
	})
}
