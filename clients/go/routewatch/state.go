package routewatch

import (
	"fmt"
	"sort"
	"time"

	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
)

// Position is a consistent point of the view: the server's routes as of Revision in Epoch.
type Position struct {
	Epoch    uint64
	Revision uint64
}

// Route is one topic in the local view: its route and the revision of its last change.
type Route struct {
	Route         *namesrvv1.TopicRouteData
	TopicRevision uint64
}

// EventKind says what an Event reports.
type EventKind int

const (
	// EventChange: the view moved to a consistent point (END_OF_SNAPSHOT, or the last frame of a
	// change set). Updated and Removed name the topics that changed.
	EventChange EventKind = iota + 1
	// EventProgress: a PROGRESS frame moved the resume point; the view is unchanged.
	EventProgress
	// EventReset: the server did not honour the resume point (Reason says why); a snapshot
	// follows, and until it completes the old view stays.
	EventReset
	// EventProtocolError: the server broke the stream protocol (Err says how); the watcher drops
	// the stream and resumes from its last consistent point.
	EventProtocolError
	// EventDisconnected: the stream ended (Err is its status); the watcher reconnects to Address
	// after Delay.
	EventDisconnected
)

func (k EventKind) String() string {
	switch k {
	case EventChange:
		return "change"
	case EventProgress:
		return "progress"
	case EventReset:
		return "reset"
	case EventProtocolError:
		return "protocolError"
	case EventDisconnected:
		return "disconnected"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is one thing that happened to a watch. Epoch and Revision are set for EventChange and
// EventProgress.
type Event struct {
	Kind     EventKind
	Epoch    uint64
	Revision uint64
	// Updated are the topics whose route is new or changed, Removed the topics that are gone, in
	// frame order (EventChange).
	Updated []string
	Removed []string
	// Reason is the RESET frame's reason (EventReset).
	Reason string
	// Err is the protocol violation (EventProtocolError) or the stream's end status
	// (EventDisconnected; use status.FromError).
	Err error
	// Address is the NameServer of the next connect (EventDisconnected), after Delay.
	Address string
	Delay   time.Duration
}

// State is the client side of the WatchRoutes protocol with no transport: the local view, the
// frames of an unfinished snapshot or change set, and the resume point. Watcher feeds it the
// frames of its streams; the conformance vectors (test/vectors/watch) feed it recorded ones.
//
// Within one stream (StartStream begins one) it is in one of two modes: live, where routes
// frames collect until one has more = false and then apply at once; or snapshot (after
// SNAPSHOT_BEGIN), where routes frames fill a new view that END_OF_SNAPSHOT swaps in. The view
// and the position change only at consistent points, so a reader never sees half a revision,
// and a stream that dies in the middle of a set loses only the unfinished part (resuming sends
// it again).
//
// A State is not safe for concurrent use; Watcher guards it.
type State struct {
	view      map[string]Route
	staging   map[string]Route // non-nil inside a snapshot
	pending   []*namesrvv1.TopicRouteUpdate
	position  *Position
	lastFrame *Position
}

// NewState returns an empty view with no resume point.
func NewState() *State {
	return &State{view: map[string]Route{}}
}

// Get returns the route of topic in the view.
func (s *State) Get(topic string) (Route, bool) {
	r, ok := s.view[topic]
	return r, ok
}

// Topics returns the topics in the view, sorted.
func (s *State) Topics() []string {
	out := make([]string, 0, len(s.view))
	for t := range s.view {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Position returns the resume point (the last consistent point), or false before the first
// snapshot completed.
func (s *State) Position() (Position, bool) {
	if s.position == nil {
		return Position{}, false
	}
	return *s.position, true
}

// StartStream begins a new stream: it drops an unfinished snapshot or change set, never the view.
func (s *State) StartStream() {
	s.staging = nil
	s.pending = nil
	s.lastFrame = nil
}

// Apply applies one frame of the current stream and returns what happened, in order. After an
// EventProtocolError the caller must drop the stream and start another.
func (s *State) Apply(f *namesrvv1.WatchRoutesResponse) []Event {
	epoch, revision := f.GetEpoch(), f.GetRevision()
	if last := s.lastFrame; last != nil && last.Epoch == epoch && revision < last.Revision {
		return []Event{{Kind: EventProtocolError,
			Err: fmt.Errorf("revision went back from %d to %d", last.Revision, revision)}}
	}
	s.lastFrame = &Position{Epoch: epoch, Revision: revision}
	switch {
	case f.GetReset_() != nil:
		return []Event{{Kind: EventReset, Reason: f.GetReset_().GetReason()}}
	case f.GetSnapshotBegin() != nil:
		s.staging = map[string]Route{}
		return nil
	case f.GetRoutes() != nil:
		if s.staging != nil {
			for _, u := range f.GetRoutes().GetUpdates() {
				applyUpdate(s.staging, u)
			}
			return nil
		}
		s.pending = append(s.pending, f.GetRoutes().GetUpdates()...)
		if f.GetRoutes().GetMore() {
			return nil
		}
		return []Event{s.applyPending(epoch, revision)}
	case f.GetEndOfSnapshot() != nil:
		if s.staging == nil {
			return []Event{{Kind: EventProtocolError, Err: fmt.Errorf("END_OF_SNAPSHOT without SNAPSHOT_BEGIN")}}
		}
		ev := s.replaceView(epoch, revision)
		s.staging = nil
		return []Event{ev}
	case f.GetProgress() != nil:
		// Inside a snapshot or a change set a progress mark is not a consistent point.
		if s.staging != nil || len(s.pending) > 0 {
			return nil
		}
		s.position = &Position{Epoch: epoch, Revision: revision}
		return []Event{{Kind: EventProgress, Epoch: epoch, Revision: revision}}
	}
	return nil // an event kind this client does not know: nothing to apply
}

func (s *State) applyPending(epoch, revision uint64) Event {
	ev := Event{Kind: EventChange, Epoch: epoch, Revision: revision, Updated: []string{}, Removed: []string{}}
	for _, u := range s.pending {
		applyUpdate(s.view, u)
		if u.GetRemoved() {
			ev.Removed = append(ev.Removed, u.GetTopic())
		} else {
			ev.Updated = append(ev.Updated, u.GetTopic())
		}
	}
	s.pending = nil
	s.position = &Position{Epoch: epoch, Revision: revision}
	return ev
}

func (s *State) replaceView(epoch, revision uint64) Event {
	ev := Event{Kind: EventChange, Epoch: epoch, Revision: revision, Updated: []string{}, Removed: []string{}}
	// Topic revisions of different epochs are not comparable: then every topic counts as updated.
	sameEpoch := s.position != nil && s.position.Epoch == epoch
	for topic, r := range s.staging {
		old, ok := s.view[topic]
		if !sameEpoch || !ok || old.TopicRevision != r.TopicRevision {
			ev.Updated = append(ev.Updated, topic)
		}
	}
	for topic := range s.view {
		if _, ok := s.staging[topic]; !ok {
			ev.Removed = append(ev.Removed, topic)
		}
	}
	sort.Strings(ev.Updated)
	sort.Strings(ev.Removed)
	s.view = s.staging
	s.position = &Position{Epoch: epoch, Revision: revision}
	return ev
}

func applyUpdate(view map[string]Route, u *namesrvv1.TopicRouteUpdate) {
	if u.GetRemoved() || u.GetRoute() == nil {
		delete(view, u.GetTopic())
		return
	}
	view[u.GetTopic()] = Route{Route: u.GetRoute(), TopicRevision: u.GetTopicRevision()}
}
