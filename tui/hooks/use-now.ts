import { useEffect, useState } from 'react';
import type { Clock } from '../../core/ports/clock.js';

/** The clock's time, re-read every tickMs so ages on screen keep counting between refreshes. */
export function useNow(clock: Clock, tickMs: number): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), tickMs);
    return () => clearInterval(timer);
  }, [clock, tickMs]);
  return Math.max(now, clock.now());
}
