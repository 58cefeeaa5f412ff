package io.namesrv.client;

import io.namesrv.v1.TopicRouteData;

/** One topic in a route view: its route and the revision of its last change (uint64). */
public record WatchedRoute(TopicRouteData route, long topicRevision) {}
