import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * The RocketMQ Java client (rocketmq-client, unchanged) against a NameServer, for
 * test/rocketmq/rocketmq.test.ts. Modes:
 *   produce NAMESRV TOPIC N [FROM]     send N messages (keys kFROM..); prints "SENT n"
 *   consume NAMESRV TOPIC GROUP N SECS push consumer until N distinct keys arrived; prints
 *                                      "RECEIVED n" as they arrive; exit 1 on timeout
 *   roundtrip NAMESRV TOPIC GROUP N    consume and produce in one process
 *   route NAMESRV TOPIC                the producer's route lookup; prints "QUEUES n" or "ERROR code"
 * With ROCKETMQ_ACCESS_KEY and ROCKETMQ_SECRET_KEY set, requests are signed by AclClientRPCHook.
 */
public final class RocketmqPeer {
    private RocketmqPeer() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String namesrv = args[1];
        String topic = args[2];
        int code;
        switch (mode) {
            case "produce": code = produce(namesrv, topic, Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 0); break;
            case "consume": code = consume(namesrv, topic, args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), null); break;
            case "roundtrip": code = roundtrip(namesrv, topic, args[3], Integer.parseInt(args[4])); break;
            case "route": code = route(namesrv, topic); break;
            default: throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.flush();
        System.exit(code);
    }

    static RPCHook hook() {
        String ak = System.getenv("ROCKETMQ_ACCESS_KEY");
        String sk = System.getenv("ROCKETMQ_SECRET_KEY");
        return ak == null ? null : new AclClientRPCHook(new SessionCredentials(ak, sk));
    }

    static DefaultMQProducer producer(String namesrv) throws MQClientException {
        DefaultMQProducer p = new DefaultMQProducer("peer_producer_" + System.nanoTime(), hook());
        p.setNamesrvAddr(namesrv);
        p.setInstanceName("peer-" + System.nanoTime());
        p.setSendMsgTimeout(10_000);
        p.start();
        return p;
    }

    static int produce(String namesrv, String topic, int n, int from) throws Exception {
        DefaultMQProducer p = producer(namesrv);
        int sent = 0;
        for (int i = from; i < from + n; i++) {
            Message m = new Message(topic, "tag", "k" + i, ("message " + i).getBytes(StandardCharsets.UTF_8));
            SendResult r = p.send(m);
            if (r.getSendStatus() == SendStatus.SEND_OK) sent++;
        }
        System.out.println("SENT " + sent);
        p.shutdown();
        return sent == n ? 0 : 1;
    }

    static int consume(String namesrv, String topic, String group, int n, int secs, Runnable started) throws Exception {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group, hook(), new AllocateMessageQueueAveragely());
        c.setNamesrvAddr(namesrv);
        c.setInstanceName("peer-" + System.nanoTime());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (List<MessageExt> msgs, org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext ctx) -> {
            for (MessageExt m : msgs) keys.add(m.getKeys());
            System.out.println("RECEIVED " + keys.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        System.out.println("CONSUMER STARTED");
        if (started != null) started.run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        while (keys.size() < n && System.nanoTime() < deadline) Thread.sleep(50);
        c.shutdown();
        System.out.println("DONE " + keys.size() + "/" + n);
        return keys.size() >= n ? 0 : 1;
    }

    static int roundtrip(String namesrv, String topic, String group, int n) throws Exception {
        int[] produced = {1};
        int code = consume(namesrv, topic, group, n, 120, () -> {
            try {
                produced[0] = produce(namesrv, topic, n, 0);
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        return code == 0 && produced[0] == 0 ? 0 : 1;
    }

    static int route(String namesrv, String topic) throws Exception {
        DefaultMQProducer p = producer(namesrv);
        try {
            List<MessageQueue> queues = p.fetchPublishMessageQueues(topic);
            System.out.println("QUEUES " + queues.size());
            return 0;
        } catch (MQClientException e) {
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            int code = e.getResponseCode();
            if (code == -1 && cause instanceof MQClientException) code = ((MQClientException) cause).getResponseCode();
            System.out.println("ERROR " + code + " " + e.getErrorMessage());
            return 2;
        } finally {
            p.shutdown();
        }
    }
}
