// Whether the box still needs its first-boot setup (docs/first-boot.md):
// asked once at start; the wizard itself (Setup.jsx) loads only then.
import { signal } from '../signal.js';

// null: not known yet; true: show the setup wizard; false: the office exists.
export const setupNeeded = signal(null);

export async function checkSetup() {
  try {
    const res = await fetch('/api/v1/setup', { credentials: 'same-origin' });
    const data = res.ok ? await res.json() : null;
    setupNeeded.set(Boolean(data?.setup_needed));
  } catch {
    setupNeeded.set(false);
  }
}

// After a setup or restore the daemon moves from setup mode to the office on
// the same address: the setup listener still answers for a moment (already
// saying no setup is needed, but refusing logins), then closes, and for a
// moment nothing answers. Asks the health check, which only the office
// answers with "ok", until it does, then leaves the wizard for the login.
export async function leaveSetupWhenServed() {
  for (let i = 0; i < 100; i += 1) {
    try {
      const res = await fetch('/api/v1/health', { credentials: 'same-origin', cache: 'no-store' });
      if (res.ok && (await res.json()).status === 'ok') break;
    } catch {
      /* switching over */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  setupNeeded.set(false);
}
