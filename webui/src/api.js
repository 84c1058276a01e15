// The JSON API client: the session's CSRF token on every state change, one
// error type carrying the API's {"error": {code, message, hint}}, and uploads
// through XMLHttpRequest for their progress events.
import { signal } from './signal.js';

export const session = signal(null); // {csrf_token, user} or null when logged out
export const sessionChecked = signal(false);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code || 'internal';
    this.hint = body?.error?.hint || '';
  }
}

function headers(method, hasBody) {
  const h = {};
  if (hasBody) h['Content-Type'] = 'application/json';
  const s = session.get();
  if (s && method !== 'GET') h['X-CSRF-Token'] = s.csrf_token;
  return h;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function api(method, path, body) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: headers(method, body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    if (res.status === 401 && path !== '/session' && path !== '/session/password') {
      session.set(null);
    }
    throw new ApiError(res.status, typeof data === 'object' ? data : null);
  }
  return data;
}

export const get = (path, params) => api('GET', path + query(params));
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

// Uploads one file as the raw body; onProgress(fraction). Resolves with the
// attachment JSON.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const s = session.get();
    if (s) xhr.setRequestHeader('X-CSRF-Token', s.csrf_token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(data);
      } else reject(new ApiError(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(file);
  });
}

export async function loadSession() {
  try {
    session.set(await get('/session'));
  } catch {
    session.set(null);
  }
  sessionChecked.set(true);
}

// Cached reference data (units, books, settings), loaded once per session.
const cache = new Map();
export function cached(path) {
  if (!cache.has(path)) {
    const p = get(path).catch((e) => {
      cache.delete(path);
      throw e;
    });
    cache.set(path, p);
  }
  return cache.get(path);
}
export function clearCache(path) {
  if (path) cache.delete(path);
  else cache.clear();
}
