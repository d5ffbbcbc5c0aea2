import { useCallback, useEffect, useRef } from "react";
import { useSearchParams, type NavigateOptions } from "react-router";

type Update = (change: (current: URLSearchParams) => URLSearchParams, options?: NavigateOptions) => void;

/**
 * The address's query and a way to change it that builds on the newest one. The router's own
 * functional update sees the query of the last render, so two changes before the next render
 * (a day, then a time, typed quickly on a slow device) would lose the first.
 */
export function useSearchParamsUpdate(): [URLSearchParams, Update] {
  const [params, setParams] = useSearchParams();
  const newest = useRef(params);
  useEffect(() => {
    newest.current = params;
  }, [params]);
  const update = useCallback<Update>(
    (change, options) => {
      const next = change(newest.current);
      newest.current = next;
      setParams(next, options);
    },
    [setParams],
  );
  return [params, update];
}
