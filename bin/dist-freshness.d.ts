/** The source trees that `npm run build` compiles into dist/, relative to the package root. */
export declare const SOURCE_DIRS: readonly string[];
/** Where the build records the sources it compiled, relative to the package root. */
export declare const STAMP_FILE: string;
/** The newest modification time (ms) over every file of the source trees and how many there are. */
export declare function sourceState(root: string): { newestMtimeMs: number; files: number };
/** True when dist/ was built from the sources as they are now. */
export declare function distIsFresh(root: string): boolean;
