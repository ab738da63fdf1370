import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until a broker answers a real Kafka request (a metadata round trip via listTopics), not just an
 * open port: the port opens seconds before the KRaft controller has elected itself and the broker can serve.
 * Runs with Java's single-file source launcher on the broker's own classpath, so it needs nothing installed.
 *
 * Usage: java -cp '<kafka libs>/*' KafkaReady.java <bootstrap> <timeout seconds> [<broker pid>]
 * Exit 0 when ready, 1 on timeout, 2 when the broker process (if a pid is given) has died.
 */
public class KafkaReady {
  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args[0];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    long brokerPid = args.length > 2 ? Long.parseLong(args[2]) : 0;

    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");

    String lastError = "no answer";
    try (Admin admin = Admin.create(props)) {
      while (System.nanoTime() < deadline) {
        if (brokerPid > 0 && ProcessHandle.of(brokerPid).map(p -> !p.isAlive()).orElse(true)) {
          System.err.println("the broker process " + brokerPid + " has exited");
          System.exit(2);
        }
        try {
          admin.listTopics().names().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          lastError = String.valueOf(e.getCause() != null ? e.getCause() : e);
          Thread.sleep(500);
        }
      }
    }
    System.err.println("no Kafka answer from " + bootstrap + " in time: " + lastError);
    System.exit(1);
  }
}
