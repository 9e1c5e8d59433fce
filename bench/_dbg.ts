import { writeFileSync } from 'node:fs';
import { shapes, mutate } from '../test/load/binary/shapes.js';
import { load } from '../src/load/index.js';
const s = shapes().find((x) => x.name === 'parquet')!;
let b = mutate(s.bytes, { kind: 'flip', at: 513, bit: 4 });
b = mutate(b, { kind: 'insert', at: 1057, byte: 208 });
writeFileSync('/tmp/case1367.parquet', b);
process.on('exit', (c) => console.log('exit', c));
const t = setInterval(() => console.log('tick'), 1000);
try { const rs = await load('/tmp/case1367.parquet', { format: 'parquet' }); console.log('ok', rs.numPoints); } catch (e) { console.log('err', (e as Error).message); }
clearInterval(t);
