package io.namesrv.example;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.namesrv.v1.BrokerData;
import io.namesrv.v1.GetRouteInfoByTopicRequest;
import io.namesrv.v1.GetRouteInfoByTopicResponse;
import io.namesrv.v1.QueueData;
import io.namesrv.v1.RouteServiceGrpc;
import io.namesrv.v1.WatchRoutesRequest;
import io.namesrv.v1.WatchRoutesResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a Java client uses the generated stubs in gen/java: look up a topic's route, then watch it.
 * scripts/check-java.sh compiles this with the stubs against Debian's grpc-java and protobuf-java
 * jars; at run time grpc-java finds its Netty transport on the class path (Debian's grpc-netty and
 * netty jars here, grpc-netty-shaded from Maven Central in a real project).
 *
 * <p>Usage: {@code java -cp "build/java/classes:$(cat build/java/classpath)"
 * io.namesrv.example.RouteLookup 127.0.0.1:9876 TopicA}
 */
public final class RouteLookup {
  private RouteLookup() {}

  public static void main(String[] args) throws InterruptedException {
    String target = args.length > 0 ? args[0] : "127.0.0.1:9876";
    String topic = args.length > 1 ? args[1] : "TopicA";
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      RouteServiceGrpc.RouteServiceBlockingStub routes =
          RouteServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
      GetRouteInfoByTopicResponse res =
          routes.getRouteInfoByTopic(GetRouteInfoByTopicRequest.newBuilder().setTopic(topic).build());
      System.out.printf("epoch=%d revision=%d%n", res.getEpoch(), res.getRevision());
      for (QueueData q : res.getRoute().getQueueDatasList()) {
        System.out.printf("queues %s r=%d w=%d perm=%d%n",
            q.getBrokerName(), q.getReadQueueNums(), q.getWriteQueueNums(), q.getPerm());
      }
      for (BrokerData b : res.getRoute().getBrokerDatasList()) {
        for (Map.Entry<Long, String> e : b.getBrokerAddrsMap().entrySet()) {
          System.out.printf("broker %s/%s id=%d addr=%s%n", b.getCluster(), b.getBrokerName(), e.getKey(), e.getValue());
        }
      }

      // A server stream: snapshot (begin, routes, end), then changes in revision order.
      Iterator<WatchRoutesResponse> frames =
          RouteServiceGrpc.newBlockingStub(channel)
              .watchRoutes(WatchRoutesRequest.newBuilder().addTopics(topic).build());
      while (frames.hasNext()) {
        WatchRoutesResponse f = frames.next();
        System.out.printf("frame %s revision=%d%n", f.getEventCase(), f.getRevision());
      }
    } catch (StatusRuntimeException e) {
      System.err.println("failed: " + e.getStatus());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
