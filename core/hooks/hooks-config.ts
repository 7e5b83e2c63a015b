import { z } from 'zod';
import { OrcError } from '../errors.js';
import { HOOK_POINTS, type HookPoint } from './hook-points.js';
import { envNameOf, KNOWN_PLACEHOLDERS, unknownPlaceholders } from './hook-values.js';
import { splitCommandLine } from './split-command-line.js';

/** How long a hook may run before orc kills its process group, unless the hook sets timeoutMs. */
export const DEFAULT_HOOK_TIMEOUT_MS = 30_000;

/** One validated hook: a program with argv (placeholders expanded per element) or an opted-in bash script. */
export type HookSpec =
  | { readonly kind: 'argv'; readonly argv: readonly string[]; readonly timeoutMs: number; readonly display: string }
  | { readonly kind: 'shell'; readonly script: string; readonly timeoutMs: number; readonly display: string };

/** The hooks of every lifecycle point, in the order they run. */
export type HooksConfig = { readonly [P in HookPoint]: readonly HookSpec[] };

const timeoutMs = z.number().int().min(1).max(3_600_000).default(DEFAULT_HOOK_TIMEOUT_MS);

const argvObject = z.strictObject({
  argv: z.array(z.string()).min(1, 'argv needs at least the program'),
  timeoutMs,
  shell: z.literal(false, 'shell must be false with argv, or a script text without argv').optional(),
});

const shellObject = z.strictObject({ shell: z.string().trim().min(1, 'shell script is empty'), timeoutMs });

const quoteForDisplay = (arg: string): string => (/^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

function refuseUnknown(argv: readonly string[], display: string, ctx: z.core.$RefinementCtx): boolean {
  const unknown = argv.flatMap(unknownPlaceholders);
  if (unknown.length === 0) return true;
  ctx.addIssue({
    code: 'custom',
    message: `hook "${display}": unknown placeholder {${unknown[0]}} (known: ${[...KNOWN_PLACEHOLDERS].map((n) => `{${n}}`).join(' ')}; write {{name}} for a literal {name})`,
  });
  return false;
}

function fromCommandString(text: string, ctx: z.core.$RefinementCtx): HookSpec | typeof z.NEVER {
  let argv: string[];
  try {
    argv = splitCommandLine(text);
  } catch (err) {
    if (!(err instanceof OrcError)) throw err;
    ctx.addIssue({ code: 'custom', message: `hook "${text}": ${err.message}` });
    return z.NEVER;
  }
  if (!refuseUnknown(argv, text, ctx)) return z.NEVER;
  return { kind: 'argv', argv, timeoutMs: DEFAULT_HOOK_TIMEOUT_MS, display: text };
}

function fromArgvObject(raw: z.output<typeof argvObject>, ctx: z.core.$RefinementCtx): HookSpec | typeof z.NEVER {
  const display = raw.argv.map(quoteForDisplay).join(' ');
  if (raw.argv[0] === '') {
    ctx.addIssue({ code: 'custom', message: `hook "${display}": argv[0] (the program) is empty`, path: ['argv', 0] });
    return z.NEVER;
  }
  if (!refuseUnknown(raw.argv, display, ctx)) return z.NEVER;
  return { kind: 'argv', argv: raw.argv, timeoutMs: raw.timeoutMs, display };
}

function fromShellObject(raw: z.output<typeof shellObject>, ctx: z.core.$RefinementCtx): HookSpec | typeof z.NEVER {
  const firstLine = raw.shell.split('\n')[0]!;
  const display = `shell: ${firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine}`;
  // "${failedHost}" is a shell variable, not a placeholder; only a bare "{failedHost}" would look like one.
  const used = [...raw.shell.matchAll(/(?<!\$)\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!).filter((name) => KNOWN_PLACEHOLDERS.has(name));
  if (used.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `hook "${display}": a shell hook must not contain placeholders ({${used[0]}}): values reach shell hooks only as environment variables; write "$${envNameOf(used[0]!)}" (quoted) instead`,
      path: ['shell'],
    });
    return z.NEVER;
  }
  return { kind: 'shell', script: raw.shell, timeoutMs: raw.timeoutMs, display };
}

function forward(error: z.ZodError, ctx: z.core.$RefinementCtx): typeof z.NEVER {
  for (const issue of error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
}

const hookSchema = z.unknown().transform((raw, ctx): HookSpec => {
  if (typeof raw === 'string') return fromCommandString(raw, ctx);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    if (typeof (raw as { shell?: unknown }).shell === 'string') {
      const parsed = shellObject.safeParse(raw);
      return parsed.success ? fromShellObject(parsed.data, ctx) : forward(parsed.error, ctx);
    }
    const parsed = argvObject.safeParse(raw);
    return parsed.success ? fromArgvObject(parsed.data, ctx) : forward(parsed.error, ctx);
  }
  ctx.addIssue({ code: 'custom', message: 'a hook is a command string, { "argv": [...] } or { "shell": "script" }' });
  return z.NEVER;
});

const hookList = z.array(hookSchema);

const sectionShape: Record<string, z.ZodOptional<typeof hookList>> = Object.fromEntries(
  HOOK_POINTS.flatMap((info) => [
    [info.point, hookList.optional()],
    [info.orchestratorName, hookList.optional()],
  ]),
);

/**
 * The `hooks` config section: each lifecycle point (orc name, or orchestrator's *Processes key as an alias) maps
 * to a list of hooks, validated and tokenized at load time; absent points run no hooks.
 */
export const hooksSchema = z
  .strictObject(sectionShape)
  .transform((section, ctx): HooksConfig => {
    const out = {} as Record<HookPoint, readonly HookSpec[]>;
    for (const info of HOOK_POINTS) {
      const own = section[info.point];
      const alias = section[info.orchestratorName];
      if (own !== undefined && alias !== undefined) {
        ctx.addIssue({ code: 'custom', message: `give either ${info.point} or ${info.orchestratorName}, not both`, path: [info.orchestratorName] });
      }
      out[info.point] = own ?? alias ?? [];
    }
    return out;
  })
  .prefault({});
