package org.sagashop.platform.commandbus;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A lane of dispatch threads per member of the command bus (a bulkhead): a member that hangs holds
 * at most its own lane's threads for the read timeout, and the commands to every other member go
 * on. A lane's threads end when it has been idle for a minute, so the lanes of members that left
 * cost nothing. When the service stops, the commands already handed over are still sent, within the
 * drain time.
 */
public final class MemberLanes implements DisposableBean {

  private static final Duration IDLE = Duration.ofMinutes(1);

  private final int threadsPerMember;
  private final Duration drainWithin;
  private final ConcurrentMap<String, ThreadPoolExecutor> lanes = new ConcurrentHashMap<>();

  /**
   * @param threadsPerMember how many commands to one member may wait for their answers at once
   * @param drainWithin how long stopping waits for the commands in flight
   */
  public MemberLanes(int threadsPerMember, Duration drainWithin) {
    if (threadsPerMember < 1) {
      throw new IllegalArgumentException("a lane needs at least one thread");
    }
    this.threadsPerMember = threadsPerMember;
    this.drainWithin = drainWithin;
  }

  /** The lane of the member with this name (Axon's member name: one per instance). */
  public Executor of(String member) {
    return lanes.computeIfAbsent(member, this::open);
  }

  private ThreadPoolExecutor open(String member) {
    int bracket = member.indexOf('[');
    String service = bracket > 0 ? member.substring(0, bracket) : member;
    ThreadPoolExecutor lane =
        new ThreadPoolExecutor(
            threadsPerMember,
            threadsPerMember,
            IDLE.toSeconds(),
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new CustomizableThreadFactory(
                "command-dispatch-" + service + "-" + lanes.size() + "-"));
    lane.allowCoreThreadTimeOut(true);
    return lane;
  }

  @Override
  public void destroy() throws InterruptedException {
    lanes.values().forEach(ThreadPoolExecutor::shutdown);
    Instant giveUp = Instant.now().plus(drainWithin);
    for (ThreadPoolExecutor lane : lanes.values()) {
      long left = Math.max(0, Duration.between(Instant.now(), giveUp).toMillis());
      lane.awaitTermination(left, TimeUnit.MILLISECONDS);
    }
  }
}
