// Command lookup asks a NameServer which brokers serve a topic.
//
//	NAMESRV_ADDR=127.0.0.1:9876 go run ./lookup TopicA
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

func main() {
	addr := os.Getenv("NAMESRV_ADDR")
	if addr == "" {
		addr = "127.0.0.1:9876"
	}
	topic := "TopicA"
	if len(os.Args) > 1 {
		topic = os.Args[1]
	}
	// grpc.NewClient connects lazily, on the first call.
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	resp, err := namesrvv1.NewRouteServiceClient(conn).GetRouteInfoByTopic(ctx,
		&namesrvv1.GetRouteInfoByTopicRequest{Topic: topic})
	switch status.Code(err) {
	case codes.OK:
	case codes.NotFound:
		fmt.Printf("%s: no broker serves it\n", topic)
		return
	default:
		log.Fatalf("lookup %s: %v", topic, err)
	}
	fmt.Printf("%s at revision %d (epoch %d):\n", topic, resp.GetRevision(), resp.GetEpoch())
	for _, b := range resp.GetRoute().GetBrokerDatas() {
		fmt.Printf("  %s/%s: %v\n", b.GetCluster(), b.GetBrokerName(), b.GetBrokerAddrs())
	}
}
