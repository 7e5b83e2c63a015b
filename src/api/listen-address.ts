import { apiExposureProblem, parseListenAddress, type ListenAddress } from '../../core/api-config.js';
import type { Config } from '../../core/config.js';
import { InputError } from '../../core/errors.js';

/** Where the API listens: `--listen HOST:PORT` when given (checked like the config's), else api.listen; null means no API. */
export function apiListenAddress(flag: string | undefined, api: Config['api']): ListenAddress | null {
  if (flag === undefined) return api.listen ?? null;
  const parsed = parseListenAddress(flag);
  if (typeof parsed === 'string') throw new InputError(`--listen: ${parsed}`, { flag: '--listen', input: flag });
  const exposed = apiExposureProblem(parsed, api.tokens.length + api.basic.length);
  if (exposed) throw new InputError(`--listen: ${exposed}`, { flag: '--listen', input: flag });
  return parsed;
}
