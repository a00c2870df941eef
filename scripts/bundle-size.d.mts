interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}
export declare const LAZY_FILE: string;
export declare const BUDGET_GZIP_BYTES: number;
export declare const LAZY_BUDGET_GZIP_BYTES: number;
export declare const ESM_BUDGETS_GZIP_BYTES: { embed: number; client: number };
export declare const APP_BUDGET_GZIP_BYTES: number;
export declare function bundleSizes(path?: string): Sizes;
export declare function embedSizes(dir?: string): { first: Sizes; lazy: Sizes | undefined };
export declare function esmSizes(
  entry: string,
  dir?: string,
): Promise<{ static: Sizes; largestLazy: (Sizes & { file: string }) | undefined }>;
export declare function appSizes(dir?: string, language?: string): { files: string[] } & Sizes;
export declare const PORTAL_BUDGET_GZIP_BYTES: number;
export declare function portalSizes(dir?: string, language?: string): { files: string[] } & Sizes;
