import { useState, type FormEvent } from 'react';
import { ErrorAlert, Field, fieldErrorsOf, Loading, Money } from '../components/ui';
import { formatMoney, parseAmount } from '../money';
import { useSession } from '../session/SessionContext';
import { useResource } from '../useResource';
import { useOrderChanges } from '../events';
import { isFinal } from '../timeline';
import { useDocumentTitle } from '../useDocumentTitle';

export function WalletPage() {
  useDocumentTitle('Wallet');
  const { api } = useSession();
  const wallet = useResource((signal) => api.wallet(signal), [api]);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useOrderChanges((order) => {
    if (isFinal(order)) wallet.reload();
  });

  async function deposit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setDone(null);
    setError(null);
    const value = parseAmount(amount);
    if (value === null || value <= 0) {
      setLocalError('Enter an amount greater than zero, with at most two decimals, like 25 or 19.90.');
      return;
    }
    setLocalError(null);
    setBusy(true);
    try {
      const updated = await api.deposit(value);
      wallet.setData(updated);
      setAmount('');
      setDone(`${formatMoney(value)} added. Your balance is now ${formatMoney(updated.balance)}.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page page-narrow">
      <h1>Wallet</h1>
      <div className="card balance-card">
        <p className="muted">Balance</p>
        {wallet.data ? (
          <p className="balance" data-testid="wallet-balance">
            <Money amount={wallet.data.balance} />
          </p>
        ) : wallet.loading ? (
          <Loading label="Loading your balance…" />
        ) : null}
        {wallet.error ? <ErrorAlert error={wallet.error} onRetry={wallet.reload} /> : null}
      </div>

      <form className="card form" onSubmit={deposit} noValidate>
        <h2>Add money</h2>
        <ErrorAlert error={error} shownFields={['amount']} />
        {done && (
          <p className="alert alert-success" role="status">
            {done}
          </p>
        )}
        <Field
          label="Amount"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="50.00"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={localError ?? fieldErrorsOf(error).amount}
        />
        <button type="submit" className="button button-primary" disabled={busy || amount.trim() === ''}>
          {busy ? 'Adding…' : 'Add to wallet'}
        </button>
      </form>
    </section>
  );
}
