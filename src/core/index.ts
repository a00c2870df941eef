export * from './languages.js';
export * from './locale-resolution.js';
export * from './allow-list.js';
export * from './shop-slug.js';
export * from './urls.js';
export * from './color.js';
export * from './embed-config.js';
export * from './api-error.js';
