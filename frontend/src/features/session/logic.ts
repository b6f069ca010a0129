// The session's rules the screens apply before asking the backend (which checks them
// again): a new passphrase's length and its repetition, and the idle lock's clock.
import { minPassphraseLength } from './api/session';

export interface NewPassphrase {
  name: string;
  passphrase: string;
  repeat: string;
}

/** newAccountErrors lists what is wrong with a new account's name and passphrase, by
 * field ({} when nothing is). */
export function newAccountErrors(v: NewPassphrase): Partial<Record<keyof NewPassphrase, string>> {
  const errors: Partial<Record<keyof NewPassphrase, string>> = {};
  if (!v.name.trim()) errors.name = 'Enter the name this person signs in with.';
  const n = [...v.passphrase].length;
  if (n < minPassphraseLength) {
    errors.passphrase =
      n === 0
        ? `Choose a passphrase of at least ${minPassphraseLength} characters.`
        : `The passphrase has ${n} characters; it needs at least ${minPassphraseLength} (a few ordinary words make a good one).`;
  }
  if (v.repeat !== v.passphrase) errors.repeat = 'The two passphrases are not the same: type it again.';
  return errors;
}

/** The events that count as input: any of them restarts the idle clock. */
export const inputEvents = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'pointerdown'] as const;

/** watchIdle calls onIdle once when timeoutMs pass on the clock `now` without an input
 * event on target; it checks every second (so a computer that slept locks on waking).
 * It returns the function that stops watching. */
export function watchIdle({
  timeoutMs,
  onIdle,
  onInput,
  target = window,
  now = Date.now,
  everyMs = 1000,
}: {
  timeoutMs: number;
  onIdle: () => void;
  /** called on every input event (to report it to the backend, throttled) */
  onInput?: () => void;
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
  everyMs?: number;
}): () => void {
  let last = now();
  let fired = false;
  const input = () => {
    last = now();
    onInput?.();
  };
  for (const e of inputEvents) target.addEventListener(e, input, { capture: true, passive: true });
  const timer = setInterval(() => {
    if (!fired && now() - last >= timeoutMs) {
      fired = true;
      onIdle();
    }
  }, everyMs);
  return () => {
    clearInterval(timer);
    for (const e of inputEvents) target.removeEventListener(e, input, { capture: true });
  };
}

/** inputReportMs is how often, at most, input is reported to the backend's idle clock:
 * every 15 seconds, or more often under a short idle limit, so that a person at work is
 * never a report interval away from the backend's lock (app/idlelock.go). */
export function inputReportMs(idleMs: number): number {
  return Math.max(1000, Math.min(15_000, Math.floor(idleMs / 4)));
}

/** throttle makes call run report at once, then at most once every everyMs: calls in
 * between make one more report at the end of the interval, so the last input is always
 * reported (late rather than never: the backend's idle clock never runs ahead of the
 * window's). cancel drops a report still waiting. */
export function throttle(report: () => void, everyMs: number, now: () => number = Date.now): { call: () => void; cancel: () => void } {
  let last = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    pending = undefined;
    last = now();
    report();
  };
  return {
    call: () => {
      if (pending !== undefined) return;
      const wait = last + everyMs - now();
      if (wait <= 0) fire();
      else pending = setTimeout(fire, wait);
    },
    cancel: () => {
      clearTimeout(pending);
      pending = undefined;
    },
  };
}

/** roleLabels name the roles as the screens show them. */
export const roleLabels: Record<string, string> = {
  administrator: 'Administrator',
  staff: 'Staff',
  auditor: 'Auditor (read-only)',
  backup: 'Backup only',
};
