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
  target = window,
  now = Date.now,
  everyMs = 1000,
}: {
  timeoutMs: number;
  onIdle: () => void;
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
  everyMs?: number;
}): () => void {
  let last = now();
  let fired = false;
  const input = () => {
    last = now();
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

/** roleLabels name the roles as the screens show them. */
export const roleLabels: Record<string, string> = {
  administrator: 'Administrator',
  staff: 'Staff',
  auditor: 'Auditor (read-only)',
  backup: 'Backup only',
};
