// A Vite plugin for the embed: the stylesheets it carries as template literals (`export const
// TILE_CSS = `…`;`, written readably with comments) are minified at build time, since every byte of
// the bundle's first file is paid on every merchant page. Comments go, whitespace collapses; `${…}`
// interpolations are kept. The CSS in these literals uses no descendant combinator before a
// pseudo-class (`a :hover`), the one place where removing a space around `:` would change meaning.
const LITERAL = /(export const [A-Z_]+_CSS = `)([^`]*)(`)/g;

export function minifyCss(css) {
  return (
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/ !important/g, '!important')
      // `#ffffff` → `#fff`, `0.15` → `.15`: same values, fewer bytes.
      .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
      .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
      .trim()
  );
}

export function minifyCssLiterals() {
  return {
    name: 'resolve-embed:minify-css-literals',
    transform(code, id) {
      if (!/src\/embed\/(styles\.ts|overlay\.tsx)$/.test(id)) return null;
      return { code: code.replace(LITERAL, (_, open, css, close) => open + minifyCss(css) + close), map: null };
    },
  };
}
