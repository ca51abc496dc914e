import type { Order, TimelineEntry } from './api/types';

export type Tone = 'done' | 'failed' | 'undone' | 'info';

interface StepWords {
  label: string;
  tone: Tone;
}

const STEPS: Record<string, StepWords> = {
  placed: { label: 'Order placed', tone: 'info' },
  'stock-reserved': { label: 'Stock reserved', tone: 'done' },
  'stock-rejected': { label: 'Not enough stock', tone: 'failed' },
  'stock-released': { label: 'Reserved stock put back', tone: 'undone' },
  'payment-approved': { label: 'Payment taken', tone: 'done' },
  'payment-declined': { label: 'Payment declined', tone: 'failed' },
  'payment-refunded': { label: 'Payment refunded', tone: 'undone' },
  'step-failed': { label: 'A step did not finish', tone: 'failed' },
  completed: { label: 'Order completed', tone: 'done' },
  cancelled: { label: 'Order cancelled', tone: 'failed' },
};

export function describeStep(step: string): StepWords {
  return STEPS[step] ?? { label: humanize(step), tone: 'info' };
}

export type StageState = 'done' | 'current' | 'failed' | 'waiting' | 'skipped';

export interface Stage {
  key: 'placed' | 'stock' | 'payment' | 'completed';
  label: string;
  state: StageState;
}

export interface OrderStory {
  headline: string;
  explanation: string;
  stages: Stage[];
  /** What was undone because the order could not go through, in plain words. */
  undone: string[];
}

/** The order's progress as a shopper reads it: where it is, what went wrong, what was put right. */
export function storyOf(order: Order): OrderStory {
  const steps = new Set(order.timeline.map((entry) => entry.step));
  const failure = order.timeline.find((entry) => describeStep(entry.step).tone === 'failed' && entry.step !== 'cancelled');

  // One "stock-reserved" per line: the stock step is done only once the payment was asked for.
  const paid = steps.has('payment-approved');
  const stockDone = paid || steps.has('payment-declined') || order.status === 'COMPLETED';
  const stockFailed = steps.has('stock-rejected') || (failure?.step === 'step-failed' && !stockDone);
  const paymentFailed = steps.has('payment-declined') || (failure?.step === 'step-failed' && stockDone && !paid);

  const stageWords: [Stage['key'], string, boolean, boolean][] = [
    ['placed', 'Placed', true, false],
    ['stock', 'Stock reserved', stockDone, stockFailed],
    ['payment', 'Paid', paid, paymentFailed],
    ['completed', 'Completed', order.status === 'COMPLETED', order.status === 'CANCELLED' && !stockFailed && !paymentFailed],
  ];
  let sawCurrent = false;
  let stopped = false;
  const stages = stageWords.map<Stage>(([key, label, done, failed]) => {
    let state: StageState;
    if (failed) {
      state = 'failed';
      stopped = true;
    } else if (done) {
      state = 'done';
    } else if (stopped || order.status === 'CANCELLED') {
      state = 'skipped';
    } else if (!sawCurrent && order.status === 'PENDING') {
      state = 'current';
      sawCurrent = true;
    } else {
      state = 'waiting';
    }
    return { key, label, state };
  });

  const undone: string[] = [];
  if (steps.has('stock-released')) undone.push('The stock reserved for this order was put back on the shelf.');
  if (steps.has('payment-refunded')) undone.push('The payment was refunded to your wallet.');

  if (order.status === 'COMPLETED') {
    return {
      headline: 'Your order is complete',
      explanation: 'The stock was reserved for you and the payment was taken from your wallet.',
      stages,
      undone,
    };
  }
  if (order.status === 'CANCELLED') {
    const why = order.cancellationReason ?? failure?.detail ?? 'The order could not be completed.';
    const where = stockFailed
      ? 'It stopped at the stock reservation.'
      : paymentFailed
        ? 'It stopped at the payment.'
        : 'It stopped before it could be completed.';
    return {
      headline: 'Your order was cancelled',
      explanation: `${sentence(why)} ${where}`,
      stages,
      undone,
    };
  }
  const current = stages.find((stage) => stage.state === 'current');
  const doing: Record<string, string> = {
    stock: 'Reserving the stock for your order…',
    payment: 'Taking the payment from your wallet…',
    completed: 'Completing your order…',
  };
  return {
    headline: 'We are working on your order',
    explanation: (current && doing[current.key]) ?? 'Your order has been received.',
    stages,
    undone,
  };
}

const UNDO_IN_PROGRESS: Record<string, string> = {
  'stock-released': 'Putting the reserved stock back on the shelf…',
  'payment-refunded': 'Refunding the payment to your wallet…',
};

/**
 * The undo steps a cancelled order still owes: stock that was reserved but not yet put back, a
 * payment that was taken but not yet refunded. They are carried out asynchronously, so they may
 * reach the timeline after the order has already been cancelled.
 */
export function pendingUndo(order: Order): string[] {
  if (order.status !== 'CANCELLED') return [];
  const steps = new Set(order.timeline.map((entry) => entry.step));
  const pending: string[] = [];
  if (steps.has('stock-reserved') && !steps.has('stock-released')) pending.push('stock-released');
  if (steps.has('payment-approved') && !steps.has('payment-refunded')) pending.push('payment-refunded');
  return pending;
}

/** What is still being undone for a cancelled order, in plain words. */
export function undoInProgress(order: Order): string[] {
  return pendingUndo(order).map((step) => UNDO_IN_PROGRESS[step]);
}

export function isFinal(order: Pick<Order, 'status'>): boolean {
  return order.status === 'COMPLETED' || order.status === 'CANCELLED';
}

export function sortedTimeline(timeline: TimelineEntry[]): TimelineEntry[] {
  return [...timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export function statusLabel(status: Order['status']): string {
  return { PENDING: 'In progress', COMPLETED: 'Completed', CANCELLED: 'Cancelled' }[status] ?? status;
}

function humanize(step: string): string {
  const words = step.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
