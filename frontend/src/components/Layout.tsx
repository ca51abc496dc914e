import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { itemCount } from '../cart/cart';
import { useCart } from '../cart/CartContext';
import { isAdmin } from '../session/session';
import { useSession } from '../session/SessionContext';

export function Layout() {
  const { session, notice, dismissNotice, signOut } = useSession();
  const { cart } = useCart();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const count = itemCount(cart);

  // Moving to another page moves keyboard and screen-reader focus to its content.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-link active' : 'nav-link');

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand" aria-label="Saga Shop, home">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>Saga Shop</span>
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <NavLink to="/" end className={navClass}>
                  Catalog
                </NavLink>
              </li>
              <li>
                <NavLink to="/cart" className={navClass} aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
                  Cart{' '}
                  <span className="cart-count" aria-hidden="true">
                    {count}
                  </span>
                </NavLink>
              </li>
              {session && (
                <>
                  <li>
                    <NavLink to="/orders" className={navClass}>
                      Orders
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/wallet" className={navClass}>
                      Wallet
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/notifications" className={navClass}>
                      Notifications
                    </NavLink>
                  </li>
                </>
              )}
              {isAdmin(session) && (
                <li>
                  <NavLink to="/admin" className={navClass}>
                    Admin
                  </NavLink>
                </li>
              )}
            </ul>
          </nav>
          <div className="account">
            {session ? (
              <>
                <span className="account-name" title="Signed in">
                  {session.username}
                </span>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => {
                    signOut();
                    navigate('/');
                  }}
                >
                  Sign out
                </button>
              </>
            ) : (
              <>
                <NavLink to="/signin" className={navClass}>
                  Sign in
                </NavLink>
                <NavLink to="/signup" className="button button-small">
                  Sign up
                </NavLink>
              </>
            )}
          </div>
        </div>
      </header>
      {notice && (
        <div className="notice" role="status">
          <p>{notice}</p>
          <button type="button" className="button button-quiet button-small" onClick={dismissNotice} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Saga Shop — every order is run by a saga: stock, payment, and an undo for each step.</p>
      </footer>
    </>
  );
}
