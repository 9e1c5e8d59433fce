/** The text loaders, in the order detection tries them. */
import type { FormatLoader } from '../types.js';

export const loaders: FormatLoader[] = [];
