// Package routewatch keeps a local copy of namesrv routes fresh with a WatchRoutes stream.
//
// A Watcher applies the protocol documented on RouteService.WatchRoutes: a snapshot, then change
// sets, applied only when complete, so the view is always the server's routes as of one revision.
// After any disconnect it reconnects with full-jitter exponential backoff and resumes from the
// last consistent (epoch, revision); the server then continues with no gap, or sends RESET and a
// fresh snapshot, which replaces the view. When a NameServer keeps failing it fails over to a
// random other one (another epoch there, so RESET and a snapshot, never a silent jump).
//
//	w, err := routewatch.New(routewatch.Options{
//		Addresses:   []string{"127.0.0.1:9876"},
//		Topics:      []string{"TopicA"},
//		DialOptions: []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())},
//	})
//	err = w.Run(ctx, func(ev routewatch.Event) { ... })  // until ctx is done
//
// The same semantics are implemented by the TypeScript, Python and Java clients; the shared
// conformance vectors in test/vectors/watch keep them equal.
package routewatch

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"sync"
	"time"

	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Options configure a Watcher. Addresses and one of Topics or AllTopics are required.
type Options struct {
	// Addresses are the NameServers ("host:port"); the first one is used first.
	Addresses []string
	// Topics to watch (a watched topic that does not exist yet appears when it is created).
	Topics []string
	// AllTopics watches every topic; Topics must then be empty.
	AllTopics bool
	// DialOptions for grpc.NewClient, e.g. grpc.WithTransportCredentials(insecure.NewCredentials())
	// or TLS credentials and grpc.WithPerRPCCredentials for a bearer token. Required: gRPC has no
	// default transport security.
	DialOptions []grpc.DialOption
	// InitialBackoff is the first reconnect delay's ceiling (default 100ms); it doubles per failure
	// up to MaxBackoff (default 10s). Each delay is uniform in [0, ceiling) (full jitter), and the
	// ceiling starts over once the view is consistent again.
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
	// SameServerRetries is how many reconnects in a row go to the same NameServer before the
	// watcher moves to a random other one (default 1; negative means never stay). A reconnect
	// counts until the view is consistent again.
	SameServerRetries *int
	// Rand draws the jitter and the failover target (default: a source seeded from the clock).
	Rand *rand.Rand
}

// Watcher is a local copy of the routes of some topics. Its read methods are safe for concurrent
// use while Run is running.
type Watcher struct {
	opts    Options
	retries int

	mu      sync.RWMutex
	state   *State
	address string
}

// New checks the options and returns a Watcher; it connects when Run is called.
func New(opts Options) (*Watcher, error) {
	if len(opts.Addresses) == 0 {
		return nil, errors.New("routewatch: Options.Addresses is empty")
	}
	if opts.AllTopics == (len(opts.Topics) > 0) {
		return nil, errors.New("routewatch: set exactly one of Options.Topics and Options.AllTopics")
	}
	if opts.InitialBackoff <= 0 {
		opts.InitialBackoff = 100 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 10 * time.Second
	}
	if opts.Rand == nil {
		opts.Rand = rand.New(rand.NewSource(time.Now().UnixNano()))
	}
	retries := 1
	if opts.SameServerRetries != nil {
		retries = *opts.SameServerRetries
	}
	return &Watcher{opts: opts, retries: retries, state: NewState(), address: opts.Addresses[0]}, nil
}

// Get returns the route of topic as of Position, or false if the topic does not exist (or is not
// watched, or no snapshot completed yet).
func (w *Watcher) Get(topic string) (Route, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.state.Get(topic)
}

// Topics returns the topics in the view, sorted.
func (w *Watcher) Topics() []string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.state.Topics()
}

// Position returns the epoch and revision the view is consistent at, or false before the first
// snapshot completed.
func (w *Watcher) Position() (Position, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.state.Position()
}

// Address returns the NameServer the watcher streams from (or connects to next).
func (w *Watcher) Address() string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.address
}

// Run watches until ctx is done, then returns ctx.Err(); or until the server refuses the watch
// with a status no retry can cure (INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED,
// UNIMPLEMENTED), which it returns (use status.FromError). Any other end of a stream is reported
// as EventDisconnected and followed by a reconnect. It calls handle (which may be nil) for
// every event, in order, on Run's goroutine, after the view has changed: a handler sees the view
// as of the event. A slow handler delays the stream (and the server closes a stream that takes
// nothing for long; the watcher then resumes). Run may be called once.
func (w *Watcher) Run(ctx context.Context, handle func(Event)) error {
	if handle == nil {
		handle = func(Event) {}
	}
	conns := map[string]*grpc.ClientConn{}
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	attempt := 0  // backoff exponent; 0 again at each consistent point
	failures := 0 // streams in a row that ended before the view was consistent again
	for {
		conn, ok := conns[w.Address()]
		if !ok {
			var err error
			conn, err = grpc.NewClient(w.Address(), w.opts.DialOptions...)
			if err != nil {
				return fmt.Errorf("routewatch: %s: %w", w.Address(), err)
			}
			conns[w.Address()] = conn
		}
		consistent, err := w.stream(ctx, namesrvv1.NewRouteServiceClient(conn), handle)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if fatal(err) {
			return fmt.Errorf("routewatch: %s: %w", w.Address(), err)
		}
		if consistent {
			attempt, failures = 0, 0
		}
		failures++
		ceiling := w.opts.InitialBackoff << min(attempt, 30)
		if ceiling > w.opts.MaxBackoff || ceiling <= 0 {
			ceiling = w.opts.MaxBackoff
		}
		attempt++
		delay := time.Duration(w.opts.Rand.Int63n(int64(ceiling)))
		if failures > w.retries && len(w.opts.Addresses) > 1 {
			w.failover()
		}
		var pe *protocolError
		if !errors.As(err, &pe) {
			handle(Event{Kind: EventDisconnected, Err: err, Address: w.Address(), Delay: delay})
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// fatal tells the statuses that a reconnect cannot cure: a bad request, missing credentials or
// rights, or a server without WatchRoutes. Run returns them instead of retrying forever.
func fatal(err error) bool {
	switch status.Code(err) {
	case codes.InvalidArgument, codes.Unauthenticated, codes.PermissionDenied, codes.Unimplemented:
		return true
	}
	return false
}

// failover moves to a random NameServer other than the current one.
func (w *Watcher) failover() {
	w.mu.Lock()
	defer w.mu.Unlock()
	others := make([]string, 0, len(w.opts.Addresses))
	for _, a := range w.opts.Addresses {
		if a != w.address {
			others = append(others, a)
		}
	}
	if len(others) > 0 {
		w.address = others[w.opts.Rand.Intn(len(others))]
	}
}

type protocolError struct{ err error }

func (e *protocolError) Error() string { return e.err.Error() }

// stream runs one WatchRoutes stream until it ends; it reports whether the view reached a
// consistent point on it, and why it ended.
func (w *Watcher) stream(ctx context.Context, client namesrvv1.RouteServiceClient, handle func(Event)) (bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the call on every return
	w.mu.Lock()
	w.state.StartStream()
	pos, _ := w.state.Position()
	w.mu.Unlock()
	call, err := client.WatchRoutes(ctx, &namesrvv1.WatchRoutesRequest{
		Topics:         w.opts.Topics,
		AllTopics:      w.opts.AllTopics,
		ResumeEpoch:    pos.Epoch,
		ResumeRevision: pos.Revision,
	})
	if err != nil {
		return false, err
	}
	consistent := false
	for {
		frame, err := call.Recv()
		if err != nil {
			if status.Code(err) == codes.OK {
				err = status.Error(codes.Unavailable, "stream ended by the server")
			}
			return consistent, err
		}
		w.mu.Lock()
		events := w.state.Apply(frame)
		w.mu.Unlock()
		for _, ev := range events {
			switch ev.Kind {
			case EventChange, EventProgress:
				consistent = true
			case EventProtocolError:
				handle(ev)
				return consistent, &protocolError{ev.Err}
			}
			handle(ev)
		}
	}
}
