// Command namesrv-bench-bare is the bare Go gRPC baseline of the lookup benchmark: a grpc-go server
// that answers /namesrv.v1.RouteService/GetRouteInfoByTopic with fixed, pre-encoded bytes and has no
// logic. It shows what the transport itself can do on this machine.
//
//	namesrv-bench-bare -listen 127.0.0.1:0 -lookup FILE
//
// Prints {"msg":"bare-go ready","address":"host:port"} when bound; stops on SIGTERM.
// Build it with scripts/bench/go/build.sh (a package of the root Go module).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// rawCodec passes message bytes through unchanged, so the server never decodes or encodes.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) { return *(v.(*[]byte)), nil }

func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}

func (rawCodec) String() string { return "proto" }

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host:port to listen on")
	lookupFile := flag.String("lookup", "", "file with the GetRouteInfoByTopicResponse bytes to answer")
	flag.Parse()
	lookup, err := os.ReadFile(*lookupFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare-go:", err)
		os.Exit(1)
	}
	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare-go:", err)
		os.Exit(1)
	}
	const maxBytes = 64 * 1024 * 1024
	server := grpc.NewServer(
		grpc.CustomCodec(rawCodec{}), //nolint:staticcheck // grpc-go 1.33 (Debian) has no ForceServerCodec
		grpc.MaxRecvMsgSize(maxBytes),
		grpc.MaxSendMsgSize(maxBytes),
		grpc.UnknownServiceHandler(func(_ interface{}, stream grpc.ServerStream) error {
			method, _ := grpc.MethodFromServerStream(stream)
			if method != "/namesrv.v1.RouteService/GetRouteInfoByTopic" {
				return status.Errorf(codes.Unimplemented, "bare-go serves only GetRouteInfoByTopic, not %s", method)
			}
			var req []byte
			if err := stream.RecvMsg(&req); err != nil {
				return err
			}
			return stream.SendMsg(&lookup)
		}),
	)
	line, _ := json.Marshal(map[string]interface{}{"msg": "bare-go ready", "address": lis.Addr().String(), "pid": os.Getpid()})
	fmt.Println(string(line))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		server.Stop()
	}()
	_ = server.Serve(lis)
}
