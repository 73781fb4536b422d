package dgraphtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// EnvBinary names the environment variable that overrides the binary path.
const EnvBinary = "SOURCETRACE_DGRAPH_BIN"

// Binary returns the Dgraph binary's path: $SOURCETRACE_DGRAPH_BIN, else
// the cache path scripts/build-dgraph.sh writes. The second result says
// whether an executable file is there.
func Binary() (string, bool) {
	p := os.Getenv(EnvBinary)
	if p == "" {
		dir := os.Getenv("XDG_CACHE_HOME")
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", false
			}
			dir = filepath.Join(home, ".cache")
		}
		p = filepath.Join(dir, "sourcetrace", "dgraph", "dgraph")
	}
	fi, err := os.Stat(p)
	return p, err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// Cluster is a running zero and alpha.
type Cluster struct {
	// Alpha is the alpha's gRPC address (host:port), what dgo dials.
	Alpha string
	// HTTP is the alpha's HTTP address, for /health and DQL over HTTP.
	HTTP string
	// Zero is the zero's gRPC address, which `dgraph live` needs.
	Zero string

	dir         string
	zero, alpha *exec.Cmd
	zeroDone    chan struct{}
	alphaDone   chan struct{}
	logs        []*os.File
}

// Dgraph's fixed base ports, shifted by --port_offset.
const (
	zeroGRPC      = 5080
	zeroHTTP      = 6080
	alphaInternal = 7080
	alphaHTTP     = 8080
	alphaGRPC     = 9080
)

// Start runs a cluster from binary with its data under dir, on port
// offsets whose ports are all free, and waits until the alpha is healthy.
func Start(ctx context.Context, binary, dir string) (*Cluster, error) {
	var lastErr error
	for range 5 {
		zo, ao := freeOffset([]int{zeroGRPC, zeroHTTP}), freeOffset([]int{alphaInternal, alphaHTTP, alphaGRPC})
		if zo < 0 || ao < 0 {
			return nil, errors.New("start dgraph: no free loopback ports")
		}
		c, err := start(ctx, binary, dir, zo, ao)
		if err == nil {
			return c, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// freeOffset finds an offset at which every base port is free. Another
// process may take one before Dgraph binds it; Start then tries again.
func freeOffset(bases []int) int {
	for range 50 {
		off := 10000 + rand.IntN(40000)
		ok := true
		var ls []net.Listener
		for _, b := range bases {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(b+off))
			if err != nil {
				ok = false
				break
			}
			ls = append(ls, l)
		}
		for _, l := range ls {
			l.Close()
		}
		if ok {
			return off
		}
	}
	return -1
}

func start(ctx context.Context, binary, dir string, zo, ao int) (*Cluster, error) {
	run := filepath.Join(dir, fmt.Sprintf("run-%d", ao))
	c := &Cluster{
		dir:   run,
		Alpha: "127.0.0.1:" + strconv.Itoa(alphaGRPC+ao),
		HTTP:  "127.0.0.1:" + strconv.Itoa(alphaHTTP+ao),
	}
	for _, d := range []string{"zw", "p", "w", "t"} {
		if err := os.MkdirAll(filepath.Join(run, d), 0o755); err != nil {
			return nil, fmt.Errorf("start dgraph: %w", err)
		}
	}
	const telemetry = "reports=false; sentry=false"
	zeroAddr := "127.0.0.1:" + strconv.Itoa(zeroGRPC+zo)
	c.Zero = zeroAddr
	var err error
	c.zero, c.zeroDone, err = c.spawn(binary, "zero", "zero", "--my", zeroAddr, "--port_offset", strconv.Itoa(zo),
		"--wal", filepath.Join(run, "zw"), "--bindall=false", "--telemetry", telemetry)
	if err != nil {
		return nil, err
	}
	c.alpha, c.alphaDone, err = c.spawn(binary, "alpha", "alpha", "--my", "127.0.0.1:"+strconv.Itoa(alphaInternal+ao),
		"--zero", zeroAddr, "--port_offset", strconv.Itoa(ao),
		"--postings", filepath.Join(run, "p"), "--wal", filepath.Join(run, "w"), "--tmp", filepath.Join(run, "t"),
		"--bindall=false", "--security", "whitelist=127.0.0.1", "--telemetry", telemetry)
	if err != nil {
		c.Stop()
		return nil, err
	}
	if err := c.waitHealthy(ctx, 90*time.Second); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) spawn(binary, name string, args ...string) (*exec.Cmd, chan struct{}, error) {
	log, err := os.Create(filepath.Join(c.dir, name+".log"))
	if err != nil {
		return nil, nil, fmt.Errorf("start dgraph %s: %w", name, err)
	}
	c.logs = append(c.logs, log)
	cmd := exec.Command(binary, args...)
	cmd.Dir = c.dir
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start dgraph %s: %w", name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	return cmd, done, nil
}

// waitHealthy polls the alpha's /health until it answers 200.
func (c *Cluster) waitHealthy(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-c.alphaDone:
			return fmt.Errorf("dgraph alpha exited during start-up; see %s", filepath.Join(c.dir, "alpha.log"))
		case <-c.zeroDone:
			return fmt.Errorf("dgraph zero exited during start-up; see %s", filepath.Join(c.dir, "zero.log"))
		default:
		}
		resp, err := client.Get("http://" + c.HTTP + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("dgraph alpha at %s not healthy after %v (last: %v); see %s", c.HTTP, timeout, err, c.dir)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop shuts the alpha down, then the zero: SIGTERM, then SIGKILL after a
// timeout. It is safe to call more than once.
func (c *Cluster) Stop() {
	stop(c.alpha, c.alphaDone, 20*time.Second)
	stop(c.zero, c.zeroDone, 5*time.Second)
	for _, f := range c.logs {
		f.Close()
	}
	c.logs = nil
}

func stop(cmd *exec.Cmd, done chan struct{}, timeout time.Duration) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	select {
	case <-done:
		return
	default:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-done
	}
}

var (
	sharedMu  sync.Mutex
	shared    *Cluster
	sharedErr error
	sharedDir string
)

// Shared returns a cluster shared by the tests of one test binary, started
// on first use; tb is skipped when the binary is absent. Call Main from
// TestMain so it is stopped at the end.
func Shared(tb testing.TB) *Cluster {
	tb.Helper()
	bin, ok := Binary()
	if !ok {
		tb.Skipf("no Dgraph binary at %s: run scripts/build-dgraph.sh or set %s", bin, EnvBinary)
	}
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		sharedDir, sharedErr = os.MkdirTemp("", "sourcetrace-dgraph-")
		if sharedErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			shared, sharedErr = Start(ctx, bin, sharedDir)
			cancel()
		}
	}
	if sharedErr != nil {
		tb.Fatalf("start dgraph: %v", sharedErr)
	}
	return shared
}

// Main runs the tests and then stops the shared cluster, if one started,
// and removes its files. Use it as os.Exit(dgraphtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared != nil {
		shared.Stop()
		shared = nil
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	return code
}
