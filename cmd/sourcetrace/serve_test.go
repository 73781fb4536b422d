package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serving is a running `sourcetrace serve`.
type serving struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan error
}

var urlLine = regexp.MustCompile(`on (http://\S+/)`)

// startServe runs the binary's serve command on a free port and waits for
// the URL it prints.
func startServe(t *testing.T, dataDir string, env []string, args ...string) *serving {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(append(os.Environ(), "SOURCETRACE_DATA_DIR="+dataDir, "XDG_CONFIG_HOME="+t.TempDir()), env...)
	cmd.Dir = t.TempDir()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &serving{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line, ok := <-lines:
		m := urlLine.FindStringSubmatch(line)
		if !ok || m == nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("serve printed %q, want its URL; stderr:\n%s", line, s.stderr)
		}
		s.url = m[1]
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("serve printed no URL within 30s")
	}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// stop interrupts the server and checks that it exits cleanly.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve exit after SIGINT: %v\nstderr:\n%s", err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Fatal("serve did not stop within 30s of SIGINT")
	}
}

func postArticle(t *testing.T, url, token, name, text string) int {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(text))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url+"api/ingest", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestServe(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, data, "ingest", example(t)); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	s := startServe(t, data, []string{"SOURCETRACE_SERVER_TOKEN=tok"})

	res, err := http.Get(s.url + "api/search?q=Kadyrov")
	if err != nil {
		t.Fatal(err)
	}
	var found struct {
		Claims []struct {
			Speaker string `json:"speaker"`
		} `json:"claims"`
	}
	err = json.NewDecoder(res.Body).Decode(&found)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || len(found.Claims) == 0 {
		t.Fatalf("search: status %d, %d claims, %v", res.StatusCode, len(found.Claims), err)
	}

	const article = "Mayor promises new bridge\n\nThe mayor of Eastbrook, Jane Holloway, said on Monday that \"the bridge will open next spring,\" according to a statement released by her office.\n"
	if code := postArticle(t, s.url, "", "bridge.txt", article); code != http.StatusUnauthorized {
		t.Errorf("upload without token: %d, want 401", code)
	}
	if code := postArticle(t, s.url, "tok", "bridge.txt", article); code != http.StatusOK {
		t.Errorf("upload with token: %d, want 200; stderr:\n%s", code, s.stderr)
	}
	res, err = http.Get(s.url + "api/search?q=bridge")
	if err != nil {
		t.Fatal(err)
	}
	found.Claims = nil
	json.NewDecoder(res.Body).Decode(&found)
	res.Body.Close()
	if len(found.Claims) == 0 {
		t.Error("uploaded article not searchable")
	}

	// The server keeps the full-text index: outlet filters work, and the
	// uploaded article is in it.
	if n := searchCount(t, s.url+"api/search?q=spies&outlet=GlobalPost"); n == 0 {
		t.Errorf("indexed search with an outlet filter found nothing; stderr:\n%s", s.stderr)
	}
	if n := searchCount(t, s.url+"api/search?q=bridges"); n == 0 { // stemmed: only the index finds it
		t.Error("uploaded article not in the search index")
	}

	page, err := http.Get(s.url)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !bytes.Contains(html, []byte("cytoscape")) {
		t.Error("/ does not serve the page")
	}
	s.stop(t)
	// One log line per request, with method, path and status.
	if logs := s.stderr.String(); !strings.Contains(logs, "method=GET path=/api/search status=200") ||
		!strings.Contains(logs, "path=/api/ingest status=401") {
		t.Errorf("request log lines missing:\n%s", logs)
	}

	// Read-only: the store opens read-only and uploads are refused.
	ro := startServe(t, data, []string{"SOURCETRACE_SERVER_TOKEN=tok"}, "--read-only")
	if code := postArticle(t, ro.url, "tok", "bridge.txt", article); code != http.StatusForbidden {
		t.Errorf("read-only upload: %d, want 403", code)
	}
	if n := searchCount(t, ro.url+"api/search?q=spies&outlet=GlobalPost"); n == 0 {
		t.Errorf("read-only server does not use the current index; stderr:\n%s", ro.stderr)
	}
	ro.stop(t)
}

// searchCount returns how many claims a search URL answers, failing on a
// status other than 200.
func searchCount(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var found struct {
		Claims []json.RawMessage `json:"claims"`
	}
	if err := json.NewDecoder(res.Body).Decode(&found); err != nil || res.StatusCode != 200 {
		t.Fatalf("%s: status %d, %v", url, res.StatusCode, err)
	}
	return len(found.Claims)
}

func TestServeUsage(t *testing.T) {
	_, stderr, code := run(t, t.TempDir(), "serve", "extra")
	if code != 2 {
		t.Errorf("serve with an argument: exit %d, want 2; stderr %s", code, stderr)
	}
	_, stderr, code = run(t, t.TempDir(), "serve", "--addr", "256.1.1.1:99999")
	if code == 0 || !strings.Contains(stderr, "listen on") {
		t.Errorf("serve on a bad address: exit %d; stderr %s", code, stderr)
	}
}
