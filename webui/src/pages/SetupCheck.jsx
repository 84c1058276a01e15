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
