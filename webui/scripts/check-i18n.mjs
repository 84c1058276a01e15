// Fails the build when the UI translations are incomplete: every key must
// exist with a non-empty text in English, Lao and Thai; every key the source
// uses literally (t('...')) must exist; and every value of the office
// vocabulary (src/enums.js) must have its label.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, ENUMS } from '../src/enums.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dicts = Object.fromEntries(
  LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(root, 'src/i18n', `${l}.json`), 'utf8'))]),
);
const errors = [];
const allKeys = new Set(LANGUAGES.flatMap((l) => Object.keys(dicts[l])));
for (const key of allKeys) {
  for (const l of LANGUAGES) {
    const v = dicts[l][key];
    if (typeof v !== 'string' || v.trim() === '') errors.push(`${l}: missing or empty "${key}"`);
  }
}
// Placeholders such as {n} must be the same in every language.
for (const key of allKeys) {
  const ph = (l) => [...String(dicts[l][key] ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const l of LANGUAGES) {
    if (dicts[l][key] && ph(l) !== ph('en')) errors.push(`${l}: "${key}" has placeholders {${ph(l)}}, English has {${ph('en')}}`);
  }
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const used = new Set();
const namespaces = new Set([...allKeys].map((k) => k.split('.')[0]));
// i18n.js and enums.js define keys rather than use them.
const sources = walk(join(root, 'src')).filter((f) => /\.(jsx?|mjs)$/.test(f) && !/(i18n|enums)\.js$/.test(f));
for (const file of sources) {
  const src = readFileSync(file, 'utf8');
  // t('a.b') with a whole key; t('a.' + x) builds one (covered by ENUMS).
  for (const m of src.matchAll(/\bt\(\s*(['"])([\w.\-]*\w)\1/g)) used.add(m[2]);
  // Keys kept in tables (navigation, dashboard cards): any quoted literal
  // "namespace.word" whose namespace is one of the dictionary's.
  for (const m of src.matchAll(/(['"])([A-Za-z]+)\.([A-Za-z](?:[\w.]*\w)?)\1/g)) {
    if (namespaces.has(m[2])) used.add(`${m[2]}.${m[3]}`);
  }
}
for (const [prefix, values] of Object.entries(ENUMS)) {
  for (const v of values) used.add(`${prefix}.${v}`);
}
for (const key of used) {
  if (!(key in dicts.en)) errors.push(`source uses "${key}", which no translation has`);
}
if (errors.length) {
  console.error(`check-i18n: ${errors.length} problem(s) in the UI translations:\n  ` + errors.join('\n  '));
  process.exit(1);
}
console.log(`check-i18n: ${allKeys.size} keys complete in ${LANGUAGES.join(', ')}; ${used.size} used`);
