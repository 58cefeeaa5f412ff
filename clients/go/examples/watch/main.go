// Command watch keeps a local copy of some topics' routes and prints every change, until
// interrupted (or for NAMESRV_WATCH_SECONDS seconds).
//
//	NAMESRV_ADDRS=127.0.0.1:9876,127.0.0.1:9877 go run ./watch TopicA TopicB
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/namesrv/namesrv/clients/go/routewatch"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func main() {
	addrs := os.Getenv("NAMESRV_ADDRS")
	if addrs == "" {
		addrs = "127.0.0.1:9876"
	}
	opts := routewatch.Options{
		// Every NameServer: when one keeps failing, the watcher moves to a random other one.
		Addresses:   strings.Split(addrs, ","),
		DialOptions: []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())},
	}
	if len(os.Args) > 1 {
		opts.Topics = os.Args[1:]
	} else {
		opts.AllTopics = true
	}
	w, err := routewatch.New(opts)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if s, _ := strconv.Atoi(os.Getenv("NAMESRV_WATCH_SECONDS")); s > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(s)*time.Second)
		defer cancel()
	}
	err = w.Run(ctx, func(ev routewatch.Event) {
		switch ev.Kind {
		case routewatch.EventChange:
			// The view is consistent here: every topic as of ev.Revision.
			fmt.Printf("revision %d: updated %v, removed %v\n", ev.Revision, ev.Updated, ev.Removed)
			for _, topic := range ev.Updated {
				r, _ := w.Get(topic)
				fmt.Printf("  %s: %d broker group(s)\n", topic, len(r.Route.GetBrokerDatas()))
			}
		case routewatch.EventReset:
			fmt.Printf("reset (%s): a fresh snapshot follows\n", ev.Reason)
		case routewatch.EventDisconnected:
			fmt.Printf("disconnected (%v): reconnecting to %s in %v\n", ev.Err, ev.Address, ev.Delay)
		}
	})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		log.Fatal(err) // a refusal no retry cures: bad topic name, missing token or role
	}
}
