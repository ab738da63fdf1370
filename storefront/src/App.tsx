import { useSession } from './auth/session.ts';
import { Nav } from './components/Nav.tsx';
import { Admin } from './pages/Admin.tsx';
import { Cart } from './pages/Cart.tsx';
import { Login } from './pages/Login.tsx';
import { Orders } from './pages/Orders.tsx';
import { ProductPage } from './pages/ProductPage.tsx';
import { Shelf } from './pages/Shelf.tsx';
import { SignUp } from './pages/SignUp.tsx';
import { type Route, useRoute } from './router.ts';

/** Pages that need an account show the login form to anyone signed out (and after logout). */
function Page({ route, signedIn }: { route: Route; signedIn: boolean }) {
  switch (route.page) {
    case 'product':
      return <ProductPage id={route.id} />;
    case 'signup':
      return <SignUp />;
    case 'login':
      return <Login />;
    case 'cart':
      return signedIn ? <Cart /> : <Login />;
    case 'orders':
      return signedIn ? <Orders /> : <Login />;
    case 'admin':
      return signedIn ? <Admin /> : <Login />;
    case 'shelf':
      return <Shelf />;
  }
}

export function App() {
  const route = useRoute();
  const session = useSession();
  return (
    <>
      <Nav />
      <main id="main" tabIndex={-1}>
        {/* A new page (another product too) or another account starts from a clean state. */}
        <Page
          key={`${JSON.stringify(route)}-${session?.user.id ?? 'anonymous'}`}
          route={route}
          signedIn={session !== null}
        />
      </main>
    </>
  );
}
