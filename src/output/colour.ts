/**
 * Whether and how much to colour output. chalk 5 reads FORCE_COLOR but not NO_COLOR (its maintainers declined),
 * so hepctl decides the level itself and builds a chalk instance with it. chalk is loaded only when there is
 * colour to make: piped output and NO_COLOR never pay for it.
 */
import type {ChalkInstance, ColorSupportLevel} from 'chalk'

export interface ColourTarget {
  /** True when the stream is a terminal (`process.stderr.isTTY`). */
  isTTY?: boolean
}

/**
 * The colour level for a stream: `NO_COLOR` (any non-empty value) turns colour off and wins; `FORCE_COLOR`
 * forces it on (`0`/`false` off, `1`-`3` that level, empty or other values level 1); otherwise colour only on
 * a TTY whose `TERM` is not `dumb`.
 */
export function colourLevel(env: NodeJS.ProcessEnv, target: ColourTarget): ColorSupportLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0
  const force = env.FORCE_COLOR
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0
    if (force === '2') return 2
    if (force === '3') return 3
    return 1
  }
  if (!target.isTTY) return 0
  if (env.TERM === 'dumb') return 0
  return 1
}

/** Styles that leave text as it is, shaped like chalk (any chain of styles, called like chalk). */
export const PLAIN: ChalkInstance = new Proxy(((...text: unknown[]) => text.join(' ')) as unknown as ChalkInstance, {
  // Not a promise: `then` must be absent, or awaiting PLAIN would never settle.
  get: (_target, property) => (property === 'then' ? undefined : property === 'level' ? 0 : PLAIN),
})

/** chalk with the given level; PLAIN for level 0, without loading chalk. */
export async function loadColours(level: ColorSupportLevel): Promise<ChalkInstance> {
  if (level === 0) return PLAIN
  const {Chalk} = await import('chalk')
  return new Chalk({level})
}

/** chalk for a stream, following NO_COLOR, FORCE_COLOR and TTY detection. */
export function coloursFor(target: ColourTarget, env: NodeJS.ProcessEnv = process.env): Promise<ChalkInstance> {
  return loadColours(colourLevel(env, target))
}
