"""Watches topics and prints every consistent change: python watch.py 127.0.0.1:9876,127.0.0.1:9877 TopicA

Stops after `--changes N` changes (default: runs until interrupted).
"""

from __future__ import annotations

import argparse

from namesrv_client import Change, Disconnected, Reset, RouteWatcher


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("targets", help="NameServers, comma-separated host:port")
    parser.add_argument("topics", nargs="*", help="topics to watch (none: every topic)")
    parser.add_argument("--changes", type=int, default=0, help="stop after this many changes")
    args = parser.parse_args()

    watcher = RouteWatcher(args.targets.split(","), args.topics or None)
    changes = 0
    with watcher:
        for event in watcher.events():
            if isinstance(event, Change):
                changes += 1
                for topic in event.updated:
                    route = watcher.get(topic)
                    brokers = sorted(q.broker_name for q in route.queue_datas) if route else []
                    print(f"revision {event.revision}: {topic} -> {brokers}", flush=True)
                for topic in event.removed:
                    print(f"revision {event.revision}: {topic} removed", flush=True)
                if changes == args.changes:
                    break
            elif isinstance(event, Reset):
                print(f"reset ({event.reason}): a fresh snapshot follows", flush=True)
            elif isinstance(event, Disconnected):
                print(f"{event.code.name} from {event.target}; retry in {event.delay_s:.2f}s", flush=True)


if __name__ == "__main__":
    main()
