import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router";

/**
 * While `dirty`, a click on a link to another page of the app is held back and reported as
 * `pending`, so the page can ask first. (The browser's own navigation is covered by
 * `useUnsavedChangesWarning`.)
 */
export function useLeaveGuard(dirty: boolean) {
  const navigate = useNavigate();
  const location = useLocation();
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    if (!dirty) return undefined;
    function hold(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === location.pathname && url.search === location.search) return; // same page (skip link)
      // Runs before React's handlers: a router link sees the prevented default and stays put.
      event.preventDefault();
      setPending(`${url.pathname}${url.search}${url.hash}`);
    }
    document.addEventListener("click", hold, true);
    return () => document.removeEventListener("click", hold, true);
  }, [dirty, location.pathname, location.search]);

  return {
    pending,
    stay: () => setPending(null),
    leave: () => {
      const to = pending;
      setPending(null);
      if (to) void navigate(to);
    },
  };
}
