export declare const BUDGET_GZIP_BYTES: number;
export declare const AIM_GZIP_BYTES: number;
export declare function bundleSizes(path?: string): { raw: number; gzip: number; brotli: number };
