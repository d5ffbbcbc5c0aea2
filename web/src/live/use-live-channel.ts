import { useEffect, useRef } from "react";
import { liveConnection, type LiveListener } from "./connection";

/** Listens on `channel` (none when null) through the page's shared live connection. */
export function useLiveChannel(channel: string | null, listener: LiveListener) {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (!channel) return undefined;
    return liveConnection().subscribe(channel, {
      onSubscribed: () => latest.current.onSubscribed?.(),
      onMessage: (message) => latest.current.onMessage?.(message),
    });
  }, [channel]);
}
