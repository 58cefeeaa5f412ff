// Command tlstoken looks up a topic on a NameServer that requires TLS and a bearer token
// (docs/security.md): it trusts the CA in NAMESRV_CA and sends the token in NAMESRV_TOKEN.
//
//	NAMESRV_ADDR=ns1.example.com:9876 NAMESRV_CA=ca.crt NAMESRV_TOKEN=... go run ./tlstoken TopicA
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/namesrv/namesrv/clients/go/bearer"
	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
)

func main() {
	addr := os.Getenv("NAMESRV_ADDR")
	topic := "TopicA"
	if len(os.Args) > 1 {
		topic = os.Args[1]
	}
	// "" = verify the certificate against the host of NAMESRV_ADDR.
	tls, err := credentials.NewClientTLSFromFile(os.Getenv("NAMESRV_CA"), "")
	if err != nil {
		log.Fatal(err)
	}
	conn, err := grpc.NewClient(addr,
		grpc.WithTransportCredentials(tls),
		grpc.WithPerRPCCredentials(bearer.Token(os.Getenv("NAMESRV_TOKEN"))))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	resp, err := namesrvv1.NewRouteServiceClient(conn).GetRouteInfoByTopic(ctx,
		&namesrvv1.GetRouteInfoByTopicRequest{Topic: topic})
	if err != nil {
		// UNAUTHENTICATED: no or unknown token; PERMISSION_DENIED: the token lacks the client role.
		st := status.Convert(err)
		log.Fatalf("lookup %s: %s: %s", topic, st.Code(), st.Message())
	}
	fmt.Printf("%s: %d broker group(s) at revision %d\n", topic, len(resp.GetRoute().GetBrokerDatas()), resp.GetRevision())
}
