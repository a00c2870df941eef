// A Vite plugin for the embed's first file: puts V8's explicit compile hint
// (`//# allFunctionsCalledOnLoad`, Chromium 136+) on the file's first line. Nearly every function
// of the first file runs before the tile paints; without the hint V8 compiles each one lazily on
// the main thread at its first call, with it they are compiled with the script, off the main
// thread while it streams in. Other engines read a comment. Added after minification (which would
// drop it); the source map gets the extra line.
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

export function compileHint() {
  return {
    name: 'resolve-embed:compile-hint',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk' && item.isEntry) item.code = `${COMPILE_HINT}\n${item.code}`;
        if (item.type === 'asset' && item.fileName.endsWith('.js.map')) {
          const map = JSON.parse(String(item.source));
          map.mappings = `;${map.mappings}`;
          item.source = JSON.stringify(map);
        }
      }
    },
  };
}
