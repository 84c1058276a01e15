// The rest of the screens end to end, in headless chromium against the real
// daemon: a keyboard-only login; the admin's organisation chart (a unit with
// a Lao name), users (an executive with an email address), office settings
// (OCR order, email relay with a test message to a real SMTP listener),
// backups ("back up now" to a folder after `saraban backup setup`) and system
// health; then a letter's life: the pdf.js viewer, a comment, watch, submit
// for signature (the executive's unread badge goes up live), forward to a
// person with a due date, send to a unit and the route view, a personal
// folder, the watch list, the CSV exports, signing with the password (a valid
// signature), the assignee's list and a password change. Every screen is
// checked for console errors (CSP violations are reported there) and for
// controls without a label, and saved as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startDaemon, apiClient, launchBrowser, shot, env, ADMIN_PASSWORD, unlabelledControls, watchErrors,
  startSmtpSink, makeUnits, go, login as loginAt,
} from './support.mjs';

const CLERK = { username: 'clerk', password: 'ສາລະບັນ-clerk-1' };
const STAFF = { username: 'somsak', password: 'ພະນັກງານ-edu-1' };
const SUBJECT = 'ແຈ້ງການກອງປະຊຸມຄະນະກຳມະການແຂວງ ປະຈຳເດືອນ';
const COMMENT = 'ກະລຸນາກະກຽມຫ້ອງປະຊຸມໃຫ້ພ້ອມ';
const INSTRUCTION = 'ກະກຽມບົດລາຍງານສົ່ງກ່ອນກອງປະຊຸມ';
const FOLDER = 'ແຟ້ມກອງປະຊຸມ 2026';
const BOSS_NAME = 'ທ່ານ ບຸນທັນ ແກ້ວມະນີ';

let daemon;
let browser;
let base;
let admin;
let smtp;
let usb;
let drive;  // mount point of the loop-mounted "USB drive" (root only)

// Whether a folder is a mount point right now.
function mounted(path) {
  return readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === path);
}
let letterId;
let staffId;
let bossPassword; // made by the users screen, shown once
const errors = [];

before(async () => {
  daemon = await startDaemon();
  base = daemon.url;
  admin = await apiClient(base, 'admin', ADMIN_PASSWORD);
  const { central, edu } = await makeUnits(admin);
  await admin.post('/users', {
    username: CLERK.username, password: CLERK.password, display_name: 'ນາງ ສົມໃຈ', roles: ['central_registrar'],
    unit_ids: [central.id], language: 'en',
  });
  staffId = (await admin.post('/users', {
    username: STAFF.username, password: STAFF.password, display_name: 'ທ້າວ ສົມສັກ', roles: ['staff'],
    unit_ids: [edu.id], language: 'en',
  })).id;
  // An incoming letter with a born-digital PDF (a searchable PDF of a scan).
  const clerk = await apiClient(base, CLERK.username, CLERK.password);
  const letter = await clerk.post('/letters', {
    unit_id: central.id, book: 'receive', direction: 'incoming', subject: SUBJECT, from: 'ກະຊວງພາຍໃນ',
  });
  letterId = letter.id;
  const pdf = join(daemon.tmp, 'letter.pdf');
  execFileSync(env.binary, ['make-pdf', join(env.samples, 'eng_01.png'), pdf, '--lang', 'eng'], { stdio: 'pipe' });
  await clerk.upload(letterId, 'ໜັງສືເຊີນ.pdf', readFileSync(pdf));
  // Backup keys, as the installer makes them on the server.
  const pass = join(daemon.tmp, 'passphrase');
  writeFileSync(pass, 'ວະລີລັບ ສຳຮອງຂໍ້ມູນ correct horse battery staple\n');
  execFileSync(env.binary, ['backup', 'setup', '--data', daemon.dataDir, '--passphrase-file', pass], { stdio: 'pipe' });
  usb = join(daemon.tmp, 'usb');
  mkdirSync(usb);
  // A USB drive as the box sees one: a file system mounted under the media
  // root (an ext4 image on a loop device; mounting needs root).
  if (process.getuid() === 0) {
    const image = join(daemon.tmp, 'drive.img');
    drive = join(daemon.mediaRoot, 'SARABAN1');
    execFileSync('truncate', ['-s', '32M', image]);
    execFileSync('mkfs.ext4', ['-q', '-L', 'SARABAN1', image]);
    mkdirSync(drive);
    execFileSync('mount', ['-o', 'loop', image, drive]);
  }
  smtp = await startSmtpSink();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (drive && mounted(drive)) execFileSync('umount', [drive]);
  await smtp?.close();
  await daemon?.stop();
});

// Waits for the screen to settle, checks every control has a name, saves it.
async function screen(page, name) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('main .loading'));
  assert.deepEqual(await unlabelledControls(page), [], `${name}: controls without a label`);
  await shot(page, name);
}

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

const login = (page, user) => loginAt(page, base, user);

// Presses Tab until the focused element matches `selector`.
async function tabTo(page, selector, max = 20) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

test('keyboard login; the admin edits the org chart, users, settings and email, backs up, checks health', async () => {
  const page = await newPage();
  await page.goto(base);
  await page.locator('input[name=username]').waitFor();
  // The keyboard alone: language, user name, password, Enter.
  await tabTo(page, '.login-box .langs button[lang=en]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await tabTo(page, 'input[name=username]');
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'password');
  await page.keyboard.type(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=dashboard-counts]').waitFor();
  await screen(page, '20-admin-dashboard');

  // Organisation chart: a unit with a Lao name under the office.
  await go(page, '/admin/units');
  await page.locator('ul[role=tree]').waitFor();
  await page.getByRole('button', { name: '+ Add a unit below' }).first().click();
  const unitForm = page.locator('form.action-form');
  await unitForm.getByLabel(/^Code/).fill('FIN');
  await unitForm.getByLabel('Name in Lao', { exact: true }).fill('ພະແນກການເງິນ');
  await unitForm.getByLabel('Name in Thai', { exact: true }).fill('กองคลัง');
  await screen(page, '21-admin-unit-form');
  await unitForm.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('treeitem', { name: /^FIN ພະແນກການເງິນ/ }).waitFor();
  const units = (await admin.get('/units')).units;
  assert.ok(units.some((u) => u.code === 'FIN' && u.name_lo === 'ພະແນກການເງິນ' && u.parent_id === 1));
  await screen(page, '22-admin-units');

  // Users and roles: an executive of the central registry, with an email.
  await go(page, '/admin/users');
  await page.getByRole('button', { name: '+ Add a user' }).click();
  const userForm = page.locator('form.action-form');
  await userForm.locator('input[name=new_username]').fill('boss');
  await userForm.locator('input[name=display_name]').fill(BOSS_NAME);
  await userForm.locator('input[name=email]').fill('boss@office.gov.la');
  await userForm.getByLabel('Executive', { exact: true }).check();
  await userForm.getByLabel('Staff', { exact: true }).uncheck();
  await userForm.getByLabel(/^CEN /).check();
  await screen(page, '23-admin-user-form');
  await userForm.getByRole('button', { name: 'Save' }).click();
  bossPassword = await page.locator('[data-testid=new-password]').textContent();
  assert.ok(bossPassword.length >= 8);
  await userForm.getByRole('button', { name: 'Close' }).click();
  await page.locator('table.list tr', { hasText: BOSS_NAME }).waitFor();
  const boss = (await admin.get('/users')).users.find((u) => u.username === 'boss');
  assert.deepEqual([boss.roles, boss.email], [['executive'], 'boss@office.gov.la']);
  await screen(page, '24-admin-users');

  // Office settings: Thai read first, the mail relay, the backup folder.
  await go(page, '/admin/settings');
  const order = () => page.locator('[data-testid=ocr-order] li').evaluateAll((l) => l.map((x) => x.dataset.code));
  await page.locator('[data-testid=ocr-order] li').first().waitFor();
  assert.deepEqual(await order(), ['lao', 'tha', 'eng']);
  await page.getByRole('button', { name: 'Move Thai up' }).click();
  assert.deepEqual(await order(), ['tha', 'lao', 'eng']);
  await page.fill('input[name=smtp_url]', smtp.url);
  await page.fill('input[name=smtp_from]', 'saraban@office.gov.la');
  await page.fill('input[name=smtp_password]', 'relay-secret-9');
  await page.fill('input[name=public_url]', `${base}/`);
  await page.fill('input[name=backup_target]', usb);
  await page.locator('[data-testid=save-settings]').click();
  await page.getByText('Saved.').waitFor();
  const settings = (await admin.get('/settings')).settings;
  assert.equal(settings.ocr_languages, 'tha+lao+eng');
  assert.equal(settings.smtp_url, smtp.url);
  assert.equal(settings.backup_target, usb);
  // The relay password is write-only: shown masked, never sent back.
  assert.equal(settings.smtp_password, '********');
  await page.waitForFunction(() => document.querySelector('input[name=smtp_password]').value === '********');
  await page.fill('input[name=test_to]', 'it@office.gov.la');
  await page.getByRole('button', { name: 'Send test email' }).click();
  await page.getByText('Test email sent to it@office.gov.la.').waitFor({ timeout: 20000 });
  assert.ok(smtp.messages.some((m) => m.includes('it@office.gov.la')), 'the relay got the test message');
  await page.locator('[data-testid=mail-status]', { hasText: 'Sending email' }).waitFor();
  await screen(page, '25-admin-settings');

  // Backups: back up now into the folder; the history shows it.
  await go(page, '/admin/backups');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.locator('table.list tr', { hasText: 'Succeeded' }).waitFor({ timeout: 60000 });
  assert.equal(readdirSync(usb).filter((f) => !f.startsWith('.')).length > 0, true, 'an archive in the folder');
  await screen(page, '26-admin-backups');

  // The USB drive: take the daily backup onto it, back up, remove it safely.
  if (drive) {
    const row = page.locator('[data-testid=drives] tr', { hasText: 'SARABAN1' });
    await row.getByRole('button', { name: 'Use for backups' }).click();
    await page.getByText('Backups now go to SARABAN1.').waitFor();
    assert.equal((await admin.get('/settings')).settings.backup_target, drive);
    await row.getByText('Backup drive').waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.locator('table.list tr', { hasText: 'SARABAN1' }).filter({ hasText: 'Succeeded' }).first().waitFor({ timeout: 60000 });
    assert.ok(readdirSync(drive).some((f) => f.endsWith('.sbk')), 'an archive on the drive');
    await row.getByText('Backups on it: 1').waitFor();
    await screen(page, '27-admin-drives');
    await row.getByRole('button', { name: 'Safely remove' }).click();
    await page.getByText('SARABAN1 can be unplugged now.').waitFor({ timeout: 30000 });
    assert.equal(mounted(drive), false, 'the drive is unmounted');
  } else {
    console.log('# not root: the USB drive steps are skipped');
  }

  // System health: version, disk, queues, the backup just made, mail.
  await go(page, '/admin/health');
  await page.locator('[data-testid=health-version]').waitFor();
  const version = (await admin.get('/health')).version;
  assert.match(await page.locator('[data-testid=health-version]').textContent(), new RegExp(version.replace(/\./g, '\\.')));
  const health = await page.locator('[data-testid=health]').textContent();
  assert.match(health, /free of/);
  assert.match(health, /Last backup: \d/);
  await screen(page, '27-admin-health');
  await page.context().close();
});

test('a letter through comment, signature, forward, route, folder, watch list, exports and password change', async () => {
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  const bossId = (await admin.get('/users')).users.find((u) => u.username === 'boss').id;

  // The executive waits on the dashboard: the badge must move by itself.
  const bossPage = await newPage();
  await login(bossPage, { username: 'boss', password: bossPassword });
  assert.equal(await bossPage.locator('[data-testid=unread]').count(), 0);

  const page = await newPage();
  await login(page, CLERK);
  await go(page, `/letters/${letterId}`);
  // The PDF drawn in the page by pdf.js, its text beside it.
  await page.locator('[data-testid=pdf-view] canvas').first().waitFor({ timeout: 30000 });
  await page.locator('[data-testid=extracted-text]').waitFor({ timeout: 60000 });
  await screen(page, '30-letter-pdf');

  // A comment on the letter.
  await page.fill('[data-testid=comment-form] textarea', COMMENT);
  await page.locator('[data-testid=comment-form] button[type=submit]').click();
  await page.locator('[data-testid=comments] li', { hasText: COMMENT }).waitFor();
  assert.match(await page.locator('[data-testid=comments] li').first().textContent(), /ນາງ ສົມໃຈ/);

  // Watch it.
  await page.locator('[data-testid=watch]').click();
  await page.locator('[data-testid=watch][aria-pressed=true]').waitFor();

  // Submit for signature to the executive: their badge goes up live.
  await page.locator('[data-testid=submit-signature]').click();
  await page.locator('[data-testid=submit-signature-form] select[name=signer]').selectOption(String(bossId));
  await screen(page, '31-submit-signature');
  await page.locator('[data-testid=submit-signature-form] button[type=submit]').click();
  await page.getByText('Submitted for signature.').waitFor();
  await bossPage.locator('[data-testid=unread]', { hasText: '1' }).waitFor({ timeout: 15000 });

  // Forward to a person with a due date.
  await page.locator('[data-testid=forward]').click();
  const fwd = page.locator('[data-testid=forward-form]');
  await fwd.locator('select[name=person]').selectOption(String(staffId));
  await fwd.locator('textarea').fill(INSTRUCTION);
  await fwd.locator('input[name=due_date]').fill(day(7));
  await screen(page, '32-forward-person');
  await fwd.locator('button[type=submit]').click();
  await page.locator('.assignments li', { hasText: INSTRUCTION }).waitFor();

  // Send to the Education Department: the route shows where it is now.
  await page.locator('[data-testid=send]').click();
  await page.locator('[data-testid=send-form]').getByLabel(/^EDU/).check();
  await page.locator('[data-testid=send-form] button[type=submit]').click();
  await page.locator('[data-testid=route] li').nth(1).waitFor();
  const stops = await page.locator('[data-testid=route] li').evaluateAll((l) => l.map((x) => [x.textContent, x.dataset.state]));
  assert.equal(stops.length, 2);
  assert.match(stops[0][0], /^CEN/);
  assert.equal(stops[0][1], 'open');
  assert.match(stops[1][0], /EDU.*Waiting to accept/);
  assert.equal(stops[1][1], 'waiting');
  assert.match(await page.locator('[data-testid=route-now]').textContent(), /CEN.*EDU|EDU.*CEN/);
  await screen(page, '33-letter-route');

  // A personal folder, and the letter filed in it.
  await go(page, '/folders');
  await page.fill('input[name=folder_name]', FOLDER);
  await page.getByRole('button', { name: 'Create folder' }).click();
  await page.locator('[data-testid=folder-name]', { hasText: FOLDER }).waitFor();
  const folderUrl = new URL(page.url()).pathname;
  await go(page, `/letters/${letterId}`);
  await page.locator('[data-testid=file-in-folder]').click();
  await page.locator('[data-testid=file-form] select[name=folder]').selectOption({ label: `${FOLDER} (Personal)` });
  await page.locator('[data-testid=file-form] button[type=submit]').click();
  await page.getByText('Filed in the folder.').waitFor();
  await go(page, folderUrl);
  await page.locator('[data-testid=folder-letters] li', { hasText: SUBJECT }).waitFor();
  await screen(page, '34-folder');
  await go(page, '/folders');
  await page.locator('[data-testid=folders-personal] li', { hasText: FOLDER }).waitFor();
  await screen(page, '35-folders');

  // The watch list.
  await go(page, '/watchlist');
  await page.locator('[data-testid=letter-table] tr', { hasText: SUBJECT }).waitFor();
  await screen(page, '36-watchlist');

  // Registers: the CSV export of the book and of the day.
  await go(page, '/registers');
  await page.locator('[data-testid=register-table] tr', { hasText: SUBJECT }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.includes(SUBJECT), 'the register CSV has the letter');
  const dailyHref = await page.locator('a[download]', { hasText: 'Export CSV' }).getAttribute('href');
  const daily = await page.request.get(`${base}${dailyHref}`);
  assert.equal(daily.status(), 200);
  assert.match(daily.headers()['content-type'], /text\/csv/);
  assert.ok((await daily.text()).includes(SUBJECT), 'the daily CSV has the letter');
  await screen(page, '37-registers');

  // The executive signs from the signing folder with the password.
  await go(bossPage, '/signing');
  await bossPage.locator('.results a.subject', { hasText: SUBJECT }).click();
  await bossPage.locator('[data-testid=sign]').click();
  await bossPage.fill('[data-testid=sign-form] input[name=sign_password]', bossPassword);
  await screen(bossPage, '38-sign-form');
  await bossPage.locator('[data-testid=sign-form] button[type=submit]').click();
  await bossPage.locator('[data-testid=signatures] li[data-status=valid]').waitFor();
  assert.ok((await bossPage.locator('[data-testid=signatures]').textContent()).includes(BOSS_NAME));
  await screen(bossPage, '39-signed');
  // The clerk hears of it: the badge and the notification list.
  await page.locator('[data-testid=unread]').waitFor({ timeout: 15000 });
  await go(page, '/notifications');
  await page.locator('[data-testid=notifications] li', { hasText: 'Signed' }).waitFor();
  await screen(page, '40-notifications');
  // Signature notifications were mailed through the relay as well.
  for (let i = 0; i < 40 && !smtp.messages.some((m) => m.includes('boss@office.gov.la')); i++) {
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(smtp.messages.some((m) => m.includes('boss@office.gov.la')), 'the signature request was mailed');

  // The assignee sees the instruction with its due date, then changes password.
  const staffPage = await newPage({ width: 390, height: 844 });
  await login(staffPage, STAFF);
  await go(staffPage, '/assignments');
  const item = staffPage.locator('.assignments li', { hasText: INSTRUCTION });
  await item.waitFor();
  assert.equal(await item.locator('a').getAttribute('href'), `/letters/${letterId}`);
  assert.match(await item.textContent(), /Due: \d/);
  await screen(staffPage, '41-assignments-phone');
  await go(staffPage, '/account');
  const newPassword = 'ລະຫັດໃໝ່-2026-ສົມສັກ';
  await staffPage.getByLabel('Current password').fill(STAFF.password);
  await staffPage.getByLabel(/^New password \*$/).fill(newPassword);
  await staffPage.getByLabel('New password again').fill(newPassword);
  await staffPage.getByRole('button', { name: 'Change password' }).click();
  await staffPage.getByText('Password changed.', { exact: false }).waitFor();
  await screen(staffPage, '42-password-changed');
  await apiClient(base, STAFF.username, newPassword); // throws if the new password does not work

  for (const p of [page, bossPage, staffPage]) await p.context().close();
});

test('no script errors or CSP violations on any screen', () => {
  // The login page's session check answers 401 before anyone logged in.
  assert.deepEqual(errors.filter((e) => !/favicon|status of 401/.test(e)), []);
});
