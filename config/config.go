package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the effective configuration.
type Config struct {
	DataDir string `json:"data_dir"`
	Ingest  Ingest `json:"ingest"`
	Query   Query  `json:"query"`
	Export  Export `json:"export"`
	Server  Server `json:"server"`
	Assess  Assess `json:"assess"`
	Log     Log    `json:"log"`
}

// Assess configures source-reliability scoring. Priors are the analysts'
// own grades for outlets and agencies (name -> A-F), inline or in a
// versioned file; sourcetrace ships none.
type Assess struct {
	PriorsFile    string            `json:"priors_file,omitempty"`
	Priors        map[string]string `json:"priors,omitempty"`
	PriorsVersion string            `json:"priors_version,omitempty"`
}

// Ingest configures reading and extraction.
type Ingest struct {
	MaxBytes int64 `json:"max_bytes"` // larger files are skipped with an error
	Workers  int   `json:"workers"`   // 0: one per CPU
	// Tagger runs the learned span tagger alongside the rules; false is
	// the rules alone.
	Tagger bool `json:"tagger"`
}

// Query configures limits on graph walks.
type Query struct {
	MaxDepth   int `json:"max_depth"`
	MaxResults int `json:"max_results"`
}

// Export configures subgraph export.
type Export struct {
	MaxBytes int64 `json:"max_bytes"` // 0: no cap
}

// Server configures `sourcetrace serve`.
type Server struct {
	Addr     string        `json:"addr"`
	Token    string        `json:"-"` // bearer token for uploads; never printed
	ReadOnly bool          `json:"read_only"`
	Timeout  time.Duration `json:"timeout"`
}

// Log configures logging.
type Log struct {
	Level string `json:"level"`
}

// key describes one configuration key.
type key struct {
	name, flag, help string
	def              any
}

// keys lists every configuration key; flags are registered by BindFlags
// for those with a flag name.
var keys = []key{
	{"data_dir", "data-dir", "directory of the embedded graph store (default: $XDG_DATA_HOME/sourcetrace or ~/.local/share/sourcetrace)", ""},
	{"ingest.max_bytes", "max-bytes", "skip input files larger than this many bytes", int64(10 << 20)},
	{"ingest.workers", "workers", "extraction workers (0: one per CPU)", 0},
	{"ingest.tagger", "tagger", "run the learned span tagger with the rules (false: rules alone, several times faster, less accurate)", true},
	{"query.max_depth", "", "deepest walk a query may ask for", 12},
	{"query.max_results", "", "most results a query returns", 1000},
	{"export.max_bytes", "", "stop an export past this many bytes (0: no cap)", int64(0)},
	{"server.addr", "", "address `sourcetrace serve` listens on", "127.0.0.1:8080"},
	{"server.token", "", "bearer token required for uploads (empty: uploads disabled)", ""},
	{"server.read_only", "", "refuse every write over HTTP", false},
	{"server.timeout", "", "per-request timeout", 30 * time.Second},
	{"assess.priors_file", "", "file of source-reliability priors (see README, Source reliability)", ""},
	{"assess.priors_version", "", "version label of the inline assess.priors map", ""},
	{"log.level", "", "debug, info, warn or error", "warn"},
}

// DefaultDataDir is $XDG_DATA_HOME/sourcetrace, else
// ~/.local/share/sourcetrace, else ./sourcetrace-data.
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sourcetrace")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "sourcetrace")
	}
	return "sourcetrace-data"
}

// BindFlags registers the persistent flags that override configuration
// keys (--data-dir, --max-bytes, --workers) plus --config.
func BindFlags(fs *pflag.FlagSet) {
	fs.String("config", "", "configuration file (default: ./sourcetrace.yaml, then the user config directory)")
	for _, k := range keys {
		if k.flag == "" {
			continue
		}
		switch d := k.def.(type) {
		case string:
			fs.String(k.flag, d, k.help)
		case int:
			fs.Int(k.flag, d, k.help)
		case int64:
			fs.Int64(k.flag, d, k.help)
		case bool:
			fs.Bool(k.flag, d, k.help)
		}
	}
}

// Source says where a value came from.
type Source string

// Sources of configuration values.
const (
	FromDefault Source = "default"
	FromFile    Source = "file"
	FromEnv     Source = "env"
	FromFlag    Source = "flag"
)

// Setting is one effective key with its value and origin, for `sourcetrace config`.
type Setting struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Source Source `json:"source"`
	Env    string `json:"env"`
}

// Loaded is the result of Load.
type Loaded struct {
	Config   Config    `json:"config"`
	File     string    `json:"file,omitempty"` // the configuration file used, if any
	Settings []Setting `json:"settings"`
}

// Load reads the configuration. fs may be nil; its flags count only when
// set on the command line.
func Load(fs *pflag.FlagSet) (*Loaded, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	v.SetEnvPrefix("SOURCETRACE")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	for _, k := range keys {
		def := k.def
		if k.name == "data_dir" { // depends on the environment at load time
			def = DefaultDataDir()
		}
		v.SetDefault(k.name, def)
		// AutomaticEnv only sees keys viper knows; bind explicitly so
		// nested keys map to SOURCETRACE_INGEST_MAX_BYTES and so on.
		if err := v.BindEnv(k.name, envName(k.name)); err != nil {
			return nil, fmt.Errorf("bind env %s: %w", k.name, err)
		}
	}

	file := ""
	if fs != nil {
		if f := fs.Lookup("config"); f != nil && f.Value.String() != "" {
			file = f.Value.String()
		}
	}
	if file == "" {
		file = findFile()
	}
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return nil, fmt.Errorf("read config %s: %w", file, err)
		}
	}

	sources := map[string]Source{}
	for _, k := range keys {
		switch {
		case v.InConfig(k.name):
			sources[k.name] = FromFile
		default:
			sources[k.name] = FromDefault
		}
		if _, ok := os.LookupEnv(envName(k.name)); ok {
			sources[k.name] = FromEnv
		}
		if fs != nil && k.flag != "" {
			if f := fs.Lookup(k.flag); f != nil && f.Changed {
				if err := v.BindPFlag(k.name, f); err != nil {
					return nil, fmt.Errorf("bind flag --%s: %w", k.flag, err)
				}
				sources[k.name] = FromFlag
			}
		}
	}

	var c Config
	var err error
	c.DataDir = v.GetString("data_dir")
	if c.Ingest.MaxBytes, err = getInt64(v, "ingest.max_bytes"); err != nil {
		return nil, err
	}
	c.Ingest.Workers = v.GetInt("ingest.workers")
	c.Ingest.Tagger = v.GetBool("ingest.tagger")
	c.Query.MaxDepth = v.GetInt("query.max_depth")
	c.Query.MaxResults = v.GetInt("query.max_results")
	if c.Export.MaxBytes, err = getInt64(v, "export.max_bytes"); err != nil {
		return nil, err
	}
	c.Server.Addr = v.GetString("server.addr")
	c.Server.Token = v.GetString("server.token")
	c.Server.ReadOnly = v.GetBool("server.read_only")
	c.Server.Timeout = v.GetDuration("server.timeout")
	c.Assess.PriorsFile = v.GetString("assess.priors_file")
	c.Assess.PriorsVersion = v.GetString("assess.priors_version")
	c.Assess.Priors = v.GetStringMapString("assess.priors")
	c.Log.Level = v.GetString("log.level")
	if err := c.Validate(); err != nil {
		return nil, err
	}

	l := &Loaded{Config: c, File: file}
	for _, k := range keys {
		val := v.Get(k.name)
		if k.name == "server.token" && fmt.Sprint(val) != "" {
			val = "(set)"
		}
		l.Settings = append(l.Settings, Setting{Key: k.name, Value: val, Source: sources[k.name], Env: envName(k.name)})
	}
	sort.Slice(l.Settings, func(i, j int) bool { return l.Settings[i].Key < l.Settings[j].Key })
	return l, nil
}

// findFile looks for sourcetrace.yaml (or .yml) in the working directory,
// then in the user configuration directory. Only these exact names count:
// a binary called "sourcetrace" in the working directory must not be taken
// for a configuration file.
func findFile() string {
	dirs := []string{"."}
	if d, err := os.UserConfigDir(); err == nil {
		dirs = append(dirs, filepath.Join(d, "sourcetrace"))
	}
	for _, d := range dirs {
		for _, name := range []string{"sourcetrace.yaml", "sourcetrace.yml"} {
			p := filepath.Join(d, name)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
	}
	return ""
}

func getInt64(v *viper.Viper, k string) (int64, error) {
	s := fmt.Sprint(v.Get(k))
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		return 0, fmt.Errorf("config %s: %q is not a whole number", k, s)
	}
	return n, nil
}

func envName(k string) string {
	return "SOURCETRACE_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
}

// Validate checks values that would otherwise fail obscurely later.
func (c *Config) Validate() error {
	switch {
	case strings.TrimSpace(c.DataDir) == "":
		return errors.New("config data_dir: must not be empty")
	case c.Ingest.MaxBytes <= 0:
		return fmt.Errorf("config ingest.max_bytes: %d must be positive", c.Ingest.MaxBytes)
	case c.Ingest.Workers < 0:
		return fmt.Errorf("config ingest.workers: %d must not be negative", c.Ingest.Workers)
	case c.Query.MaxDepth <= 0:
		return fmt.Errorf("config query.max_depth: %d must be positive", c.Query.MaxDepth)
	case c.Query.MaxResults <= 0:
		return fmt.Errorf("config query.max_results: %d must be positive", c.Query.MaxResults)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config log.level: %q is not one of debug, info, warn, error", c.Log.Level)
	}
	return nil
}

// WriteText prints the effective settings and where each came from.
func (l *Loaded) WriteText(w io.Writer) error {
	file := l.File
	if file == "" {
		file = "(none found)"
	}
	if _, err := fmt.Fprintf(w, "config file: %s\n", file); err != nil {
		return err
	}
	for _, s := range l.Settings {
		if _, err := fmt.Fprintf(w, "%-18s = %-40v  (%s; env %s)\n", s.Key, s.Value, s.Source, s.Env); err != nil {
			return err
		}
	}
	return nil
}
