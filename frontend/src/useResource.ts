import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from './api/client';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; the data shown stays until the new answer arrives. */
  reload: () => void;
  setData: (data: T) => void;
}

interface Options {
  /** Reload every this many milliseconds while the page is visible. */
  pollMs?: number;
  enabled?: boolean;
}

/** Loads something from the API for a page, with loading and error states and cancellation. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], options: Options = {}): Resource<T> {
  const { pollMs, enabled = true } = options;
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(enabled);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted && !isAbort(failure)) setError(failure);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [...deps, generation, enabled]);

  useEffect(() => {
    if (!pollMs || !enabled) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setGeneration((g) => g + 1);
    }, pollMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') setGeneration((g) => g + 1);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [pollMs, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload, setData };
}
