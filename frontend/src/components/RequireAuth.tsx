import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isAdmin } from '../session/session';
import { useSession } from '../session/SessionContext';

/** Pages for signed-in shoppers: anyone else is sent to sign in, and comes back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

export function RequireAdmin({ children }: { children: ReactNode }) {
  const { session } = useSession();
  if (!isAdmin(session)) {
    return (
      <section className="page">
        <h1>Administration</h1>
        <div className="alert alert-error" role="alert">
          <p>This page is for administrators only.</p>
        </div>
      </section>
    );
  }
  return <>{children}</>;
}
