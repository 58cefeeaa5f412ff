package routewatch

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	namesrvv1 "github.com/namesrv/namesrv/gen/go/namesrv/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// The shared WatchRoutes conformance vectors (format: test/vectors/README.md), run against State,
// the frame logic Watcher uses. The TypeScript, Python and Java watchers run the same files.

type vectorPosition struct {
	Epoch    string `json:"epoch"`
	Revision string `json:"revision"`
}

type vectorExpect struct {
	Events   []map[string]any `json:"events"`
	Position *vectorPosition  `json:"position"`
	View     map[string]struct {
		TopicRevision string          `json:"topicRevision"`
		Route         json.RawMessage `json:"route"`
	} `json:"view"`
}

type vectorStep struct {
	Op     string          `json:"op"`
	Resume *vectorPosition `json:"resume"`
	Frame  json.RawMessage `json:"frame"`
	Status *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"status"`
	Expect *vectorExpect `json:"expect"`
}

type vectorCase struct {
	Name  string       `json:"name"`
	Steps []vectorStep `json:"steps"`
}

// loadVectorFiles reads test/vectors/watch/*.json: file name (without .json) -> contents.
func loadVectorFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "test", "vectors", "watch", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = raw
	}
	if len(out) < 13 {
		t.Fatalf("found %d vector files, want at least 13", len(out))
	}
	return out
}

func loadVectors(t *testing.T) []vectorCase {
	t.Helper()
	raw := loadVectorFiles(t)
	names := make([]string, 0, len(raw))
	for name := range raw {
		names = append(names, name)
	}
	sort.Strings(names)
	var cases []vectorCase
	for _, name := range names {
		var c vectorCase
		if err := json.Unmarshal(raw[name], &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases = append(cases, c)
	}
	if len(cases) < 13 {
		t.Fatalf("found %d vector files, want at least 13", len(cases))
	}
	return cases
}

// eventJSON puts an Event in the vectors' form: the four compared kinds, uint64 as decimal
// strings, topic lists sorted. Other kinds are not compared.
func eventJSON(ev Event) map[string]any {
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	sorted := func(s []string) []any {
		c := append([]string(nil), s...)
		sort.Strings(c)
		out := make([]any, len(c))
		for i, v := range c {
			out[i] = v
		}
		return out
	}
	switch ev.Kind {
	case EventChange:
		return map[string]any{"type": "change", "epoch": u(ev.Epoch), "revision": u(ev.Revision),
			"updated": sorted(ev.Updated), "removed": sorted(ev.Removed)}
	case EventProgress:
		return map[string]any{"type": "progress", "epoch": u(ev.Epoch), "revision": u(ev.Revision)}
	case EventReset:
		return map[string]any{"type": "reset", "reason": ev.Reason}
	case EventProtocolError:
		return map[string]any{"type": "protocolError"}
	}
	return nil
}

func TestVectors(t *testing.T) {
	for _, c := range loadVectors(t) {
		t.Run(c.Name, func(t *testing.T) {
			s := NewState()
			connected := false
			for i, step := range c.Steps {
				where := c.Name + " step " + strconv.Itoa(i) + " (" + step.Op + ")"
				switch step.Op {
				case "connect":
					if connected {
						t.Fatalf("%s: connect while a stream is open", where)
					}
					pos, _ := s.Position()
					got := vectorPosition{strconv.FormatUint(pos.Epoch, 10), strconv.FormatUint(pos.Revision, 10)}
					if got != *step.Resume {
						t.Fatalf("%s: resume point sent %+v, want %+v", where, got, *step.Resume)
					}
					s.StartStream()
					connected = true
					continue
				case "end":
					if !connected {
						t.Fatalf("%s: no open stream", where)
					}
					connected = false
				case "frame":
					if !connected {
						t.Fatalf("%s: no open stream", where)
					}
					frame := &namesrvv1.WatchRoutesResponse{}
					if err := protojson.Unmarshal(step.Frame, frame); err != nil {
						t.Fatalf("%s: frame: %v", where, err)
					}
					got := []map[string]any{}
					for _, ev := range s.Apply(frame) {
						if ev.Kind == EventProtocolError {
							connected = false
						}
						if j := eventJSON(ev); j != nil {
							got = append(got, j)
						}
					}
					if !reflect.DeepEqual(got, step.Expect.Events) {
						t.Fatalf("%s: events %v, want %v", where, got, step.Expect.Events)
					}
				default:
					t.Fatalf("%s: unknown op", where)
				}
				checkState(t, s, step.Expect, where)
			}
		})
	}
}

func checkState(t *testing.T, s *State, want *vectorExpect, where string) {
	t.Helper()
	pos, ok := s.Position()
	switch {
	case want.Position == nil && ok:
		t.Fatalf("%s: position %+v, want none", where, pos)
	case want.Position != nil && !ok:
		t.Fatalf("%s: no position, want %+v", where, *want.Position)
	case want.Position != nil:
		got := vectorPosition{strconv.FormatUint(pos.Epoch, 10), strconv.FormatUint(pos.Revision, 10)}
		if got != *want.Position {
			t.Fatalf("%s: position %+v, want %+v", where, got, *want.Position)
		}
	}
	if want.View == nil {
		return
	}
	wantTopics := make([]string, 0, len(want.View))
	for topic := range want.View {
		wantTopics = append(wantTopics, topic)
	}
	sort.Strings(wantTopics)
	if got := s.Topics(); !reflect.DeepEqual(got, wantTopics) {
		t.Fatalf("%s: topics %v, want %v", where, got, wantTopics)
	}
	for topic, w := range want.View {
		r, _ := s.Get(topic)
		if strconv.FormatUint(r.TopicRevision, 10) != w.TopicRevision {
			t.Fatalf("%s: %s topicRevision %d, want %s", where, topic, r.TopicRevision, w.TopicRevision)
		}
		route := &namesrvv1.TopicRouteData{}
		if err := protojson.Unmarshal(w.Route, route); err != nil {
			t.Fatalf("%s: %s route: %v", where, topic, err)
		}
		if !proto.Equal(r.Route, route) {
			t.Fatalf("%s: %s route %v, want %v", where, topic, r.Route, route)
		}
	}
}
