import { describe, expect, it } from 'vitest';
import type { Order, TimelineEntry } from './api/types';
import { pendingUndo, storyOf, undoInProgress } from './timeline';

function order(status: Order['status'], steps: string[], cancellationReason: string | null = null): Order {
  const timeline: TimelineEntry[] = steps.map((step, i) => ({ at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(), step, detail: null }));
  return { orderId: 'o-1', userId: 'u-1', status, items: [], total: 10, cancellationReason, placedAt: timeline[0]?.at ?? '', timeline };
}

const states = (o: Order) => storyOf(o).stages.map((stage) => `${stage.key}:${stage.state}`);

describe('the order in plain words', () => {
  it('follows a running order to the step it is waiting for', () => {
    expect(states(order('PENDING', ['placed']))).toEqual(['placed:done', 'stock:current', 'payment:waiting', 'completed:waiting']);
    expect(storyOf(order('PENDING', ['placed'])).explanation).toBe('Reserving the stock for your order…');
    // One line reserved does not mean all are: the stock step is done when payment is asked for.
    expect(states(order('PENDING', ['placed', 'stock-reserved']))[1]).toBe('stock:current');
    expect(states(order('PENDING', ['placed', 'stock-reserved', 'payment-approved']))).toEqual([
      'placed:done',
      'stock:done',
      'payment:done',
      'completed:current',
    ]);
  });

  it('tells a completed order', () => {
    const story = storyOf(order('COMPLETED', ['placed', 'stock-reserved', 'payment-approved', 'completed']));
    expect(story.headline).toBe('Your order is complete');
    expect(story.stages.every((stage) => stage.state === 'done')).toBe(true);
    expect(story.undone).toEqual([]);
  });

  it('says a declined payment stopped the order, why, and that the stock went back', () => {
    const story = storyOf(
      order('CANCELLED', ['placed', 'stock-reserved', 'payment-declined', 'stock-released', 'cancelled'], 'insufficient funds'),
    );
    expect(story.headline).toBe('Your order was cancelled');
    expect(story.explanation).toBe('Insufficient funds. It stopped at the payment.');
    expect(story.undone).toEqual(['The stock reserved for this order was put back on the shelf.']);
    expect(states(order('CANCELLED', ['placed', 'stock-reserved', 'payment-declined', 'stock-released', 'cancelled']))).toEqual([
      'placed:done',
      'stock:done',
      'payment:failed',
      'completed:skipped',
    ]);
  });

  it('says a stock refusal stopped the order before any payment', () => {
    const o = order('CANCELLED', ['placed', 'stock-reserved', 'stock-rejected', 'stock-released', 'cancelled'], 'Not enough stock of Kettle');
    expect(storyOf(o).explanation).toBe('Not enough stock of Kettle. It stopped at the stock reservation.');
    expect(states(o)).toEqual(['placed:done', 'stock:failed', 'payment:skipped', 'completed:skipped']);
  });

  it('places a step that timed out after the payment, and names the refund', () => {
    const o = order('CANCELLED', ['placed', 'stock-reserved', 'payment-approved', 'step-failed', 'payment-refunded', 'stock-released', 'cancelled']);
    const story = storyOf(o);
    expect(story.undone).toEqual([
      'The stock reserved for this order was put back on the shelf.',
      'The payment was refunded to your wallet.',
    ]);
    expect(states(o)).toEqual(['placed:done', 'stock:done', 'payment:done', 'completed:failed']);
  });

  it('knows which undo steps a cancelled order still owes, since they may arrive after the end', () => {
    // The shop records "cancelled" first and the release a moment later.
    const early = order('CANCELLED', ['placed', 'stock-reserved', 'payment-declined', 'cancelled'], 'Insufficient funds');
    expect(pendingUndo(early)).toEqual(['stock-released']);
    expect(undoInProgress(early)).toEqual(['Putting the reserved stock back on the shelf…']);
    expect(storyOf(early).undone).toEqual([]);

    const settled = order('CANCELLED', ['placed', 'stock-reserved', 'payment-declined', 'cancelled', 'stock-released']);
    expect(pendingUndo(settled)).toEqual([]);
    expect(storyOf(settled).undone).toEqual(['The stock reserved for this order was put back on the shelf.']);

    const paid = order('CANCELLED', ['placed', 'stock-reserved', 'payment-approved', 'step-failed', 'cancelled']);
    expect(pendingUndo(paid)).toEqual(['stock-released', 'payment-refunded']);
    // Nothing was reserved, nothing to put back; a running or completed order owes nothing.
    expect(pendingUndo(order('CANCELLED', ['placed', 'stock-rejected', 'cancelled']))).toEqual([]);
    expect(pendingUndo(order('PENDING', ['placed', 'stock-reserved']))).toEqual([]);
    expect(pendingUndo(order('COMPLETED', ['placed', 'stock-reserved', 'payment-approved', 'completed']))).toEqual([]);
  });
});
