import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
const file = process.argv[2];
const code = readFileSync(file, 'utf8');
const map = new SourceMapConsumer(JSON.parse(readFileSync(file + '.map', 'utf8')));
const lines = code.split('\n');
const parts = {};
let last = null, lastLine = 1, lastCol = 0;
const group = (s) => { if (!s) return '?'; const m = s.match(/node_modules\/((@[^/]+\/)?[^/]+)/); if (m) return m[1]; const n = s.match(/src\/(\w+)(\/ui)?/); return n ? n[0] : s; };
map.eachMapping((m) => {
  if (last !== null) {
    const seg = m.generatedLine === lastLine ? lines[lastLine - 1].slice(lastCol, m.generatedColumn) : lines[lastLine - 1].slice(lastCol);
    (parts[group(last)] ??= []).push(seg);
  }
  last = m.source; lastLine = m.generatedLine; lastCol = m.generatedColumn;
});
console.log('total gzip', gzipSync(code, { level: 9 }).length);
Object.entries(parts).map(([k, v]) => [k, v.join('').length, gzipSync(v.join(''), { level: 9 }).length]).sort((a, b) => b[2] - a[2]).forEach((r) => console.log(r.join('\t')));
