import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useSession } from '../session/SessionContext';
import { ErrorAlert, Field, fieldErrorsOf } from '../components/ui';
import { useDocumentTitle } from '../useDocumentTitle';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session && !busy) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(from, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const fields = fieldErrorsOf(error);
  return (
    <section className="page page-narrow">
      <h1>Sign in</h1>
      <form className="card form" onSubmit={submit} noValidate aria-describedby={error ? 'signin-error' : undefined}>
        <div id="signin-error">
          <ErrorAlert error={error} shownFields={['username', 'password']} />
        </div>
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fields.username}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
        <button type="submit" className="button button-primary" disabled={busy || !username.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="form-footer">
          New here? <Link to="/signup" state={location.state}>Create an account</Link>
        </p>
      </form>
    </section>
  );
}
