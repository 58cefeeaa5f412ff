package io.namesrv.client;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.namesrv.v1.RouteServiceGrpc;
import io.namesrv.v1.TopicRouteData;
import io.namesrv.v1.WatchRoutesRequest;
import io.namesrv.v1.WatchRoutesResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * A local copy of the routes of some topics, kept fresh by a WatchRoutes stream.
 *
 * <p>The view changes only at consistent points (the end of a snapshot, the last frame of a change
 * set), so {@link #get} never mixes two revisions. The last consistent (epoch, revision) is the
 * resume point: when a stream ends for any reason the watcher waits a full-jitter backoff (uniform
 * in [0, min(max, initial * 2^n))) and resumes there; the server continues with no gap, or sends
 * RESET and a fresh snapshot that replaces the view (never a silent jump). After
 * {@code failoverAfter} connects in a row that did not bring the view up to date, it moves to a
 * random other NameServer (another epoch, so a RESET and a snapshot follow). It starts on a random
 * one of its targets.
 *
 * <p>The {@link Listener} is called on the watcher's own thread, one event at a time, after the
 * event was applied; it must not block for long. {@link #get}, {@link #topics} and
 * {@link #position} may be called from any thread. {@link #close} is idempotent.
 *
 * <pre>{@code
 * RouteWatcher watcher = RouteWatcher.newBuilder(List.of("127.0.0.1:9876"))
 *     .topics(List.of("TopicA"))
 *     .listener(new RouteWatcher.Listener() {
 *       public void onChange(WatchEvent.Change change) { ... watcher.get("TopicA") ... }
 *     })
 *     .start();
 * }</pre>
 */
public final class RouteWatcher implements AutoCloseable {

  /** Receives the watcher's events; every method has an empty default. */
  public interface Listener {
    /** The view moved to a consistent point: a snapshot, or a complete change set. */
    default void onChange(WatchEvent.Change change) {}

    /** A snapshot completed (an {@link #onChange} follows). */
    default void onSynced(WatchEvent.Synced synced) {}

    /** The server did not honour the resume point; a fresh snapshot follows. */
    default void onReset(WatchEvent.Reset reset) {}

    /** A progress mark moved the resume point. */
    default void onProgress(WatchEvent.Progress progress) {}

    /** The server broke the protocol; the watcher drops the stream and resumes. */
    default void onProtocolError(WatchEvent.ProtocolError error) {}

    /** The stream from {@code target} ended with {@code status}; a reconnect follows after {@code delay}. */
    default void onDisconnected(String target, Status status, Duration delay) {}
  }

  /** Options of a {@link RouteWatcher}; {@link #start} builds and starts it. */
  public static final class Builder {
    private final List<String> targets;
    private List<String> topics;
    private Function<String, ManagedChannel> channelFactory =
        target -> Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    private CallCredentials callCredentials;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private int failoverAfter = 2;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Listener listener = new Listener() {};

    private Builder(List<String> targets) {
      this.targets = new ArrayList<>(new LinkedHashSet<>(targets));
      if (this.targets.isEmpty()) throw new IllegalArgumentException("targets: at least one NameServer address");
    }

    /** Topics to watch. Default: every topic (all_topics). */
    public Builder topics(List<String> topics) {
      if (topics.isEmpty()) throw new IllegalArgumentException("topics: at least one, or leave unset for all");
      this.topics = List.copyOf(topics);
      return this;
    }

    /**
     * Opens the channel to a target (the watcher shuts it down when it moves or closes). Default:
     * plaintext. For TLS: {@code t -> Grpc.newChannelBuilder(t, TlsChannelCredentials.newBuilder()
     * .trustManager(caFile).build()).build()}.
     */
    public Builder channelFactory(Function<String, ManagedChannel> channelFactory) {
      this.channelFactory = Objects.requireNonNull(channelFactory);
      return this;
    }

    /** Credentials of every call, e.g. {@link BearerToken}. Default none. */
    public Builder callCredentials(CallCredentials callCredentials) {
      this.callCredentials = callCredentials;
      return this;
    }

    /** Reconnect backoff: first ceiling and cap (full jitter). Defaults 100 ms and 10 s. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Connects in a row without an up-to-date view before moving to another target. Default 2. */
    public Builder failoverAfter(int failoverAfter) {
      this.failoverAfter = Math.max(1, failoverAfter);
      return this;
    }

    /** Random source in [0, 1): the choice of target and the backoff jitter. */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** Builds the watcher and opens its first stream. */
    public RouteWatcher start() {
      RouteWatcher w = new RouteWatcher(this);
      w.executor.execute(w::connect);
      return w;
    }
  }

  public static Builder newBuilder(List<String> targets) {
    return new Builder(targets);
  }

  private final Builder opts;
  private final WatchState state = new WatchState();
  /** One thread runs the stream callbacks, the listener and the reconnect timer: no races on the state. */
  private final ScheduledExecutorService executor;
  private volatile String target;
  private ManagedChannel channel;
  private ClientCallStreamObserver<WatchRoutesRequest> call;
  private ScheduledFuture<?> retry;
  private int attempt;
  private volatile boolean closed;

  private RouteWatcher(Builder opts) {
    this.opts = opts;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "namesrv-route-watcher");
      t.setDaemon(true);
      return t;
    });
    this.target = pick(null);
  }

  /** The route of {@code topic} in the view, or null (no such topic, or not watched). */
  public TopicRouteData get(String topic) {
    synchronized (state) {
      WatchedRoute r = state.get(topic);
      return r == null ? null : r.route();
    }
  }

  /** The route of {@code topic} and its revision, or null. */
  public WatchedRoute entry(String topic) {
    synchronized (state) {
      return state.get(topic);
    }
  }

  /** Topics in the view, sorted. */
  public List<String> topics() {
    synchronized (state) {
      return state.topics();
    }
  }

  /** The (epoch, revision) the view is consistent at, or null before the first snapshot. */
  public Position position() {
    synchronized (state) {
      return state.position();
    }
  }

  /** The NameServer the watcher streams from (or reconnects to next). */
  public String target() {
    return target;
  }

  /** Stops watching: cancels the stream and any pending reconnect, shuts the channel down. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    executor.execute(() -> {
      if (retry != null) retry.cancel(false);
      dropCall("closed");
      closeChannel();
    });
    executor.shutdown();
  }

  /** Waits until {@link #close} has released the stream and the thread; true if done in time. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void connect() {
    if (closed) return;
    try {
      openStream();
    } catch (RuntimeException err) {
      // A channel factory or call credentials that throw: report it and retry like a failed stream.
      call = null;
      onEnd(Status.fromThrowable(err));
    }
  }

  private void openStream() {
    if (channel == null) channel = opts.channelFactory.apply(target);
    Position pos;
    synchronized (state) {
      state.startStream();
      pos = state.position();
    }
    WatchRoutesRequest.Builder req = WatchRoutesRequest.newBuilder();
    if (opts.topics == null) req.setAllTopics(true);
    else req.addAllTopics(opts.topics);
    if (pos != null) req.setResumeEpoch(pos.epoch()).setResumeRevision(pos.revision());
    RouteServiceGrpc.RouteServiceStub stub = RouteServiceGrpc.newStub(channel).withExecutor(executor);
    if (opts.callCredentials != null) stub = stub.withCallCredentials(opts.callCredentials);
    stub.watchRoutes(req.build(), new Observer());
  }

  /** One stream's callbacks; those of a stream that is no longer current are ignored. */
  private final class Observer implements ClientResponseObserver<WatchRoutesRequest, WatchRoutesResponse> {
    private ClientCallStreamObserver<WatchRoutesRequest> self;

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRoutesRequest> requestStream) {
      self = requestStream;
      call = requestStream;
    }

    @Override
    public void onNext(WatchRoutesResponse frame) {
      if (call != self || closed) return;
      List<WatchEvent> events;
      synchronized (state) {
        events = state.apply(frame);
      }
      for (WatchEvent e : events) {
        if (e instanceof WatchEvent.Synced || e instanceof WatchEvent.Change || e instanceof WatchEvent.Progress) {
          attempt = 0; // the view is up to date again
        }
        deliver(e);
        if (e instanceof WatchEvent.ProtocolError pe) {
          dropCall(pe.message());
          onEnd(Status.INTERNAL.withDescription(pe.message()));
          return;
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      if (call != self) return;
      call = null;
      onEnd(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      if (call != self) return;
      call = null;
      onEnd(Status.OK.withDescription("stream ended by the server"));
    }
  }

  private void deliver(WatchEvent e) {
    try {
      if (e instanceof WatchEvent.Change c) opts.listener.onChange(c);
      else if (e instanceof WatchEvent.Synced s) opts.listener.onSynced(s);
      else if (e instanceof WatchEvent.Reset r) opts.listener.onReset(r);
      else if (e instanceof WatchEvent.Progress p) opts.listener.onProgress(p);
      else if (e instanceof WatchEvent.ProtocolError p) opts.listener.onProtocolError(p);
    } catch (RuntimeException err) {
      // A failing listener must not kill the watch; the view is already consistent.
      Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), err);
    }
  }

  private void onEnd(Status status) {
    if (closed) return;
    long ceiling = Math.min(opts.maxBackoff.toNanos(), opts.initialBackoff.toNanos() << Math.min(attempt, 30));
    if (ceiling < 0) ceiling = opts.maxBackoff.toNanos();
    Duration delay = Duration.ofNanos((long) (opts.random.getAsDouble() * ceiling));
    attempt++;
    try {
      opts.listener.onDisconnected(target, status, delay);
    } catch (RuntimeException err) {
      Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), err);
    }
    int failures = attempt;
    retry = executor.schedule(() -> {
      retry = null;
      if (closed) return;
      if (failures >= opts.failoverAfter && opts.targets.size() > 1) {
        closeChannel();
        target = pick(target);
      }
      connect();
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A uniformly random target other than {@code exclude}: clients of a dead NameServer spread out. */
  private String pick(String exclude) {
    List<String> candidates = new ArrayList<>(opts.targets);
    if (exclude != null && candidates.size() > 1) candidates.remove(exclude);
    int i = (int) (opts.random.getAsDouble() * candidates.size());
    return candidates.get(Math.min(candidates.size() - 1, i));
  }

  private void dropCall(String why) {
    ClientCallStreamObserver<WatchRoutesRequest> c = call;
    call = null;
    if (c != null) c.cancel(why, null);
  }

  private void closeChannel() {
    if (channel != null) channel.shutdownNow();
    channel = null;
  }
}
