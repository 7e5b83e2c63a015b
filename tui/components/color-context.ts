import { createContext } from 'react';

/** Whether the dashboard may use colours (false under NO_COLOR: bold and inverse still mark what matters). */
export const ColorContext = createContext(true);
