// Runs after `vite build`: fails the build when the output would break the
// daemon's strict Content-Security-Policy or reach the internet, then writes
// a .gz beside every compressible file so the daemon can send it as is.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dist = process.env.SARABAN_WEBUI_OUT || 'dist';
const problems = [];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(dist).filter((f) => !f.endsWith('.gz'));
for (const file of files) {
  const ext = extname(file);
  if (ext === '.html') {
    const html = readFileSync(file, 'utf8');
    // Every <script> must load a file; no inline code, no inline styles.
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc=/.test(m[1]) || m[2].trim() !== '') problems.push(`${file}: inline <script>`);
    }
    if (/<style\b/i.test(html)) problems.push(`${file}: inline <style>`);
    if (/\sstyle=/i.test(html)) problems.push(`${file}: style attribute`);
    if (/\son[a-z]+=/i.test(html)) problems.push(`${file}: inline event handler`);
    if (/(src|href)=["']?(https?:)?\/\//i.test(html)) problems.push(`${file}: external resource`);
  }
  if (ext === '.css') {
    const css = readFileSync(file, 'utf8');
    if (/url\(\s*["']?(https?:)?\/\//i.test(css)) problems.push(`${file}: external url() in CSS`);
    if (/@import\s+["']?(url\()?\s*["']?(https?:)?\/\//i.test(css)) {
      problems.push(`${file}: external @import`);
    }
  }
}
if (problems.length) {
  console.error('check-dist: the build breaks the web UI rules:\n  ' + problems.join('\n  '));
  process.exit(1);
}

const compressible = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map']);
let count = 0;
for (const file of files) {
  if (!compressible.has(extname(file))) continue;
  const raw = readFileSync(file);
  if (raw.length < 512) continue;
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  if (gz.length < raw.length) {
    writeFileSync(file + '.gz', gz);
    count++;
  }
}
console.log(`check-dist: ${files.length} files checked, ${count} precompressed (.gz)`);
