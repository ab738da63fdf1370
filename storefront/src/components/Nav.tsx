import { logOut, useSession } from '../auth/session.ts';
import { navigate } from '../router.ts';

export function Nav() {
  const session = useSession();
  return (
    <header className="top">
      <a href="#/" className="brand">
        FCFS
      </a>
      <nav aria-label="Main">
        <ul>
          <li>
            <a href="#/">Shelf</a>
          </li>
          {session ? (
            <>
              <li>
                <a href="#/cart">Cart</a>
              </li>
              <li>
                <a href="#/orders">My orders</a>
              </li>
              {session.user.role === 'ADMIN' && (
                <li>
                  <a href="#/admin">Admin</a>
                </li>
              )}
              <li>
                <span className="who">Signed in as {session.user.name}</span>{' '}
                <button
                  type="button"
                  onClick={async () => {
                    await logOut();
                    navigate('#/');
                  }}
                >
                  Log out
                </button>
              </li>
            </>
          ) : (
            <>
              <li>
                <a href="#/login">Log in</a>
              </li>
              <li>
                <a href="#/signup">Sign up</a>
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}
