// Package testserver starts a real namesrv process (node dist/src/main.js) for the Go tests, on
// 127.0.0.1 with a port the OS picks. Build it first: `npm run build` (npm run test:go does).
package testserver

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// Server is one running NameServer process.
type Server struct {
	// Address is the bound "127.0.0.1:port".
	Address string
	// Epoch is the server's epoch (random per process start).
	Epoch uint64
	cmd   *exec.Cmd
	done  chan struct{}
}

// RepoRoot is the repository's root folder.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
}

// Start runs `node dist/src/main.js --listen 127.0.0.1:0 ARGS` and waits for its ready line. The
// process is killed when the test ends.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	main := filepath.Join(RepoRoot(), "dist", "src", "main.js")
	if _, err := os.Stat(main); err != nil {
		t.Fatalf("%s not found: run `npm run build` first (npm run test:go does)", main)
	}
	node := os.Getenv("NODE")
	if node == "" {
		node = "node"
	}
	cmd := exec.Command(node, append([]string{main, "--listen", "127.0.0.1:0"}, args...)...)
	// Its own data directory, removed with the test: nothing is written into the repository. A
	// free HTTP port (/metrics, dashboard): the default one is fixed, and tests run in parallel.
	cmd.Env = append(os.Environ(), "NAMESRV_DATA_DIR="+t.TempDir(), "NAMESRV_HTTP_LISTEN=127.0.0.1:0")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", node, err)
	}
	s := &Server{cmd: cmd, done: make(chan struct{})}
	t.Cleanup(s.Kill)
	ready := make(chan error, 1)
	go func() {
		defer close(s.done)
		lines := bufio.NewScanner(stdout)
		lines.Buffer(make([]byte, 1<<20), 1<<20)
		for lines.Scan() {
			var entry struct {
				Msg     string `json:"msg"`
				Address string `json:"address"`
				Epoch   any    `json:"epoch"`
			}
			if json.Unmarshal(lines.Bytes(), &entry) == nil && entry.Msg == "namesrv ready" {
				s.Address = entry.Address
				s.Epoch, _ = strconv.ParseUint(toString(entry.Epoch), 10, 64)
				ready <- nil
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // keep the pipe drained until the process ends
		_ = cmd.Wait()
		ready <- io.ErrUnexpectedEOF
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("namesrv exited before it was ready")
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("namesrv not ready after 30s")
	}
	return s
}

// Kill ends the process (SIGKILL, by its PID) and waits for it. Idempotent.
func (s *Server) Kill() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
	}
	<-s.done
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return ""
}
