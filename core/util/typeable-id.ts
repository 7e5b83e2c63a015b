import { customAlphabet } from 'nanoid';

/**
 * A new id operators type and agents take as an argument: 12 letters and digits (a plain nanoid may start with "-",
 * which a command line reads as an option, or "_").
 */
export const newTypeableId = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 12);
