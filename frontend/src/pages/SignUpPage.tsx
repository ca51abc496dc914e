import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorAlert, Field, fieldErrorsOf } from '../components/ui';
import { useSession } from '../session/SessionContext';
import { useDocumentTitle } from '../useDocumentTitle';

interface Account {
  username: string;
  displayName: string;
  email: string;
  password: string;
}

const FIELDS: (keyof Account)[] = ['username', 'displayName', 'email', 'password'];

export function SignUpPage() {
  useDocumentTitle('Create your account');
  const { session, api, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [account, setAccount] = useState<Account>({ username: '', displayName: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session && !busy) return <Navigate to={from} replace />;

  const change = (field: keyof Account) => (event: { target: { value: string } }) =>
    setAccount((current) => ({ ...current, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const trimmed = { ...account, username: account.username.trim(), displayName: account.displayName.trim(), email: account.email.trim() };
    try {
      await api.register(trimmed);
      await signIn(trimmed.username, trimmed.password);
      navigate(from, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const fields = fieldErrorsOf(error);
  const complete = FIELDS.every((field) => account[field].trim() !== '');
  return (
    <section className="page page-narrow">
      <h1>Create your account</h1>
      <p className="lead">Every new account comes with a wallet, ready to shop.</p>
      <form className="card form" onSubmit={submit} noValidate>
        <ErrorAlert error={error} shownFields={FIELDS} />
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={account.username}
          onChange={change('username')}
          error={fields.username}
        />
        <Field
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          value={account.displayName}
          onChange={change('displayName')}
          error={fields.displayName}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={account.email}
          onChange={change('email')}
          error={fields.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters, 5 of them different; not a common password."
          value={account.password}
          onChange={change('password')}
          error={fields.password}
        />
        <button type="submit" className="button button-primary" disabled={busy || !complete}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
        <p className="form-footer">
          Already have an account? <Link to="/signin" state={location.state}>Sign in</Link>
        </p>
      </form>
    </section>
  );
}
