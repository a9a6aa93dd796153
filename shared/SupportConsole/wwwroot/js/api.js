// The admin API, called with the browser's sign-in (App Service Authentication's cookie; the local host's development
// sign-in locally). Errors come back as problem+json and are thrown as ApiError.

/** "/api/" when the console is at /api/console/. */
export const apiBase = location.pathname.replace(/console\/.*$/, '');

export class ApiError extends Error {
  constructor(status, problem, text) {
    super(problem?.detail || problem?.title || text || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json', 'X-Requested-With': 'XMLHttpRequest' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(apiBase + 'admin/' + path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'The connector did not answer', detail: `${e.message}. Check your connection and try again.` });
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : { title: `HTTP ${response.status}`, detail: text.slice(0, 300) };
    throw new ApiError(response.status, problem, text);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

/** A query string from an object, leaving out empty values. */
export function query(values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

export const signInUrl = () => '/.auth/login/aad?post_login_redirect_uri=' + encodeURIComponent(location.pathname + location.hash);
export const signOutUrl = () => '/.auth/logout?post_logout_redirect_uri=' + encodeURIComponent(location.pathname);
