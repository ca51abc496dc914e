package org.sagashop.platform.axon;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One instance's balancer, round by round, with a processor of two segments: what it holds and how
 * many instances the registry lists are set by each test.
 */
class SegmentBalancerTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final long RELEASE_MILLIS = INTERVAL.toMillis() * 3;

  private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
  private int instances = 1;
  private Set<Integer> held = Set.of(0, 1);
  private SegmentBalancer balancer;

  @BeforeEach
  void setUp() {
    EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    TokenStore tokens = mock(TokenStore.class);
    Map<String, EventProcessor> processors = Map.of("projection", processor);
    when(processing.eventProcessors()).thenReturn(processors);
    when(tokens.fetchSegments("projection")).thenReturn(new int[] {0, 1});
    when(processor.isRunning()).thenReturn(true);
    when(processor.maxCapacity()).thenReturn(2);
    when(processor.processingStatus()).thenAnswer(invocation -> statusOf(held));
    balancer =
        new SegmentBalancer(
            processing,
            tokens,
            NoTransactionManager.INSTANCE,
            () -> instances,
            2,
            INTERVAL,
            Set.of());
  }

  @Test
  void handsTheSurplusToAnInstanceThatJoins() {
    rounds(3);
    verify(processor, never()).releaseSegment(anyInt(), anyLong(), any());

    instances = 2;
    rounds(1);

    verify(processor).releaseSegment(1, RELEASE_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Test
  void keepsASegmentItTookOverWhileTheRegistryStillListsTheDeadInstance() {
    instances = 2;
    held = Set.of(0);
    rounds(2);

    // the other instance died: its claim lapsed and this one took the segment over, but the
    // registry still lists two instances
    held = Set.of(0, 1);
    rounds(SegmentBalancer.SETTLE_ROUNDS);

    verify(processor, never()).releaseSegment(anyInt(), anyLong(), any());
  }

  @Test
  void keepsATakenOverSegmentForGoodOnceTheRegistryDropsTheDeadInstance() {
    instances = 2;
    held = Set.of(0);
    rounds(2);
    held = Set.of(0, 1);
    rounds(2);

    instances = 1;
    rounds(SegmentBalancer.SETTLE_ROUNDS * 3);

    verify(processor, never()).releaseSegment(anyInt(), anyLong(), any());
  }

  @Test
  void sharesATakenOverSegmentAgainIfTheRegistryKeepsListingTwoInstances() {
    instances = 2;
    held = Set.of(0);
    rounds(2);
    held = Set.of(0, 1);
    rounds(SegmentBalancer.SETTLE_ROUNDS);

    rounds(1);

    verify(processor).releaseSegment(1, RELEASE_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Test
  void doesNotHandBackAtOnceASegmentNoOtherInstanceClaimed() {
    rounds(2);
    instances = 2;
    rounds(1);
    verify(processor).releaseSegment(1, RELEASE_MILLIS, TimeUnit.MILLISECONDS);

    // released, but the newcomer never claimed it: this instance claims it again
    held = Set.of(0);
    rounds(1);
    held = Set.of(0, 1);
    rounds(SegmentBalancer.SETTLE_ROUNDS);

    // still the single release of before
    verify(processor).releaseSegment(1, RELEASE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void rounds(int count) {
    for (int i = 0; i < count; i++) {
      balancer.balance();
    }
  }

  private static Map<Integer, EventTrackerStatus> statusOf(Set<Integer> segments) {
    Map<Integer, EventTrackerStatus> status = new TreeMap<>();
    segments.forEach(segment -> status.put(segment, mock(EventTrackerStatus.class)));
    return status;
  }
}
