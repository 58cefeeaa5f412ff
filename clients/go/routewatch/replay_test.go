package routewatch

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
)

// TestVectorsThroughWatcher replays each conformance vector from a real gRPC server on
// 127.0.0.1:0 to a Watcher: the server checks the resume point of every connect, sends the
// frames, ends streams with the recorded statuses; the test checks the Watcher's events, position
// and view at every step that expects events. This covers what TestVectors cannot: the requests
// Watcher sends and its handling of stream ends and protocol errors.

// replayer serves one vector case. After sending a frame whose step expects events it waits for
// the test to check them (sent, then proceed), so the check sees exactly that step's state.
type replayer struct {
	namesrvv1.UnimplementedRouteServiceServer
	mu      sync.Mutex
	steps   []vectorStep
	pos     int
	sent    chan int      // index of a frame step whose events the test must check now
	proceed chan struct{} // the test checked them
	errs    chan error
	done    chan struct{} // every step was served
}

func (r *replayer) WatchRoutes(req *namesrvv1.WatchRoutesRequest, stream grpc.ServerStreamingServer[namesrvv1.WatchRoutesResponse]) error {
	// One stream at a time: a reconnect (after a protocol error) waits until the test has checked
	// the step the previous stream is waiting on.
	r.mu.Lock()
	wait, err := r.serve(req, stream)
	r.mu.Unlock()
	if wait {
		<-stream.Context().Done() // until the watcher drops this stream (or the test ends)
	}
	return err
}

// serve plays the steps of one stream; wait says to keep the stream open afterwards.
func (r *replayer) serve(req *namesrvv1.WatchRoutesRequest, stream grpc.ServerStreamingServer[namesrvv1.WatchRoutesResponse]) (bool, error) {
	if r.pos >= len(r.steps) {
		return true, nil
	}
	if st := r.steps[r.pos]; st.Op != "connect" {
		r.errs <- fmt.Errorf("step %d: the watcher connected, but the step is %q", r.pos, st.Op)
		return true, nil
	} else if got := (vectorPosition{strconv.FormatUint(req.GetResumeEpoch(), 10), strconv.FormatUint(req.GetResumeRevision(), 10)}); got != *st.Resume {
		r.errs <- fmt.Errorf("step %d: resume point sent %+v, want %+v", r.pos, got, *st.Resume)
	}
	r.pos++
	for r.pos < len(r.steps) {
		i, st := r.pos, r.steps[r.pos]
		switch st.Op {
		case "end":
			r.pos++
			r.finish()
			return false, status.Error(codes.Code(st.Status.Code), st.Status.Message)
		case "connect":
			r.errs <- fmt.Errorf("step %d: connect while the stream is open", i)
			return true, nil
		}
		frame := &namesrvv1.WatchRoutesResponse{}
		if err := protojson.Unmarshal(st.Frame, frame); err != nil {
			r.errs <- err
			return false, err
		}
		if err := stream.Send(frame); err != nil {
			r.errs <- fmt.Errorf("step %d: send: %v", i, err)
			return false, err
		}
		r.pos++
		if len(st.Expect.Events) > 0 {
			r.sent <- i
			<-r.proceed
		}
		r.finish()
		for _, ev := range st.Expect.Events {
			if ev["type"] == "protocolError" {
				return true, nil // the watcher drops this stream
			}
		}
	}
	return true, nil
}

func (r *replayer) finish() {
	if r.pos == len(r.steps) {
		close(r.done)
	}
}

func TestVectorsThroughWatcher(t *testing.T) {
	raw := loadVectorFiles(t)
	for name, data := range raw {
		t.Run(name, func(t *testing.T) {
			var c struct {
				Steps []vectorStep `json:"steps"`
				Watch struct {
					Topics    []string `json:"topics"`
					AllTopics bool     `json:"allTopics"`
				} `json:"watch"`
			}
			if err := json.Unmarshal(data, &c); err != nil {
				t.Fatal(err)
			}
			r := &replayer{steps: c.Steps, sent: make(chan int), proceed: make(chan struct{}),
				errs: make(chan error, 16), done: make(chan struct{})}
			lis, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			srv := grpc.NewServer()
			namesrvv1.RegisterRouteServiceServer(srv, r)
			go func() { _ = srv.Serve(lis) }()
			defer srv.Stop()

			w, err := New(Options{
				Addresses: []string{lis.Addr().String()}, Topics: c.Watch.Topics, AllTopics: c.Watch.AllTopics,
				DialOptions:    []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())},
				InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			events := make(chan Event, 64)
			ctx, cancel := context.WithCancel(context.Background())
			ran := make(chan error, 1)
			go func() { ran <- w.Run(ctx, func(ev Event) { events <- ev }) }()
			defer func() { cancel(); <-ran }()

			timeout := time.After(30 * time.Second)
			for {
				select {
				case err := <-r.errs:
					t.Fatal(err)
				case <-timeout:
					t.Fatal("stuck: no step to check and not done")
				case <-r.done:
					return
				case i := <-r.sent:
					want := c.Steps[i].Expect
					got := []map[string]any{}
					for len(got) < len(want.Events) {
						select {
						case ev := <-events:
							if j := eventJSON(ev); j != nil {
								got = append(got, j)
							}
						case <-timeout:
							t.Fatalf("step %d: events %v, want %v", i, got, want.Events)
						}
					}
					if !reflect.DeepEqual(got, want.Events) {
						t.Fatalf("step %d: events %v, want %v", i, got, want.Events)
					}
					w.mu.RLock()
					checkState(t, w.state, want, fmt.Sprintf("step %d", i))
					w.mu.RUnlock()
					r.proceed <- struct{}{}
				}
			}
		})
	}
}
