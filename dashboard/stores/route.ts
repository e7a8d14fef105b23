// The screen the app shows, following the address (routes.ts maps the two).
import { create } from 'zustand';
import { hrefOf, parseLocation, type Route } from '../routes.ts';

export { hrefOf, parseLocation, type Route };

interface RouteState {
  route: Route;
  go(route: Route): void;
}

export const useRoute = create<RouteState>(() => ({
  route: parseLocation(location.pathname, location.hash),
  go(route) {
    const href = hrefOf(route);
    if (href.startsWith('#') && location.pathname !== '/') history.pushState(null, '', `/${href}`);
    else location.hash = href;
    useRoute.setState({ route });
  },
}));

window.addEventListener('hashchange', () => useRoute.setState({ route: parseLocation(location.pathname, location.hash) }));
window.addEventListener('popstate', () => useRoute.setState({ route: parseLocation(location.pathname, location.hash) }));
