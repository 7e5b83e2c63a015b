import { InputError } from '../../core/errors.js';

/** Where `orc --api` sends its requests, and the Authorization header it sends (never shown). */
export interface ApiTarget {
  /** The base URL without a trailing slash, safe to print. */
  readonly url: string;
  readonly authorization: string | null;
}

/**
 * The API a command talks to: `--api URL` or $ORC_API_URL, with $ORC_API_TOKEN (Bearer) or $ORC_API_USER and
 * $ORC_API_PASSWORD (Basic); null when neither names a URL. The only place the CLI reads these variables: a secret
 * is never taken from the command line, where `ps` would show it.
 */
export function apiTarget(flag: string | undefined, env: NodeJS.ProcessEnv): ApiTarget | null {
  const text = flag ?? env.ORC_API_URL;
  if (text === undefined || text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`--api "${text}": expected a URL such as http://orc.example:3000`, { flag: '--api', input: text });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`--api "${text}": expected an http or https URL`, { flag: '--api', input: text });
  if (url.username !== '' || url.password !== '') throw new InputError('--api: put credentials in $ORC_API_TOKEN or $ORC_API_USER/$ORC_API_PASSWORD, not in the URL', { flag: '--api' });
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, authorization: authorization(env) };
}

function authorization(env: NodeJS.ProcessEnv): string | null {
  const token = env.ORC_API_TOKEN;
  const user = env.ORC_API_USER;
  const password = env.ORC_API_PASSWORD;
  if (token) {
    if (user) throw new InputError('set either $ORC_API_TOKEN or $ORC_API_USER/$ORC_API_PASSWORD, not both');
    return `Bearer ${token}`;
  }
  if (!user) return null;
  if (password === undefined) throw new InputError('$ORC_API_USER is set without $ORC_API_PASSWORD');
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
