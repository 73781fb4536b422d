package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"

	"github.com/sourcetrace/sourcetrace/config"
)

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sourcetrace.yaml")
	if err := os.WriteFile(file, []byte("data_dir: /from/file\ningest:\n  workers: 3\n  tagger: false\n  max_bytes: 1000\nquery:\n  max_depth: 7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		wantDir   string
		wantSrc   config.Source
		wantDepth int
		// The file sets ingest.tagger false.
		wantTagger bool
	}{
		{"File", nil, nil, "/from/file", config.FromFile, 7, false},
		{"EnvOverFile", map[string]string{"SOURCETRACE_DATA_DIR": "/from/env", "SOURCETRACE_QUERY_MAX_DEPTH": "9", "SOURCETRACE_INGEST_TAGGER": "true"}, nil, "/from/env", config.FromEnv, 9, true},
		{"FlagOverEnv", map[string]string{"SOURCETRACE_DATA_DIR": "/from/env", "SOURCETRACE_INGEST_TAGGER": "false"}, []string{"--data-dir", "/from/flag", "--tagger"}, "/from/flag", config.FromFlag, 7, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			config.BindFlags(fs)
			if err := fs.Parse(append([]string{"--config", file}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			l, err := config.Load(fs)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := l.Config.DataDir, tt.wantDir; got != want {
				t.Errorf("data_dir = %q, want %q", got, want)
			}
			if got, want := l.Config.Query.MaxDepth, tt.wantDepth; got != want {
				t.Errorf("query.max_depth = %d, want %d", got, want)
			}
			if got, want := l.Config.Ingest.Tagger, tt.wantTagger; got != want {
				t.Errorf("ingest.tagger = %v, want %v", got, want)
			}
			if got, want := l.Config.Ingest.Workers, 3; got != want {
				t.Errorf("ingest.workers = %d, want %d", got, want)
			}
			for _, s := range l.Settings {
				if s.Key == "data_dir" && s.Source != tt.wantSrc {
					t.Errorf("data_dir source = %s, want %s", s.Source, tt.wantSrc)
				}
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", "/xdg/data")
	l, err := config.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.Config.DataDir, "/xdg/data/sourcetrace"; got != want {
		t.Errorf("data_dir = %q, want %q", got, want)
	}
	if got, want := l.Config.Server.Addr, "127.0.0.1:8080"; got != want {
		t.Errorf("server.addr = %q, want %q", got, want)
	}
	if !l.Config.Ingest.Tagger {
		t.Error("ingest.tagger = false, want the tagger on by default")
	}
	if l.File != "" {
		t.Errorf("file = %q, want none", l.File)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		file string
	}{
		{"BadYAML", nil, "data_dir: [unclosed\n"},
		{"NegativeWorkers", map[string]string{"SOURCETRACE_INGEST_WORKERS": "-1"}, ""},
		{"BadMaxBytes", map[string]string{"SOURCETRACE_INGEST_MAX_BYTES": "lots"}, ""},
		{"BadLevel", map[string]string{"SOURCETRACE_LOG_LEVEL": "loud"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.file != "" {
				if err := os.WriteFile("sourcetrace.yaml", []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := config.Load(nil); err == nil {
				t.Fatal("Load succeeded, want an error")
			}
		})
	}
}
