// The baseline process for the whole-process comparison in bench/bench.mjs:
// read one nginx config and parse it with the `nginx-conf` npm package, nothing else.
//
//   node bench/nginx-conf-parse.mjs <file>
//
// Exit 0 with a one-line JSON summary when nginx-conf reports no error, 1 when it reports one,
// 2 on bad usage or when it throws.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { NginxParser } = require('nginx-conf');

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/nginx-conf-parse.mjs <nginx.conf>');
  process.exit(2);
}

const text = readFileSync(file, 'utf8');
let error = null;
let tree = null;
try {
  // NginxParser#parse is synchronous: the callback runs before parse() returns.
  new NginxParser().parse(text, (err, result) => {
    error = err;
    tree = result;
  });
} catch (e) {
  console.error(`nginx-conf threw: ${e instanceof Error ? e.message : e}`);
  process.exit(2);
}
if (error) {
  console.error(`${file}:${error.line}: ${error.message}`);
  process.exit(1);
}
console.log(JSON.stringify({ file, topLevel: tree?.children?.length ?? 0 }));
