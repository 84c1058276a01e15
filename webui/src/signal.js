// A minimal observable value for app-wide state (language, session, unread
// count), with a Preact hook that re-renders on change.
import { useEffect, useState } from 'preact/hooks';

export function signal(initial) {
  let value = initial;
  const subs = new Set();
  return {
    get: () => value,
    set(v) {
      if (v === value) return;
      value = v;
      for (const fn of [...subs]) fn(v);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

export function useSignal(sig) {
  const [, force] = useState(0);
  useEffect(() => sig.subscribe(() => force((n) => n + 1)), [sig]);
  return sig.get();
}
