// Package examples holds the programs shown in docs/clients/go.md; this test checks that the
// document shows them verbatim, builds them and runs them against real servers.
package examples

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/namesrv/namesrv/clients/go/internal/testserver"
	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

var examples = []string{"lookup", "watch", "tlstoken"}

func TestDocShowsTheExamplesVerbatim(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(testserver.RepoRoot(), "docs", "clients", "go.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) != len(examples) {
		t.Fatalf("docs/clients/go.md has %d go blocks, want %d (one per example)", len(blocks), len(examples))
	}
	for i, name := range examples {
		src, err := os.ReadFile(filepath.Join(name, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		if blocks[i][1] != string(src) {
			t.Errorf("go block %d of docs/clients/go.md is not %s/main.go", i+1, name)
		}
	}
}

// build compiles the examples once into a temporary directory.
func build(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range examples {
		out, err := exec.Command("go", "build", "-o", filepath.Join(dir, name), "./"+name).CombinedOutput()
		if err != nil {
			t.Fatalf("go build ./%s: %v\n%s", name, err, out)
		}
	}
	return dir
}

func run(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(bin), args, err, out)
	}
	return string(out)
}

func register(t *testing.T, addr string, opts ...grpc.DialOption) {
	t.Helper()
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = namesrvv1.NewBrokerServiceClient(conn).RegisterBroker(ctx, &namesrvv1.RegisterBrokerRequest{
		ClusterName: "DefaultCluster", BrokerName: "broker-a", BrokerAddr: "127.0.0.1:10911",
		DataVersion:  &namesrvv1.DataVersion{StateVersion: 1, Counter: 1},
		TopicConfigs: []*namesrvv1.TopicConfig{{TopicName: "TopicA", ReadQueueNums: 4, WriteQueueNums: 4, Perm: 6}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExamplesAgainstALiveServer(t *testing.T) {
	bin := build(t)
	srv := testserver.Start(t, "--heartbeat-timeout-ms", "600000")
	register(t, srv.Address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	env := []string{"NAMESRV_ADDR=" + srv.Address, "NAMESRV_ADDRS=" + srv.Address}

	if out := run(t, filepath.Join(bin, "lookup"), env, "TopicA"); !strings.Contains(out, "DefaultCluster/broker-a: map[0:127.0.0.1:10911]") {
		t.Errorf("lookup TopicA printed:\n%s", out)
	}
	if out := run(t, filepath.Join(bin, "lookup"), env, "TopicNobodyServes"); !strings.Contains(out, "no broker serves it") {
		t.Errorf("lookup of a missing topic printed:\n%s", out)
	}
	out := run(t, filepath.Join(bin, "watch"), append(env, "NAMESRV_WATCH_SECONDS=3"), "TopicA")
	if !strings.Contains(out, "updated [TopicA], removed []") || !strings.Contains(out, "TopicA: 1 broker group(s)") {
		t.Errorf("watch printed:\n%s", out)
	}
}

func TestTLSTokenExample(t *testing.T) {
	bin := build(t)
	fixtures := filepath.Join(testserver.RepoRoot(), "test", "fixtures", "tls")
	const token = "example-token"
	sum := sha256.Sum256([]byte(token))
	authFile := filepath.Join(t.TempDir(), "auth.json")
	auth := fmt.Sprintf(`{"principals":[{"name":"apps","roles":["client","broker"],"tokenSha256":%q}]}`, hex.EncodeToString(sum[:]))
	if err := os.WriteFile(authFile, []byte(auth), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := testserver.Start(t, "--heartbeat-timeout-ms", "600000", "--tls-mode", "enforcing",
		"--tls-cert-file", filepath.Join(fixtures, "server.crt"), "--tls-key-file", filepath.Join(fixtures, "server.key"),
		"--auth-file", authFile)
	tls, err := credentials.NewClientTLSFromFile(filepath.Join(fixtures, "ca.crt"), "")
	if err != nil {
		t.Fatal(err)
	}
	register(t, srv.Address, grpc.WithTransportCredentials(tls), grpc.WithUnaryInterceptor(
		func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			return invoker(metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token), method, req, reply, cc, opts...)
		}))
	env := []string{"NAMESRV_ADDR=" + srv.Address, "NAMESRV_CA=" + filepath.Join(fixtures, "ca.crt"), "NAMESRV_TOKEN=" + token}
	if out := run(t, filepath.Join(bin, "tlstoken"), env, "TopicA"); !strings.Contains(out, "TopicA: 1 broker group(s)") {
		t.Errorf("tlstoken printed:\n%s", out)
	}
}

// TestImportableWithRequireAndReplace builds a program in a module of its own that uses this
// module the way docs/clients/go.md says to until it is published: require + replace.
func TestImportableWithRequireAndReplace(t *testing.T) {
	dir := t.TempDir()
	gomod := "module example.com/scratch\n\ngo 1.22\n\nrequire github.com/namesrv/namesrv v0.0.0\n\n" +
		"replace github.com/namesrv/namesrv => " + testserver.RepoRoot() + "\n"
	src, err := os.ReadFile(filepath.Join("watch", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"go.mod": gomod, "main.go": string(src)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", filepath.Join(dir, "watch"), "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v in a scratch module: %v\n%s", args, err, out)
		}
	}
}
