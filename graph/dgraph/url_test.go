package dgraph_test

import (
	"errors"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph"
)

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in, addr, name string
		bad            bool
	}{
		{in: "dgraph://127.0.0.1:9080", addr: "127.0.0.1:9080"},
		{in: "dgraph://h1:9080/main", addr: "h1:9080", name: "main"},
		{in: "dgraph://[::1]:9080/t-1_x", addr: "[::1]:9080", name: "t-1_x"},
		{in: "dgraph://h1", bad: true},
		{in: "dgraph://:", bad: true},
		{in: "http://h1:9080", bad: true},
		{in: "dgraph://h1:9080/Main", bad: true},
		{in: "dgraph://h1:9080/a/b", bad: true},
		{in: "", bad: true},
	} {
		addr, name, err := dgraph.ParseURL(tc.in)
		if tc.bad {
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("ParseURL(%q) = %q, %q, %v; want an error wrapping ErrInvalid", tc.in, addr, name, err)
			}
			continue
		}
		if err != nil || addr != tc.addr || name != tc.name {
			t.Errorf("ParseURL(%q) = %q, %q, %v; want %q, %q", tc.in, addr, name, err, tc.addr, tc.name)
		}
	}
}
