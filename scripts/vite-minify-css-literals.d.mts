import type { Plugin } from 'vite';
export declare function minifyCss(css: string): string;
export declare function minifyCssLiterals(): Plugin;
