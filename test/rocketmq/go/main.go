// Command rocketmq-go-client drives Apache RocketMQ's Go client (rocketmq-client-go, unchanged)
// against a NameServer, for test/rocketmq/rocketmq.test.ts:
//
//	rocketmq-go-client NAMESRV TOPIC GROUP N
//
// starts a push consumer, sends N messages (keys g0..gN-1) with a producer, and waits until the
// consumer has received every key. Prints "SENT n" and "DONE received/n"; exits 1 on timeout.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
	"github.com/apache/rocketmq-client-go/v2/rlog"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: rocketmq-go-client NAMESRV TOPIC GROUP N")
		os.Exit(2)
	}
	namesrv, topic, group := os.Args[1], os.Args[2], os.Args[3]
	n, err := strconv.Atoi(os.Args[4])
	if err != nil {
		fmt.Fprintln(os.Stderr, "N:", err)
		os.Exit(2)
	}
	rlog.SetLogLevel("warn")
	addr := primitive.NamesrvAddr{namesrv}

	var mu sync.Mutex
	keys := map[string]bool{}
	c, err := rocketmq.NewPushConsumer(
		consumer.WithGroupName(group),
		consumer.WithNameServer(addr),
		consumer.WithConsumeFromWhere(consumer.ConsumeFromFirstOffset),
	)
	must(err)
	must(c.Subscribe(topic, consumer.MessageSelector{}, func(_ context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
		mu.Lock()
		for _, m := range msgs {
			keys[m.GetKeys()] = true
		}
		mu.Unlock()
		return consumer.ConsumeSuccess, nil
	}))
	must(c.Start())
	defer func() { _ = c.Shutdown() }()

	p, err := rocketmq.NewProducer(producer.WithNameServer(addr), producer.WithRetry(2),
		producer.WithSendMsgTimeout(10*time.Second), producer.WithGroupName(group+"_producer"))
	must(err)
	must(p.Start())
	sent := 0
	for i := 0; i < n; i++ {
		msg := primitive.NewMessage(topic, []byte(fmt.Sprintf("go message %d", i)))
		msg.WithKeys([]string{fmt.Sprintf("g%d", i)})
		res, err := p.SendSync(context.Background(), msg)
		if err == nil && res.Status == primitive.SendOK {
			sent++
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "send:", err)
		}
	}
	_ = p.Shutdown()
	fmt.Printf("SENT %d\n", sent)

	deadline := time.Now().Add(120 * time.Second)
	for {
		mu.Lock()
		got := len(keys)
		mu.Unlock()
		if got >= n || time.Now().After(deadline) {
			fmt.Printf("DONE %d/%d\n", got, n)
			if got >= n && sent == n {
				os.Exit(0)
			}
			os.Exit(1)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
