"use client";
import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";

/**
 * After a client-side navigation, focus moves to the new page's main heading (its <h1>), as a full
 * page load would start a screen reader there: without it focus stays on the link just followed,
 * or drops to <body> when that link is gone. The heading may render a moment later (data still
 * loading), so it is waited for, briefly. The first page load is left alone.
 */
export function RouteFocus() {
  const pathname = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const heading = document.querySelector<HTMLElement>("main h1");
      // A field the user has started typing into since (a search box on the new page) keeps focus.
      const typing = document.activeElement?.matches("input, textarea, select, [contenteditable]") && document.activeElement.closest("main");
      if (heading && !typing) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: false });
      } else if (!typing && ++frames < 120) handle = requestAnimationFrame(tryFocus);
    };
    handle = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(handle);
  }, [pathname]);
  return null;
}

/** The first Tab on any page: straight to its content, past the top bar's links. */
export function SkipLink() {
  return (
    <a href="#main" className="sr-only z-50 rounded bg-sky-700 px-3 py-2 text-sm text-on-accent focus:not-sr-only focus:absolute focus:left-2 focus:top-2">
      Skip to content
    </a>
  );
}
