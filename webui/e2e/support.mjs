// Helpers for the browser tests: a real saraban daemon on 127.0.0.1:0 with a
// fresh office, a small API client for setting up units and users, and the
// headless Debian chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { request as httpRequest } from 'node:http';
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

// Starts `saraban serve` on a new office (with `empty`, on an empty data
// directory: setup mode, docs/first-boot.md); resolves {url, stop()}.
export async function startDaemon({ empty = false } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'saraban-e2e-'));
  if (empty) {
    mkdirSync(`${data}/office`);  // a new box: an empty data directory
  } else {
    execFileSync(env.binary, ['init', '--data', `${data}/office`, '--org', 'ຫ້ອງການແຂວງ ທົດລອງ', '--admin', 'admin'], {
      env: { ...process.env, SARABAN_ADMIN_PASSWORD: ADMIN_PASSWORD },
      stdio: 'pipe',
    });
  }
  const help = execFileSync(env.binary, ['serve', '--help'], { encoding: 'utf8' });
  const args = ['serve', '--data', `${data}/office`, '--listen', '127.0.0.1:0', '--webui-dir', env.dist, '--ocr-workers', '2'];
  // Plain HTTP for the test when the daemon serves HTTPS by default.
  if (help.includes('--insecure-http')) args.push('--insecure-http');
  // USB drives are whatever is mounted under the media root.
  const mediaRoot = `${data}/media`;
  mkdirSync(mediaRoot);
  if (help.includes('--media-root')) args.push('--media-root', mediaRoot);
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
    dataDir: `${data}/office`,
    tmp: data,
    mediaRoot,
    log: () => log,
    // The one-time code setup mode prints on the console.
    setupCode: () => /SETUP CODE: (\S+)/.exec(log)?.[1],
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// One HTTP request on a connection of its own: the daemon closes idle
// keep-alive connections, and a pooled one reused after that (fetch's pool)
// fails a POST with "other side closed". Resolves {status, headers, text}.
function send(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A logged-in API client (cookie + CSRF token), for setting the office up.
export async function apiClient(base, username, password) {
  let cookie = '';
  let csrf = '';
  const call = async (method, path, body, type = 'application/json') => {
    const res = await send(`${base}/api/v1${path}`, method, {
      ...(body !== undefined ? { 'Content-Type': type } : {}),
      ...(cookie ? { Cookie: cookie } : {}),
      ...(csrf && method !== 'GET' ? { 'X-CSRF-Token': csrf } : {}),
    }, body === undefined || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    const set = res.headers['set-cookie'];
    if (set) cookie = set[0].split(';')[0];
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} -> ${res.status} ${res.text}`);
    return res.text ? JSON.parse(res.text) : null;
  };
  const s = await call('POST', '/session', { username, password });
  csrf = s.csrf_token;
  return {
    // Raw bytes as an attachment, the way the browser uploads them.
    upload: (letterId, filename, bytes) => call('POST',
      `/letters/${letterId}/attachments?filename=${encodeURIComponent(filename)}`, bytes, 'application/octet-stream'),
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

// Form controls (inputs, selects, text areas, buttons, links) in the page that
// have no accessible name: no <label>, aria-label(ledby) or text.
export async function unlabelledControls(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
      if (el.type === 'hidden' || el.closest('[hidden]') || el.getClientRects().length === 0) continue;
      const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') || (el.textContent || '').trim() || el.getAttribute('title');
      if (!named) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}

// Collects console errors (CSP violations are reported there) and uncaught
// exceptions of a page.
export function watchErrors(page, into) {
  page.on('console', (m) => m.type() === 'error' && into.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => into.push(`${page.url()}: ${e}`));
}

// A minimal SMTP server on 127.0.0.1 that accepts every message (no TLS, no
// AUTH), for the "send a test email" button. Resolves {url, messages, close()}.
export async function startSmtpSink() {
  const messages = [];
  const server = createServer((sock) => {
    let buf = '';
    let inData = false;
    sock.setEncoding('utf8');
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buf.slice(0, end));
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 OK queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') sock.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') { inData = true; sock.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `smtp://127.0.0.1:${server.address().port}`,
    messages,
    close: () => new Promise((r) => server.close(r)),
  };
}

// The two units every browser test starts from, under the office (unit 1).
export async function makeUnits(admin) {
  const central = await admin.post('/units', {
    parent_id: 1, code: 'CEN', name_lo: 'ຫ້ອງສາລະບັນກາງ', name_th: 'งานสารบรรณกลาง', name_en: 'Central Registry',
  });
  const edu = await admin.post('/units', {
    parent_id: 1, code: 'EDU', name_lo: 'ພະແນກສຶກສາທິການ', name_th: 'กองการศึกษา', name_en: 'Education Department',
  });
  return { central, edu };
}

// Logs in on the login page (choosing the language first when given).
export async function login(page, base, user, lang) {
  await page.goto(base);
  await page.locator('form input[name=username]').waitFor();
  if (lang) await page.locator(`.login-box .langs button[lang=${lang}]`).click();
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.locator('form button[type=submit]').click();
  await page.locator('[data-testid=dashboard-counts]').waitFor();
}

// Client-side navigation, like a click in the menu.
export async function go(page, path) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}
