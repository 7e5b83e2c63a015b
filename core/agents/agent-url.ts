import { InputError } from '../errors.js';

/** Longest agent URL orc keeps (a scheme, a host name and a port fit many times over). */
export const AGENT_URL_LENGTH = 512;

/**
 * The canonical form of an agent's base URL (`http(s)://host[:port]`, no trailing slash), or InputError when it is
 * not an http or https URL without credentials, path, query or fragment.
 */
export function agentUrl(text: string): string {
  const bad = (why: string) => new InputError(`agent url "${text.slice(0, 100)}": ${why}`, { field: 'url' });
  if (typeof text !== 'string' || text === '') throw bad('must be an http or https URL');
  if (text.length > AGENT_URL_LENGTH) throw bad(`longer than ${AGENT_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`scheme ${url.protocol} is not http or https`);
  if (url.username !== '' || url.password !== '') throw bad('must not hold credentials');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw bad('must be a base URL without path, query or fragment');
  return url.origin;
}
