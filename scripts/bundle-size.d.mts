export declare const BUDGET_GZIP_BYTES: number;
export declare const AIM_GZIP_BYTES: number;
export declare function bundleSizes(path?: string): { raw: number; gzip: number; brotli: number };
export declare const APP_BUDGET_GZIP_BYTES: number;
export declare function appSizes(dir?: string, language?: string): { files: string[]; raw: number; gzip: number; brotli: number };
export declare const PORTAL_BUDGET_GZIP_BYTES: number;
export declare function portalSizes(dir?: string, language?: string): { files: string[]; raw: number; gzip: number; brotli: number };
