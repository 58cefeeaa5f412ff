package routewatch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/namesrv/namesrv/clients/go/bearer"
	"github.com/namesrv/namesrv/clients/go/internal/testserver"
	"github.com/namesrv/namesrv/clients/go/routewatch"
	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Interop against a real `node dist/src/main.js` on 127.0.0.1:0: the generated Go stubs for
// lookups and registrations, and the Watcher for WatchRoutes.

// A broker registered by a unary call only (no heartbeat stream) must not expire during a test.
var serverArgs = []string{"--heartbeat-timeout-ms", "600000"}

// eventWait bounds one awaited event: not a timing assertion, it turns a hang into a failure.
const eventWait = 20 * time.Second

var plaintext = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}

func dial(t *testing.T, addr string, opts ...grpc.DialOption) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func register(t *testing.T, conn *grpc.ClientConn, counter int64, topics ...string) *namesrvv1.RegisterBrokerResponse {
	t.Helper()
	req := &namesrvv1.RegisterBrokerRequest{
		ClusterName: "DefaultCluster", BrokerName: "broker-a", BrokerId: 0, BrokerAddr: "127.0.0.1:10911",
		DataVersion: &namesrvv1.DataVersion{StateVersion: 1, Timestamp: 1000, Counter: counter},
	}
	for _, topic := range topics {
		req.TopicConfigs = append(req.TopicConfigs,
			&namesrvv1.TopicConfig{TopicName: topic, ReadQueueNums: 4, WriteQueueNums: 4, Perm: 6})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := namesrvv1.NewBrokerServiceClient(conn).RegisterBroker(ctx, req)
	if err != nil {
		t.Fatalf("RegisterBroker: %v", err)
	}
	return resp
}

// watch runs w until the test ends and returns its events.
func watch(t *testing.T, w *routewatch.Watcher) <-chan routewatch.Event {
	t.Helper()
	events := make(chan routewatch.Event, 1024)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(ev routewatch.Event) { events <- ev }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	})
	return events
}

// next returns the first event of kind, failing on a protocol error or after eventWait.
func next(t *testing.T, events <-chan routewatch.Event, kind routewatch.EventKind) routewatch.Event {
	t.Helper()
	deadline := time.After(eventWait)
	for {
		select {
		case ev := <-events:
			if ev.Kind == routewatch.EventProtocolError {
				t.Fatalf("protocol error: %v", ev.Err)
			}
			if ev.Kind == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %v event in %v", kind, eventWait)
		}
	}
}

func TestLookupAndWatch(t *testing.T) {
	srv := testserver.Start(t, serverArgs...)
	conn := dial(t, srv.Address, plaintext...)
	reg := register(t, conn, 1, "TopicA")
	if !reg.GetChanged() || reg.GetEpoch() != srv.Epoch {
		t.Fatalf("registration: %v (server epoch %d)", reg, srv.Epoch)
	}

	routes := namesrvv1.NewRouteServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := routes.GetRouteInfoByTopic(ctx, &namesrvv1.GetRouteInfoByTopicRequest{Topic: "TopicA"})
	if err != nil {
		t.Fatal(err)
	}
	if addrs := got.GetRoute().GetBrokerDatas()[0].GetBrokerAddrs(); addrs[0] != "127.0.0.1:10911" {
		t.Fatalf("route of TopicA: %v", got.GetRoute())
	}
	_, err = routes.GetRouteInfoByTopic(ctx, &namesrvv1.GetRouteInfoByTopicRequest{Topic: "TopicNobodyServes"})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("missing topic: %v, want NOT_FOUND", err)
	}

	w, err := routewatch.New(routewatch.Options{
		Addresses: []string{srv.Address}, Topics: []string{"TopicA", "TopicB"}, DialOptions: plaintext,
	})
	if err != nil {
		t.Fatal(err)
	}
	events := watch(t, w)
	snap := next(t, events, routewatch.EventChange)
	if fmt.Sprint(snap.Updated) != "[TopicA]" || snap.Epoch != srv.Epoch || snap.Revision != reg.GetRevision() {
		t.Fatalf("snapshot change %+v, want TopicA at (%d, %d)", snap, srv.Epoch, reg.GetRevision())
	}
	if r, ok := w.Get("TopicA"); !ok || r.Route.GetQueueDatas()[0].GetBrokerName() != "broker-a" {
		t.Fatalf("view of TopicA: %v %v", r, ok)
	}

	reg2 := register(t, conn, 2, "TopicA", "TopicB")
	ch := next(t, events, routewatch.EventChange)
	if fmt.Sprint(ch.Updated) != "[TopicB]" || len(ch.Removed) != 0 || ch.Revision != reg2.GetRevision() {
		t.Fatalf("change %+v, want TopicB added at %d", ch, reg2.GetRevision())
	}
	if pos, _ := w.Position(); pos.Revision != reg2.GetRevision() {
		t.Fatalf("position %+v after %d", pos, reg2.GetRevision())
	}

	_, err = namesrvv1.NewBrokerServiceClient(conn).UnregisterBroker(ctx, &namesrvv1.UnregisterBrokerRequest{
		ClusterName: "DefaultCluster", BrokerName: "broker-a", BrokerId: 0, BrokerAddr: "127.0.0.1:10911",
	})
	if err != nil {
		t.Fatal(err)
	}
	gone := next(t, events, routewatch.EventChange)
	if fmt.Sprint(gone.Removed) != "[TopicA TopicB]" || len(w.Topics()) != 0 {
		t.Fatalf("change %+v (view %v), want TopicA and TopicB removed", gone, w.Topics())
	}
}

func TestFailoverToAnotherNameServer(t *testing.T) {
	a := testserver.Start(t, serverArgs...)
	b := testserver.Start(t, serverArgs...)
	register(t, dial(t, a.Address, plaintext...), 1, "TopicA")
	register(t, dial(t, b.Address, plaintext...), 1, "TopicA")
	never := 0
	w, err := routewatch.New(routewatch.Options{
		Addresses: []string{a.Address, b.Address}, AllTopics: true, DialOptions: plaintext,
		SameServerRetries: &never, InitialBackoff: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	events := watch(t, w)
	if ev := next(t, events, routewatch.EventChange); ev.Epoch != a.Epoch {
		t.Fatalf("first snapshot from epoch %d, want a's %d", ev.Epoch, a.Epoch)
	}

	a.Kill()
	if ev := next(t, events, routewatch.EventDisconnected); ev.Address != b.Address {
		t.Fatalf("reconnects to %s, want the other NameServer %s", ev.Address, b.Address)
	}
	// b has another epoch: it must not resume a's position silently.
	next(t, events, routewatch.EventReset)
	ev := next(t, events, routewatch.EventChange)
	if ev.Epoch != b.Epoch || fmt.Sprint(ev.Updated) != "[TopicA]" {
		t.Fatalf("after failover %+v, want TopicA in b's epoch %d", ev, b.Epoch)
	}
	if pos, _ := w.Position(); pos.Epoch != b.Epoch || w.Address() != b.Address {
		t.Fatalf("position %+v at %s", pos, w.Address())
	}
}

func TestRefusedWatchIsReturned(t *testing.T) {
	srv := testserver.Start(t, serverArgs...)
	w, err := routewatch.New(routewatch.Options{
		Addresses: []string{srv.Address}, Topics: []string{"no spaces allowed"}, DialOptions: plaintext,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), eventWait)
	defer cancel()
	err = w.Run(ctx, nil)
	if status.Code(errors.Unwrap(err)) != codes.InvalidArgument {
		t.Fatalf("Run: %v, want INVALID_ARGUMENT", err)
	}
}

func TestTLSAndToken(t *testing.T) {
	fixtures := filepath.Join(testserver.RepoRoot(), "test", "fixtures", "tls")
	const token = "go-client-token"
	sum := sha256.Sum256([]byte(token))
	authFile := filepath.Join(t.TempDir(), "auth.json")
	auth := fmt.Sprintf(`{"principals":[{"name":"apps","roles":["client","broker"],"tokenSha256":%q}]}`,
		hex.EncodeToString(sum[:]))
	if err := os.WriteFile(authFile, []byte(auth), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := testserver.Start(t, append(serverArgs, "--tls-mode", "enforcing",
		"--tls-cert-file", filepath.Join(fixtures, "server.crt"),
		"--tls-key-file", filepath.Join(fixtures, "server.key"),
		"--auth-file", authFile)...)
	tlsCreds, err := credentials.NewClientTLSFromFile(filepath.Join(fixtures, "ca.crt"), "localhost")
	if err != nil {
		t.Fatal(err)
	}
	secure := []grpc.DialOption{grpc.WithTransportCredentials(tlsCreds), grpc.WithPerRPCCredentials(bearer.Token(token))}
	register(t, dial(t, srv.Address, secure...), 1, "TopicA")

	// Without the token: refused, and Run says so instead of retrying.
	noToken, _ := routewatch.New(routewatch.Options{Addresses: []string{srv.Address}, AllTopics: true,
		DialOptions: []grpc.DialOption{grpc.WithTransportCredentials(tlsCreds)}})
	ctx, cancel := context.WithTimeout(context.Background(), eventWait)
	defer cancel()
	if err := noToken.Run(ctx, nil); status.Code(errors.Unwrap(err)) != codes.Unauthenticated {
		t.Fatalf("Run without a token: %v, want UNAUTHENTICATED", err)
	}

	w, err := routewatch.New(routewatch.Options{Addresses: []string{srv.Address}, AllTopics: true, DialOptions: secure})
	if err != nil {
		t.Fatal(err)
	}
	if ev := next(t, watch(t, w), routewatch.EventChange); fmt.Sprint(ev.Updated) != "[TopicA]" {
		t.Fatalf("snapshot over TLS: %+v", ev)
	}
}
