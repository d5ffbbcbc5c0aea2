import { useEffect, useRef } from "react";
import { useMarkNoteRead } from "../../api/gamification";

/** An invisible marker after a note's last line: once it has been on screen, the note counts as read (once per visit; the server keeps the first). */
export function ReadToEnd({ itemId }: { itemId: string }) {
  const marker = useRef<HTMLDivElement>(null);
  const markRead = useMarkNoteRead();
  const mutate = markRead.mutate;
  useEffect(() => {
    const element = marker.current;
    if (!element || typeof IntersectionObserver === "undefined") return undefined;
    let sent = false;
    const observer = new IntersectionObserver((entries) => {
      if (sent || document.visibilityState === "hidden") return;
      if (entries.some((entry) => entry.isIntersecting)) {
        sent = true;
        observer.disconnect();
        mutate(itemId);
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [itemId, mutate]);
  return <div ref={marker} aria-hidden="true" data-testid="note-end" className="h-px" />;
}
