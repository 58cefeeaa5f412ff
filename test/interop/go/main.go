// Command namesrv-interop is a namesrv broker, route client and route watcher in Go, on the
// generated stubs in gen/go (import path github.com/namesrv/namesrv/gen/go/namesrv/v1).
//
// It is a package of the Go module github.com/namesrv/namesrv (go.mod at the repository root):
//
//	go build -o .tools/bin/namesrv-interop ./test/interop/go
//
// Subcommands and output are the same as test/interop/python/namesrv_interop.py: every observation
// is one JSON line on stdout ({"event": ...}) with messages in the canonical protobuf JSON mapping,
// so test/interop/interop.test.ts checks both programs with one set of assertions.
//
//	namesrv-interop broker  -target 127.0.0.1:9876 -name broker-a -addr 127.0.0.1:10911 -topic TopicA:4:4:6
//	namesrv-interop route   -target 127.0.0.1:9876 -topic TopicA
//	namesrv-interop watch   -target 127.0.0.1:9876 -topic TopicA
//	namesrv-interop invalid -target 127.0.0.1:9876
//
// `broker` registers, then keeps a Heartbeat stream open (one heartbeat at once, then one every
// heartbeat_interval_ms). It reads commands on stdin: "unregister" unregisters the broker,
// half-closes the stream and exits 0. EOF on stdin exits too; SIGKILL is a crash.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

const rpcTimeout = 10 * time.Second

var outMu sync.Mutex

// emit prints one observation as a JSON line.
func emit(event string, fields map[string]interface{}) {
	line := map[string]interface{}{"event": event}
	for k, v := range fields {
		line[k] = v
	}
	b, err := json.Marshal(line)
	if err != nil {
		fail(err)
	}
	outMu.Lock()
	defer outMu.Unlock()
	os.Stdout.Write(append(b, '\n'))
}

// toJSON renders a message in the canonical protobuf JSON mapping (like Python's MessageToDict).
func toJSON(m proto.Message) json.RawMessage {
	b, err := protojson.Marshal(m)
	if err != nil {
		fail(err)
	}
	return json.RawMessage(b)
}

// codeNames are the canonical status code names (Go's codes.Code.String() spells them in camel case).
var codeNames = map[codes.Code]string{
	codes.OK: "OK", codes.Canceled: "CANCELLED", codes.Unknown: "UNKNOWN",
	codes.InvalidArgument: "INVALID_ARGUMENT", codes.DeadlineExceeded: "DEADLINE_EXCEEDED",
	codes.NotFound: "NOT_FOUND", codes.AlreadyExists: "ALREADY_EXISTS",
	codes.PermissionDenied: "PERMISSION_DENIED", codes.ResourceExhausted: "RESOURCE_EXHAUSTED",
	codes.FailedPrecondition: "FAILED_PRECONDITION", codes.Aborted: "ABORTED",
	codes.OutOfRange: "OUT_OF_RANGE", codes.Unimplemented: "UNIMPLEMENTED", codes.Internal: "INTERNAL",
	codes.Unavailable: "UNAVAILABLE", codes.DataLoss: "DATA_LOSS", codes.Unauthenticated: "UNAUTHENTICATED",
}

// rpcError is the status of a failed call, as {"code": "INVALID_ARGUMENT", "details": "..."}.
func rpcError(err error) map[string]interface{} {
	st := status.Convert(err)
	return map[string]interface{}{"code": codeNames[st.Code()], "details": st.Message()}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "namesrv-interop:", err)
	os.Exit(1)
}

type topicFlags []string

func (t *topicFlags) String() string     { return strings.Join(*t, ",") }
func (t *topicFlags) Set(v string) error { *t = append(*t, v); return nil }

// parseTopic reads "name:read:write:perm" (the numbers default to 4, 4 and 6 = READ|WRITE).
func parseTopic(spec string) *namesrvv1.TopicConfig {
	parts := strings.Split(spec, ":")
	nums := []uint32{4, 4, 6}
	for i, p := range parts[1:] {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil || i >= len(nums) {
			fail(fmt.Errorf("bad -topic %q", spec))
		}
		nums[i] = uint32(n)
	}
	return &namesrvv1.TopicConfig{TopicName: parts[0], ReadQueueNums: nums[0], WriteQueueNums: nums[1], Perm: nums[2]}
}

func timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), rpcTimeout)
}

func runBroker(conn *grpc.ClientConn, cluster, name string, id int64, addr string, topics topicFlags) {
	stub := namesrvv1.NewBrokerServiceClient(conn)
	version := &namesrvv1.DataVersion{StateVersion: 1, Timestamp: 1000, Counter: 1}
	req := &namesrvv1.RegisterBrokerRequest{
		ClusterName: cluster, BrokerName: name, BrokerId: id, BrokerAddr: addr, DataVersion: version,
	}
	for _, t := range topics {
		req.TopicConfigs = append(req.TopicConfigs, parseTopic(t))
	}
	ctx, cancel := timeout()
	reg, err := stub.RegisterBroker(ctx, req)
	cancel()
	if err != nil {
		fail(err)
	}
	emit("registered", map[string]interface{}{"response": toJSON(reg)})

	streamCtx, cancelStream := context.WithCancel(context.Background())
	defer cancelStream()
	stream, err := stub.Heartbeat(streamCtx)
	if err != nil {
		fail(err)
	}
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for {
			res, err := stream.Recv()
			if err == io.EOF {
				emit("stream_end", map[string]interface{}{"code": "OK"})
				return
			}
			if err != nil {
				emit("stream_end", rpcError(err))
				return
			}
			emit("heartbeat", map[string]interface{}{"response": toJSON(res)})
		}
	}()

	// grpc-go allows one goroutine to send on a stream at a time: the ticker owns Send, and
	// CloseSend happens after it has stopped.
	stop := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		interval := time.Duration(reg.HeartbeatIntervalMs) * time.Millisecond
		if interval < 100*time.Millisecond {
			interval = 100 * time.Millisecond
		}
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			hb := &namesrvv1.HeartbeatRequest{
				ClusterName: cluster, BrokerName: name, BrokerId: id, BrokerAddr: addr, DataVersion: version,
			}
			if err := stream.Send(hb); err != nil {
				return // the receiver reports the status
			}
			select {
			case <-stop:
				return
			case <-ticker.C:
			}
		}
	}()

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if strings.TrimSpace(in.Text()) == "unregister" {
			ctx, cancel := timeout()
			res, err := stub.UnregisterBroker(ctx, &namesrvv1.UnregisterBrokerRequest{
				ClusterName: cluster, BrokerName: name, BrokerId: id, BrokerAddr: addr,
			})
			cancel()
			if err != nil {
				fail(err)
			}
			emit("unregistered", map[string]interface{}{"response": toJSON(res)})
			break
		}
	}
	// Orderly end (or stdin closed): stop beating and half-close the stream.
	close(stop)
	<-stopped
	_ = stream.CloseSend()
	select {
	case <-ended:
	case <-time.After(rpcTimeout):
	}
}

func runRoute(conn *grpc.ClientConn, topic string) {
	ctx, cancel := timeout()
	defer cancel()
	res, err := namesrvv1.NewRouteServiceClient(conn).GetRouteInfoByTopic(ctx,
		&namesrvv1.GetRouteInfoByTopicRequest{Topic: topic})
	if err != nil {
		emit("error", rpcError(err))
		return
	}
	emit("route", map[string]interface{}{"response": toJSON(res)})
}

func runWatch(conn *grpc.ClientConn, topics topicFlags) {
	go func() { // end when stdin closes, so a crashed test never leaves this running
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	stream, err := namesrvv1.NewRouteServiceClient(conn).WatchRoutes(context.Background(),
		&namesrvv1.WatchRoutesRequest{Topics: topics})
	if err != nil {
		emit("end", rpcError(err))
		return
	}
	for {
		frame, err := stream.Recv()
		if err == io.EOF {
			emit("end", map[string]interface{}{"code": "OK"})
			return
		}
		if err != nil {
			emit("end", rpcError(err))
			return
		}
		emit("frame", map[string]interface{}{"frame": toJSON(frame)})
	}
}

// runInvalid sends requests that break documented rules and prints the status of each.
func runInvalid(conn *grpc.ClientConn) {
	brokers := namesrvv1.NewBrokerServiceClient(conn)
	routes := namesrvv1.NewRouteServiceClient(conn)
	result := func(name string, err error) {
		fields := map[string]interface{}{"case": name, "code": "OK", "details": ""}
		if err != nil {
			for k, v := range rpcError(err) {
				fields[k] = v
			}
		}
		emit("result", fields)
	}

	ctx, cancel := timeout()
	defer cancel()
	_, err := brokers.RegisterBroker(ctx, &namesrvv1.RegisterBrokerRequest{
		ClusterName: "DefaultCluster", BrokerName: "broker-bad", BrokerId: 0, BrokerAddr: "127.0.0.1:10999",
		TopicConfigs: []*namesrvv1.TopicConfig{{TopicName: "TopicBad", ReadQueueNums: 4, Perm: 9}},
	})
	result("register_perm", err)

	_, err = routes.GetRouteInfoByTopic(ctx, &namesrvv1.GetRouteInfoByTopicRequest{Topic: "no spaces allowed"})
	result("route_topic", err)

	result("heartbeat_addr", func() error {
		stream, err := brokers.Heartbeat(ctx)
		if err != nil {
			return err
		}
		if err := stream.Send(&namesrvv1.HeartbeatRequest{
			ClusterName: "DefaultCluster", BrokerName: "broker-bad", BrokerAddr: "no-port",
		}); err != nil && err != io.EOF {
			return err
		}
		_ = stream.CloseSend()
		for {
			if _, err := stream.Recv(); err != nil {
				if err == io.EOF {
					return nil
				}
				return err
			}
		}
	}())
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: namesrv-interop broker|route|watch|invalid -target host:port [flags]")
		os.Exit(2)
	}
	cmd := os.Args[1]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	target := fs.String("target", "", "host:port of a NameServer (required)")
	cluster := fs.String("cluster", "DefaultCluster", "broker: cluster name")
	name := fs.String("name", "", "broker: broker group name")
	id := fs.Int64("id", 0, "broker: broker id (0 = master)")
	addr := fs.String("addr", "", "broker: the broker's own host:port")
	var topics topicFlags
	fs.Var(&topics, "topic", "broker: name[:read:write:perm]; route, watch: topic name (repeatable for watch)")
	_ = fs.Parse(os.Args[2:])
	if *target == "" {
		fail(fmt.Errorf("-target is required"))
	}

	conn, err := grpc.NewClient(*target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(err)
	}
	defer conn.Close()

	switch cmd {
	case "broker":
		runBroker(conn, *cluster, *name, *id, *addr, topics)
	case "route":
		if len(topics) != 1 {
			fail(fmt.Errorf("route needs one -topic"))
		}
		runRoute(conn, topics[0])
	case "watch":
		runWatch(conn, topics)
	case "invalid":
		runInvalid(conn)
	default:
		fail(fmt.Errorf("unknown command %q", cmd))
	}
}
