// Helpers for the browser tests: a real saraban daemon on 127.0.0.1:0 with a
// fresh office, a small API client for setting up units and users, and the
// headless Debian chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const env = {
  binary: process.env.SARABAN_BINARY,
  dist: process.env.SARABAN_WEBUI_DIST,
  samples: process.env.SARABAN_SAMPLES,
  screenshots: process.env.SARABAN_SCREENSHOTS || join(tmpdir(), 'saraban-screenshots'),
  perfOut: process.env.SARABAN_PERF_OUT || '',
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};
for (const k of ['binary', 'dist', 'samples']) {
  if (!env[k]) throw new Error(`set SARABAN_${k.toUpperCase()} (see webui/CMakeLists.txt)`);
}
mkdirSync(env.screenshots, { recursive: true });

const here = dirname(fileURLToPath(import.meta.url));
export const dictionaries = Object.fromEntries(
  ['en', 'lo', 'th'].map((l) => [l, JSON.parse(readFileSync(join(here, '../src/i18n', `${l}.json`), 'utf8'))]),
);

export const ADMIN_PASSWORD = 'ຜູ້ດູແລ-admin-2026';

// Starts `saraban serve` on a new office; resolves {url, stop()}.
export async function startDaemon() {
  const data = mkdtempSync(join(tmpdir(), 'saraban-e2e-'));
  execFileSync(env.binary, ['init', '--data', `${data}/office`, '--org', 'ຫ້ອງການແຂວງ ທົດລອງ', '--admin', 'admin'], {
    env: { ...process.env, SARABAN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: 'pipe',
  });
  const help = execFileSync(env.binary, ['serve', '--help'], { encoding: 'utf8' });
  const args = ['serve', '--data', `${data}/office`, '--listen', '127.0.0.1:0', '--webui-dir', env.dist, '--ocr-workers', '2'];
  // Plain HTTP for the test when the daemon serves HTTPS by default.
  if (help.includes('--insecure-http')) args.push('--insecure-http');
  const child = spawn(env.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`daemon did not start:\n${log}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`daemon exited ${code}:\n${log}`)));
  });
  return {
    url,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// A logged-in API client (cookie + CSRF token), for setting the office up.
export async function apiClient(base, username, password) {
  let cookie = '';
  let csrf = '';
  const call = async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(cookie ? { Cookie: cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'X-CSRF-Token': csrf } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const s = await call('POST', '/session', { username, password });
  csrf = s.csrf_token;
  return {
    get: (p) => call('GET', p),
    post: (p, b = {}) => call('POST', p, b),
    patch: (p, b) => call('PATCH', p, b),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    // Root on CI: chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(env.screenshots, `${name}.png`), fullPage: true });
}

// Texts of English UI strings and raw keys visible in a Lao or Thai screen.
// User data shown as text (extracted OCR text) is left out.
export async function englishLeftIn(page, lang) {
  const en = dictionaries.en;
  const other = dictionaries[lang];
  const texts = await page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll('noscript, [data-testid="extracted-text"], .langs, pre').forEach((n) => n.remove());
    const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
      .filter((n) => !n.closest('.langs'))
      .map((n) => [n.getAttribute('aria-label'), n.getAttribute('placeholder'), n.getAttribute('title')].filter(Boolean).join(' '));
    return `${clone.textContent} ${attrs.join(' ')}`.replace(/\s+/g, ' ');
  });
  const found = [];
  const namespaces = new Set(Object.keys(en).map((k) => k.split('.')[0]));
  for (const m of texts.matchAll(/\b([a-zA-Z]+)\.([a-zA-Z_]+)\b/g)) {
    if (namespaces.has(m[1]) && `${m[1]}.${m[2]}` in en) found.push(`key ${m[0]}`);
  }
  for (const [key, value] of Object.entries(en)) {
    if (value === other[key] || value.length < 3 || !/[A-Za-z]{3}/.test(value)) continue;
    const pattern = value.replace(/\{\w+\}/g, '\u0000').split('\u0000')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?');
    if (new RegExp(`(^|[^A-Za-z])${pattern}($|[^A-Za-z])`).test(texts)) found.push(`${key}: "${value}"`);
  }
  return found;
}
